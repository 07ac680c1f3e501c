/**
 * The Jest environment of the mutation run (`jest.mutation.config.js`): Node's, plus the bail
 * StrykerJS asks of a test runner. Once a test in a file fails, the mutant is killed; the file's
 * remaining tests and describe blocks (their `beforeAll` containers included) are skipped.
 *
 * Why: Jest cannot bail inside a file when run programmatically, so a mutant that makes requests
 * hang ran every covering test to its 1.5 s budget, 5-20 s a mutant in `salesforce/transport.ts` and
 * `shared/budget.ts`. It bails only while the covering-files runner says so (`STRYKER_BAIL=1`,
 * set around a mutant run unless Stryker runs with `--disableBail`); the dry run, which measures
 * each test's coverage, runs everything.
 */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

/** Skips what is left of a file once one of its tests has failed; `seen` is the file's state. */
function bailOnFirstFailure(seen, event) {
  if (event.name === 'test_done' && event.test.errors.length > 0) seen.failed = true;
  if (!seen.failed) return;
  if (event.name === 'test_start') event.test.mode = 'skip';
  if (event.name === 'run_describe_start' && event.describeBlock.parent) event.describeBlock.mode = 'skip';
}

class BailEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.seen = { failed: false };
  }

  async handleTestEvent(event, state) {
    await super.handleTestEvent?.(event, state);
    if (process.env.STRYKER_BAIL === '1') bailOnFirstFailure(this.seen, event);
  }
}

module.exports = BailEnvironment;
module.exports.bailOnFirstFailure = bailOnFirstFailure;
