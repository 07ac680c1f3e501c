/**
 * `npm run bench -- --load`: find-last-agent under Connect's default quotas (`--connect-quotas
 * real`), offered 1, 2, 5, 10, 20 and 50 calls/s for 10 s each (Poisson arrivals, seeded) by a pool
 * of handler processes (Lambda containers: one call at a time each, scale-out on demand), with
 * presence on and off. Prints the share of answers that lost the agent's status.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildLambdas } from '../build';
import { REAL_CONNECT_QUOTAS } from '../sandbox/connect/quotas';
import { LambdaContainer } from '../sandbox/presence/lambda-container';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { SAMPLE_CALLERS } from '../sandbox/sample-data';
import { contactEvent } from '../sandbox/contact-event';

const POOL = 6;
const MAX_POOL = 24;
const GAP_MS = 3_000;
const SEED = 20261201;
/** Returning callers whose agent needs a status, and a few without a recent call. */
const MIX = SAMPLE_CALLERS.filter((c) => c.outcome !== 'AGENT_NOT_MAPPED').map((c) => c.number);

interface Answer {
  outcome: string;
  ms: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? (s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number)
    : NaN;
};
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

/** Containers on demand, one call at a time each, most recently used first. */
class Pool {
  private readonly idle: LambdaContainer[] = [];
  private readonly waiting: (() => void)[] = [];
  public readonly all: LambdaContainer[] = [];

  public constructor(
    private readonly make: () => LambdaContainer,
    private readonly event: (n: string) => unknown,
  ) {}

  public async prewarm(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const c = this.make();
      this.all.push(c);
      for (const caller of new Set(MIX)) await c.invoke(this.event(caller));
      this.idle.push(c);
    }
  }

  public async call(number: string): Promise<Answer> {
    let c = this.idle.pop();
    if (!c && this.all.length < MAX_POOL) {
      c = this.make();
      this.all.push(c);
    }
    while (!c) {
      await new Promise<void>((r) => this.waiting.push(r));
      c = this.idle.pop();
    }
    const t0 = performance.now();
    try {
      const res = await c.invoke<{ lookupOutcome?: string }>(this.event(number), 30_000);
      return { outcome: res?.lookupOutcome ?? 'NO_ANSWER', ms: performance.now() - t0 };
    } catch {
      return { outcome: 'HANDLER_ERROR', ms: performance.now() - t0 };
    } finally {
      this.idle.push(c);
      this.waiting.shift()?.();
    }
  }

  public close(): void {
    for (const c of this.all) c.close();
  }
}

interface Level {
  presence: boolean;
  offeredPerSecond: number;
  calls: number;
  statusUnknownPct: number;
  timedOut: number;
  getCurrentUserDataPerCall: number;
  throttledPerCall: number;
  p50Ms: number;
  p99Ms: number;
  containers: number;
}

async function runMode(
  sandbox: Sandbox,
  bundle: string,
  presence: boolean,
  rates: number[],
  seconds: number,
): Promise<Level[]> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...sandbox.env,
    POWERTOOLS_LOG_LEVEL: 'WARN',
  };
  if (!presence) delete env.PRESENCE_TABLE;
  const pool = new Pool(
    () => new LambdaContainer(bundle, env),
    (n) => contactEvent(n, { instanceArn: sandbox.instanceArn, contactId: 'load' }),
  );
  const levels: Level[] = [];
  try {
    // Pre-warmed without the quota, as containers of a running service are.
    sandbox.connect.setFaults({ quotas: undefined });
    await pool.prewarm(POOL);
    sandbox.connect.setFaults({ quotas: { ...REAL_CONNECT_QUOTAS } });
    await new Promise((r) => setTimeout(r, GAP_MS));
    for (const rate of rates) {
      sandbox.clearJournals();
      const rnd = mulberry32(SEED + rate);
      const arrivals: { t: number; number: string }[] = [];
      for (let t = 0; ;) {
        t += (-Math.log(1 - rnd()) / rate) * 1000;
        if (t >= seconds * 1000) break;
        arrivals.push({ t, number: MIX[Math.floor(rnd() * MIX.length)] as string });
      }
      const t0 = performance.now();
      const pending: Promise<Answer>[] = [];
      for (const a of arrivals) {
        const wait = t0 + a.t - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(pool.call(a.number));
      }
      const answers = await Promise.all(pending);
      const ops = sandbox.connect.journal;
      const gcud = ops.filter((e) => e.operation === 'GetCurrentUserData');
      levels.push({
        presence,
        offeredPerSecond: rate,
        calls: answers.length,
        statusUnknownPct: round(
          (100 * answers.filter((a) => a.outcome === 'AGENT_STATUS_UNKNOWN').length) /
            Math.max(1, answers.length),
        ),
        timedOut: answers.filter((a) => a.outcome === 'LOOKUP_TIMED_OUT').length,
        getCurrentUserDataPerCall: round(gcud.length / Math.max(1, answers.length), 2),
        throttledPerCall: round(ops.filter((e) => e.status === 429).length / Math.max(1, answers.length), 2),
        p50Ms: round(
          pct(
            answers.map((a) => a.ms),
            50,
          ),
        ),
        p99Ms: round(
          pct(
            answers.map((a) => a.ms),
            99,
          ),
        ),
        containers: pool.all.length,
      });
      await new Promise((r) => setTimeout(r, GAP_MS)); // the token buckets refill
    }
  } finally {
    pool.close();
  }
  return levels;
}

export async function runLoad({ json }: { json: boolean }): Promise<void> {
  const { values } = parseArgs({
    options: {
      rates: { type: 'string', default: '1,2,5,10,20,50' },
      seconds: { type: 'string', default: '10' },
    },
    strict: false,
  });
  const rates = String(values.rates)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const seconds = Number(values.seconds);
  const limitMs = 60_000 + 2 * rates.length * (seconds * 1000 + GAP_MS + 15_000);
  const limit = setTimeout(() => {
    console.error(`load run exceeded ${Math.round(limitMs / 1000)} s; aborting`);
    process.exit(1);
  }, limitMs);
  const [built] = await buildLambdas(['find-last-agent', 'agent-events']);
  const bundle = path.resolve(__dirname, '../..', built?.file ?? '');
  const sandbox = await startSandbox({ orgFaults: { latencyMs: 40 }, connectFaults: { latencyMs: 15 } });
  try {
    const levels = [
      ...(await runMode(sandbox, bundle, true, rates, seconds)),
      ...(await runMode(sandbox, bundle, false, rates, seconds)),
    ];
    console.log(
      `find-last-agent under Connect's default quotas (GetCurrentUserData, SearchUsers, ListQueues 2/s burst 5); ${seconds} s per rate, Poisson arrivals; 40 ms Salesforce, 15 ms Connect`,
    );
    const head = [
      'presence',
      'calls/s',
      'calls',
      'status lost',
      'timed out',
      'GCUD/call',
      '429/call',
      'p50 ms',
      'p99 ms',
      'containers',
    ];
    const rows = levels.map((l) =>
      [
        l.presence ? 'on' : 'off',
        l.offeredPerSecond,
        l.calls,
        `${l.statusUnknownPct}%`,
        l.timedOut,
        l.getCurrentUserDataPerCall,
        l.throttledPerCall,
        l.p50Ms,
        l.p99Ms,
        l.containers,
      ].map(String),
    );
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    console.log(head.map((h, i) => h.padStart(widths[i] as number)).join('  '));
    for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i] as number)).join('  '));
    if (json) console.log(JSON.stringify({ levels }));
  } finally {
    clearTimeout(limit);
    await sandbox.close();
  }
}
