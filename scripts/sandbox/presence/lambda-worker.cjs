// One Lambda container for the sandbox's event-source poller: a Node process that requires a
// bundled handler and invokes it for each batch the parent sends over IPC.
//   node lambda-worker.cjs dist/lambdas/agent-events/index.js
'use strict';
const path = require('node:path');

const handler = require(path.resolve(process.argv[2])).handler;
const TIMEOUT_MS = Number(process.env.SANDBOX_LAMBDA_TIMEOUT_MS || 60000);

process.on('message', async (msg) => {
  const deadline = Date.now() + TIMEOUT_MS;
  const context = {
    functionName: path.basename(path.dirname(process.argv[2])),
    awsRequestId: String(msg.id),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: false,
  };
  try {
    const result = await handler(msg.event, context);
    process.send({ id: msg.id, result });
  } catch (e) {
    process.send({ id: msg.id, error: String((e && e.stack) || e).slice(0, 500) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
