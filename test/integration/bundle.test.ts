/**
 * The artefact that is deployed: `npm run build`'s bundle, loaded by plain Node in its own process
 * as Lambda loads it, answers every sample caller as the README's table says. (Jest's module
 * sandbox cannot run the bundle itself: the SDK's dynamic `import("node:http")` needs real Node.)
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_WORKER, benchWorkerArgs } from '../../scripts/bench/worker-args';
import { buildLambdas } from '../../scripts/build';
import { startSandbox, type Sandbox } from '../../scripts/sandbox/sandbox';
import { SAMPLE_CALLERS, sampleAgent } from '../../scripts/sandbox/sample-data';

interface Reply {
  ok?: boolean;
  ready?: boolean;
  error?: string;
  outcome?: string;
  agent?: string;
  initMs?: number;
}

describe('bundled find-last-agent', () => {
  let sandbox: Sandbox;
  let worker: ChildProcess;
  let bundleBytes = 0;
  const replies: Reply[] = [];
  const waiters: ((r: Reply) => void)[] = [];
  const next = (): Promise<Reply> =>
    replies.length > 0 ? Promise.resolve(replies.shift() as Reply) : new Promise((r) => waiters.push(r));
  const ask = async (msg: Record<string, unknown>): Promise<Reply> => {
    worker.send(msg);
    return next();
  };

  beforeAll(async () => {
    const [built] = await buildLambdas(['find-last-agent']);
    bundleBytes = built?.bytes ?? 0;
    sandbox = await startSandbox();
    worker = fork(BENCH_WORKER, benchWorkerArgs(built?.file ?? '', sandbox.instanceArn), {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, ...sandbox.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    worker.on('message', (m: Reply) => {
      const w = waiters.shift();
      if (w) w(m);
      else replies.push(m);
    });
    await next();
  }, 30_000);

  afterAll(async () => {
    worker.kill();
    await sandbox.close();
  });

  it('is one CommonJS file that loads and exports handler', async () => {
    // Act
    const loaded = await ask({ cmd: 'load' });

    // Assess
    expect(loaded).toMatchObject({ ok: true });
    expect(loaded.initMs).toBeGreaterThan(0);
    expect(bundleBytes).toBeGreaterThan(100_000);
    // jsforce's unused CSV/XML/multipart modules and Connect's unused schemas are left out (about
    // 1.4 MB with the former, 0.9 MB with the latter)
    expect(bundleBytes).toBeLessThan(800_000);
  });

  it.each(
    SAMPLE_CALLERS.map((c) => [c.number, c.outcome, c.agent ? sampleAgent(c.agent).firstName : ''] as const),
  )('%s → %s %s', async (number, outcome, agent) => {
    // Act
    const r = await ask({ cmd: 'invoke', number });

    // Assess
    expect(r).toMatchObject({ ok: true, outcome });
    if (agent) expect(r.agent).toBe(agent);
  });
});
