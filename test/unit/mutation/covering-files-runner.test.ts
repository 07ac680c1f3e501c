import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The Stryker plugin is plain CommonJS: Stryker imports it from the sandbox without a TypeScript loader.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../../mutation/covering-files-runner.cjs') as {
  CoveringFilesRunner: new (
    createInner: () => Promise<FakeJestRunner>,
    recordFile: string,
    now?: () => number,
  ) => Runner;
  coveringFiles: (byId: Record<string, string[]> | undefined, filter?: string[]) => string[] | undefined;
  testFilesOf: (tests: { id: string; fileName?: string }[]) => Record<string, string[]>;
  asPathPattern: (file: string) => string;
  cheapestFirst: (files: string[], ms: Map<string, number>) => string[];
  strykerPlugins: { kind: string; name: string; factory: { inject: string[] } }[];
};

type RunResult = { status: string; nrOfTests?: number; killedBy?: string[] };
interface Runner {
  init(): Promise<void>;
  dryRun(options: object): Promise<{ status: string }>;
  mutantRun(options: { testFilter?: string[]; disableBail?: boolean }): Promise<RunResult>;
}

/** Stands in for Stryker's Jest runner: records what its adapter was asked to run. */
class FakeJestRunner {
  public readonly adapterCalls: { testFiles?: string[] }[] = [];
  /** STRYKER_BAIL as each run saw it (bail-environment.cjs reads it in the same process). */
  public readonly bail: (string | undefined)[] = [];
  public readonly jestTestAdapter = {
    run: async (settings: { testFiles?: string[] }) => {
      this.adapterCalls.push(settings);
      this.bail.push(process.env.STRYKER_BAIL);
      return settings;
    },
  };
  public constructor(
    private readonly dry: { status: string; tests?: { id: string; fileName?: string }[] },
    /** The outcome of a mutant run, given the files the adapter was asked for. */
    private readonly outcome: (testFiles: string[] | undefined) => RunResult,
  ) {}
  public async init(): Promise<void> {}
  public async dryRun(): Promise<object> {
    return this.dry;
  }
  public async mutantRun(): Promise<RunResult> {
    const settings = (await this.jestTestAdapter.run({})) as { testFiles?: string[] };
    return this.outcome(settings.testFiles);
  }
}

const A = '/sandbox/test/unit/a.test.ts';
const B = '/sandbox/test/unit/b.test.ts';
const C = '/sandbox/test/unit/c.test.ts';
const DRY = {
  status: 'complete',
  tests: [
    { id: 'phone reads E.164', fileName: A },
    { id: 'handler answers', fileName: B },
    { id: 'handler answers', fileName: C },
    { id: 'decide prefers', fileName: C },
    { id: 'no file known' },
  ],
};

function recordPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'covering-')), '.stryker-test-files.json');
}

describe('covering-files runner: which files a mutant loads', () => {
  it('maps each test id to every file that holds it, and skips tests without a file', () => {
    // Act
    const byId = plugin.testFilesOf(DRY.tests);

    // Assess
    expect(byId).toEqual({ 'phone reads E.164': [A], 'handler answers': [B, C], 'decide prefers': [C] });
  });

  it('loads the union of the covering tests’ files, and leaves the choice to Jest when a test is unknown', () => {
    // Prepare
    const byId = plugin.testFilesOf(DRY.tests);

    // Act / Assess
    expect(plugin.coveringFiles(byId, ['handler answers', 'decide prefers'])).toEqual([B, C]);
    expect(
      plugin.coveringFiles(byId, ['phone reads E.164', 'a test added after the dry run']),
    ).toBeUndefined();
    expect(plugin.coveringFiles(byId, undefined)).toBeUndefined();
    expect(plugin.coveringFiles(byId, [])).toBeUndefined();
    expect(plugin.coveringFiles(undefined, ['handler answers'])).toBeUndefined();
  });

  it('matches a path as itself, not as a pattern', () => {
    // Prepare
    const pattern = new RegExp(plugin.asPathPattern('/s/test/a+b (1).test.ts'));

    // Assess
    expect(pattern.test('/s/test/a+b (1).test.ts')).toBe(true);
    expect(pattern.test('/s/test/aab (1).test.ts')).toBe(false);
    expect(pattern.test('/s/test/a+b (1).test.ts.bak')).toBe(false);
    expect(pattern.test('/x/s/test/a+b (1).test.ts')).toBe(false);
  });

  it('tries a file it has not timed first, then the fastest', () => {
    // Act
    const order = plugin.cheapestFirst(
      [A, B, C],
      new Map([
        [A, 900],
        [C, 40],
      ]),
    );

    // Assess
    expect(order).toEqual([B, C, A]);
  });

  it('registers one TestRunner plugin that asks Stryker for its injector', () => {
    expect(plugin.strykerPlugins.map((p) => [p.kind, p.name, p.factory.inject])).toEqual([
      ['TestRunner', 'jest-covering-files', ['$injector']],
    ]);
  });
});

describe('covering-files runner: mutant runs', () => {
  const filesOf = (calls: { testFiles?: string[] }[]): (string[] | undefined)[] =>
    calls.map((c) => c.testFiles);
  const only = (file: string): string[] => [plugin.asPathPattern(file)];

  async function runnerAfterDryRun(
    outcome: (files: string[] | undefined) => RunResult,
    record = recordPath(),
  ) {
    const inner = new FakeJestRunner(DRY, outcome);
    const runner = new plugin.CoveringFilesRunner(async () => inner, record);
    await runner.init();
    await runner.dryRun({});
    inner.adapterCalls.length = 0;
    return { runner, inner, record };
  }

  it('stops at the first file that kills the mutant', async () => {
    // Prepare
    const { runner, inner } = await runnerAfterDryRun((files) =>
      files?.[0] === only(B)[0]
        ? { status: 'killed', killedBy: ['handler answers'], nrOfTests: 1 }
        : { status: 'survived', nrOfTests: 1 },
    );

    // Act
    const result = await runner.mutantRun({ testFilter: ['handler answers', 'decide prefers'] });

    // Assess
    expect(result.status).toBe('killed');
    expect(filesOf(inner.adapterCalls)).toEqual([only(B)]);
    expect(inner.bail).toEqual(['1']);
    expect(process.env.STRYKER_BAIL).toBeUndefined();
  });

  it('runs every covering file, one at a time, before calling a mutant survived, and counts all their tests', async () => {
    // Prepare
    const { runner, inner } = await runnerAfterDryRun(() => ({ status: 'survived', nrOfTests: 2 }));

    // Act
    const result = await runner.mutantRun({ testFilter: ['handler answers', 'decide prefers'] });

    // Assess
    expect(result).toEqual({ status: 'survived', nrOfTests: 4 });
    expect(filesOf(inner.adapterCalls)).toEqual([only(B), only(C)]);
  });

  it('returns a timeout or error at once, as a kill would', async () => {
    // Prepare
    const { runner, inner } = await runnerAfterDryRun(() => ({ status: 'timeout' }));

    // Act
    const result = await runner.mutantRun({ testFilter: ['handler answers'] });

    // Assess
    expect(result.status).toBe('timeout');
    expect(inner.adapterCalls).toHaveLength(1);
  });

  it('runs all covering files in one Jest run when Stryker asks for every killing test (--disableBail)', async () => {
    // Prepare
    const { runner, inner } = await runnerAfterDryRun(() => ({ status: 'killed', nrOfTests: 3 }));

    // Act
    await runner.mutantRun({ testFilter: ['handler answers', 'phone reads E.164'], disableBail: true });

    // Assess
    expect(filesOf(inner.adapterCalls)).toEqual([[A, B, C].map(plugin.asPathPattern)]);
    expect(inner.bail).toEqual([undefined]);
  });

  it('leaves the files to the Jest runner when a covering test is unknown or the mutant has no test filter', async () => {
    // Prepare
    const { runner, inner } = await runnerAfterDryRun(() => ({ status: 'survived', nrOfTests: 9 }));

    // Act
    await runner.mutantRun({ testFilter: ['no file known'] });
    await runner.mutantRun({});

    // Assess
    expect(filesOf(inner.adapterCalls)).toEqual([undefined, undefined]);
  });

  it('lets a worker that did not run the dry run read the record, and fall back without one', async () => {
    // Prepare
    const { record } = await runnerAfterDryRun(() => ({ status: 'survived', nrOfTests: 1 }));
    const otherInner = new FakeJestRunner(DRY, () => ({ status: 'killed', nrOfTests: 1 }));
    const other = new plugin.CoveringFilesRunner(async () => otherInner, record);
    const noRecordInner = new FakeJestRunner(DRY, () => ({ status: 'killed', nrOfTests: 1 }));
    const noRecord = new plugin.CoveringFilesRunner(async () => noRecordInner, recordPath());

    // Act
    await other.mutantRun({ testFilter: ['phone reads E.164'] });
    await noRecord.mutantRun({ testFilter: ['phone reads E.164'] });

    // Assess
    expect(filesOf(otherInner.adapterCalls)).toEqual([only(A)]);
    expect(filesOf(noRecordInner.adapterCalls)).toEqual([undefined]);
  });

  it('runs the dry run, which measures every test’s coverage, without bail', async () => {
    // Prepare
    const inner = new FakeJestRunner(DRY, () => ({ status: 'killed' }));
    const runner = new plugin.CoveringFilesRunner(async () => inner, recordPath());
    inner.dryRun = async () => {
      await inner.jestTestAdapter.run({});
      return DRY;
    };

    // Act
    await runner.dryRun({});

    // Assess
    expect(inner.bail).toEqual([undefined]);
  });

  it('does not record a dry run that did not complete', async () => {
    // Prepare
    const record = recordPath();
    const runner = new plugin.CoveringFilesRunner(
      async () => new FakeJestRunner({ status: 'error' }, () => ({ status: 'killed' })),
      record,
    );

    // Act
    await runner.dryRun({});

    // Assess
    expect(fs.existsSync(record)).toBe(false);
  });
});
