// The environment is plain CommonJS: Jest loads it by path in the mutation run.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bailOnFirstFailure } = require('../../mutation/bail-environment.cjs') as {
  bailOnFirstFailure: (seen: { failed: boolean }, event: Record<string, unknown>) => void;
};

type Test = { errors: unknown[]; mode?: string };
type Describe = { parent?: Describe; mode?: string };

const testDone = (test: Test) => ({ name: 'test_done', test });
const testStart = (test: Test) => ({ name: 'test_start', test });
const describeStart = (describeBlock: Describe) => ({ name: 'run_describe_start', describeBlock });

describe('bail-environment: a file stops at its first failing test', () => {
  it('runs every test and block while nothing has failed', () => {
    // Prepare
    const seen = { failed: false };
    const passed: Test = { errors: [] };
    const next: Test = { errors: [] };
    const block: Describe = { parent: {} };

    // Act
    bailOnFirstFailure(seen, testDone(passed));
    bailOnFirstFailure(seen, testStart(next));
    bailOnFirstFailure(seen, describeStart(block));

    // Assess
    expect(seen.failed).toBe(false);
    expect(next.mode).toBeUndefined();
    expect(block.mode).toBeUndefined();
  });

  it('skips the tests and nested describe blocks that start after a failure', () => {
    // Prepare
    const seen = { failed: false };
    const next: Test = { errors: [] };
    const block: Describe = { parent: {} };

    // Act
    bailOnFirstFailure(seen, testDone({ errors: [new Error('expected 1, got 2')] }));
    bailOnFirstFailure(seen, testStart(next));
    bailOnFirstFailure(seen, describeStart(block));

    // Assess
    expect(seen.failed).toBe(true);
    expect(next.mode).toBe('skip');
    expect(block.mode).toBe('skip');
  });

  it('never skips the root block, whose hooks and report Jest needs', () => {
    // Prepare
    const seen = { failed: true };
    const root: Describe = {};

    // Act
    bailOnFirstFailure(seen, describeStart(root));

    // Assess
    expect(root.mode).toBeUndefined();
  });
});
