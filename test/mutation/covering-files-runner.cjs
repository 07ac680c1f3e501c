/**
 * StrykerJS test runner `jest-covering-files`: Stryker's Jest runner, told to load only the test
 * files that hold a mutant's covering tests, one file at a time, stopping at the first that kills it.
 *
 * Why: with `coverageAnalysis: perTest` Stryker knows which tests cover each mutant and hands them
 * to the Jest runner as a name filter, but the runner still picks the files with
 * `--findRelatedTests <mutated file>` (every test file that imports the file, even indirectly) and
 * runs them all, because Jest cannot bail when run programmatically. Loading a test file's module
 * graph (AWS SDK, jsforce) is most of a mutant's cost here: a mutant in `shared/phone.ts` loaded
 * nine files and ran 57 tests in five of them, about 3.5 s, when the 0.2 s phone test file kills
 * it. The full run took 40-50 minutes on this 2-core machine. Stryker's maintainers know the gap
 * (stryker-js#4199, #3595); this closes it without forking the runner:
 * - the dry run records which file each test lives in;
 * - a mutant run passes the covering files to the runner's Jest adapter through its `testFiles`
 *   path (the one the dry run itself uses), cheapest file first, and stops at the first file that
 *   kills the mutant: the bail Stryker asks of every runner, at file granularity.
 * - inside a file, `bail-environment.cjs` skips what is left after the first failing test
 *   (`STRYKER_BAIL=1` while a mutant runs).
 * The tests that can kill a mutant are the same: Jest's name filter still applies inside each file,
 * and a test outside these files does not cover the mutant. With `--disableBail` every covering
 * file and test runs, in one Jest run. `MUTATION_TIMINGS=<file>` logs each mutant's time and files.
 *
 * Anything unusual (no filter: the mutant is covered by all tests; a test id the dry run did not
 * record; no record at all) falls back to the runner's own behaviour.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** Written by the dry run in the Stryker sandbox (the workers' cwd), read by every worker. */
const TEST_FILES_RECORD = '.stryker-test-files.json';

/** Test id -> the files that hold a test of that id (ids are Jest full names; two files may share one). */
function testFilesOf(tests) {
  const byId = {};
  for (const test of tests) {
    if (!test.fileName) continue;
    const files = (byId[test.id] ??= []);
    if (!files.includes(test.fileName)) files.push(test.fileName);
  }
  return byId;
}

/** The files to load for a mutant, or undefined when the runner should pick them itself. */
function coveringFiles(byId, testFilter) {
  if (!byId || !testFilter || testFilter.length === 0) return undefined;
  const files = new Set();
  for (const id of testFilter) {
    const holders = byId[id];
    if (!holders) return undefined;
    for (const file of holders) files.add(file);
  }
  return [...files].sort();
}

/** Jest reads positional test paths as patterns; a path is matched as itself. */
function asPathPattern(file) {
  return `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** Files in the order to try them: a file not timed yet first (it gets timed), then the fastest. */
function cheapestFirst(files, msByFile) {
  return [...files].sort((a, b) => (msByFile.get(a) ?? 0) - (msByFile.get(b) ?? 0) || a.localeCompare(b));
}

class CoveringFilesRunner {
  /**
   * @param {() => Promise<object>} createInner resolves Stryker's Jest runner (an ES module, so
   *   it is imported on first use)
   * @param {string} recordFile where the dry run writes the test -> file record
   * @param {() => number} now a clock for ordering files by cost (never for a result)
   */
  constructor(createInner, recordFile, now = () => performance.now()) {
    this.createInner = createInner;
    this.recordFile = recordFile;
    this.now = now;
    this.inner = undefined;
    this.byId = undefined;
    this.files = undefined;
    this.msByFile = new Map();
  }

  async innerRunner() {
    if (!this.inner) {
      this.inner = await this.createInner();
      const adapter = this.inner.jestTestAdapter;
      const run = adapter.run.bind(adapter);
      adapter.run = (settings) =>
        run(this.files ? { ...settings, testFiles: this.files.map(asPathPattern) } : settings);
    }
    return this.inner;
  }

  capabilities() {
    return { reloadEnvironment: true };
  }

  async init() {
    const inner = await this.innerRunner();
    await inner.init?.();
  }

  async dispose() {
    await this.inner?.dispose?.();
  }

  async dryRun(options) {
    const inner = await this.innerRunner();
    const result = await inner.dryRun(options);
    if (result.status === 'complete') {
      this.byId = testFilesOf(result.tests);
      fs.writeFileSync(this.recordFile, JSON.stringify(this.byId));
    }
    return result;
  }

  async mutantRun(options) {
    const inner = await this.innerRunner();
    const started = Date.now();
    // Read by bail-environment.cjs, in this process (Stryker runs Jest in band).
    if (!options.disableBail) process.env.STRYKER_BAIL = '1';
    try {
      const result = await this.runCovering(inner, options);
      if (process.env.MUTATION_TIMINGS) this.logTiming(options, result, Date.now() - started);
      return result;
    } finally {
      delete process.env.STRYKER_BAIL;
    }
  }

  /** One JSON line per mutant when MUTATION_TIMINGS names a file: where a slow run spends its time. */
  logTiming(options, result, ms) {
    const files = coveringFiles(this.recorded(), options.testFilter)?.map((f) => path.basename(f));
    const line = {
      id: options.activeMutant.id,
      file: options.activeMutant.fileName,
      ms,
      status: result.status,
      files,
    };
    fs.appendFileSync(process.env.MUTATION_TIMINGS, `${JSON.stringify(line)}\n`);
  }

  async runCovering(inner, options) {
    const files = coveringFiles(this.recorded(), options.testFilter);
    if (!files) return inner.mutantRun(options);
    if (options.disableBail || files.length === 1) return this.runFiles(inner, options, files);
    let tests = 0;
    let result;
    for (const file of cheapestFirst(files, this.msByFile)) {
      result = await this.runFiles(inner, options, [file]);
      if (result.status !== 'survived') return result;
      tests += result.nrOfTests;
    }
    return { ...result, nrOfTests: tests };
  }

  async runFiles(inner, options, files) {
    this.files = files;
    const started = this.now();
    try {
      return await inner.mutantRun(options);
    } finally {
      if (files.length === 1) this.msByFile.set(files[0], this.now() - started);
      this.files = undefined;
    }
  }

  recorded() {
    if (this.byId === undefined) {
      try {
        this.byId = JSON.parse(fs.readFileSync(this.recordFile, 'utf8'));
      } catch {
        this.byId = null;
      }
    }
    return this.byId ?? undefined;
  }
}

function coveringFilesRunnerFactory(injector) {
  return new CoveringFilesRunner(async () => {
    const { strykerPlugins } = await import('@stryker-mutator/jest-runner');
    return strykerPlugins[0].factory(injector);
  }, path.resolve(TEST_FILES_RECORD));
}
coveringFilesRunnerFactory.inject = ['$injector'];

exports.strykerPlugins = [
  { kind: 'TestRunner', name: 'jest-covering-files', factory: coveringFilesRunnerFactory },
];
exports.CoveringFilesRunner = CoveringFilesRunner;
exports.coveringFiles = coveringFiles;
exports.testFilesOf = testFilesOf;
exports.asPathPattern = asPathPattern;
exports.cheapestFirst = cheapestFirst;
