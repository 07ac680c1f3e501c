// Benchmark worker: loads the bundled handler in a fresh Node process (a Lambda container) and
// runs what the parent asks over IPC. Its stdout is discarded by the parent, so the handler's
// JSON logs cost what they cost in Lambda without cluttering the report.
'use strict';
const path = require('node:path');

const bundle = path.resolve(process.argv[2]);
// The contact event from the parent (scripts/bench/worker-args.ts); each call gets its own caller.
const template = JSON.parse(process.argv[3]);
const ctx = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 8000 };
let handler;

function event(number) {
  const e = structuredClone(template);
  e.Details.ContactData.CustomerEndpoint = { Address: number, Type: 'TELEPHONE_NUMBER' };
  return e;
}

async function invoke(number) {
  const e = event(number);
  const t0 = process.hrtime.bigint();
  const res = await handler(e, ctx);
  return {
    ms: Number(process.hrtime.bigint() - t0) / 1e6,
    outcome: res.lookupOutcome,
    agent: res.lastAgentFirstName,
  };
}

process.on('message', async (msg) => {
  try {
    if (msg.cmd === 'load') {
      const t0 = process.hrtime.bigint();
      handler = require(bundle).handler;
      process.send({ ok: true, initMs: Number(process.hrtime.bigint() - t0) / 1e6 });
    } else if (msg.cmd === 'load-prewarmed') {
      // As the deployed entry point (init.mjs) does: the init phase awaits the bundle's pre-warm,
      // in a container Lambda started for provisioned concurrency (which rehearses a lookup).
      process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
      const t0 = process.hrtime.bigint();
      const bundleExports = require(bundle);
      handler = bundleExports.handler;
      const prewarmed = typeof bundleExports.prewarm === 'function';
      if (prewarmed) await bundleExports.prewarm();
      process.send({ ok: true, prewarmed, initMs: Number(process.hrtime.bigint() - t0) / 1e6 });
    } else if (msg.cmd === 'invoke') {
      process.send({ ok: true, ...(await invoke(msg.number)) });
    } else if (msg.cmd === 'serve') {
      // A stretch of ordinary traffic: mostly callers with no recent call, some returning ones.
      for (let i = 0; i < msg.calls; i++)
        await invoke(
          i % 5 === 0 ? `+1212${String(3000000 + i).padStart(7, '0')}` : msg.known[i % msg.known.length],
        );
      process.send({ ok: true });
    } else if (msg.cmd === 'heap') {
      // Distinct callers, one after another, as a long-lived container would see them.
      global.gc();
      const before = process.memoryUsage().heapUsed;
      const outcomes = {};
      for (let i = 0; i < msg.calls; i++) {
        const number =
          i % 10 === 0 ? msg.known[i % msg.known.length] : `+1212${String(2000000 + i).padStart(7, '0')}`;
        const { outcome } = await invoke(number);
        outcomes[outcome] = (outcomes[outcome] || 0) + 1;
      }
      global.gc();
      const after = process.memoryUsage().heapUsed;
      process.send({ ok: true, heapGrowthMb: (after - before) / 1048576, outcomes });
    }
  } catch (e) {
    process.send({ ok: false, error: String((e && e.stack) || e) });
  }
});
process.send({ ready: true });
