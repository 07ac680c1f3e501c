/**
 * The agent-events handler with aws-sdk-client-mock (the dynalite round trip is in
 * test/integration/agent-events.test.ts): partial batch responses, the invocation budget taken
 * from Lambda's remaining time, the metrics flushed per batch, and a misconfigured deployment.
 */
import { ConnectClient, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamEvent, KinesisStreamBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { logger } from '../../../lambdas/src/shared/logger';

type Handler = (event: KinesisStreamEvent, ctx?: unknown) => Promise<KinesisStreamBatchResponse>;
type Rec = KinesisStreamEvent['Records'][number];

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/i-1';
const ENV = {
  PRESENCE_TABLE: 'presence',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_METRICS_NAMESPACE: 'HandlerTest',
};
const ddb = mockClient(DynamoDBDocumentClient);
const connect = mockClient(ConnectClient);

/** A cold start with `env`, in a module registry of its own (for the misconfigured deployment). */
function loadIsolated(env: Record<string, string | undefined>): Handler {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  let loaded: Handler | undefined;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = (require('../../../lambdas/src/handlers/agent-events') as { handler: Handler }).handler;
    });
  } finally {
    process.env = saved;
  }
  return loaded as Handler;
}

// The handler under the mocks: loaded in this file's registry, so mockClient reaches its clients.
const savedEnv = { ...process.env };
Object.assign(process.env, ENV);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require('../../../lambdas/src/handlers/agent-events') as { handler: Handler };
afterAll(() => {
  process.env = savedEnv;
});
// Loaded here too, not inside a test: module-level code then counts as run at load for Stryker
// (static), instead of as covered by this one test.
const misconfigured = loadIsolated({ ...ENV, PRESENCE_TABLE: undefined });

let seq = 0;
function rec(agent: string, at: number, next?: string): Rec {
  seq += 1;
  const data = JSON.stringify({
    AgentARN: `${INSTANCE}/agent/${agent}`,
    EventId: `${agent}-${at}`,
    EventTimestamp: new Date(at).toISOString(),
    EventType: 'STATE_CHANGE',
    CurrentAgentSnapshot: {
      AgentStatus: { Name: 'Available' },
      NextAgentStatus: next ? { Name: next } : null,
      Contacts: [{ ContactId: `chat-${agent}`, Channel: 'CHAT', State: 'CONNECTED' }],
    },
  });
  return {
    kinesis: { data: Buffer.from(data).toString('base64'), sequenceNumber: String(seq), partitionKey: agent },
  } as Rec;
}

/** The lines Powertools wrote to stdout (metrics are Embedded Metric Format lines). */
function captureStdout(): { lines: () => string[]; restore: () => void } {
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return { lines: () => written.join('').split('\n').filter(Boolean), restore: () => spy.mockRestore() };
}

beforeEach(() => {
  ddb.reset();
  connect.reset();
});

describe('agent-events handler (mocked SDK)', () => {
  it('writes each record to the configured table, hands the chat over, and fails none', async () => {
    // Prepare
    ddb.resolves({});
    connect.on(UpdateContactAttributesCommand).resolves({});
    const out = captureStdout();

    // Act
    const res = await handler({ Records: [rec('a', 1_000, 'Offline')] }).finally(out.restore);

    // Assess
    expect(res).toEqual({ batchItemFailures: [] });
    expect(ddb).toReceiveCommandWith(PutCommand, { TableName: 'presence' });
    expect(connect).toReceiveCommandWith(UpdateContactAttributesCommand, {
      InstanceId: 'i-1',
      InitialContactId: 'chat-a',
    });
    const emf = out.lines().filter((l) => l.includes('"_aws"'));
    expect(emf).toHaveLength(1);
    expect(emf[0]).toContain('"RecordsProcessed"');
    expect(emf[0]).toContain('HandlerTest');
  });

  it('answers an event without records with no failures, and sees no record in it', async () => {
    // Prepare
    const warn = jest.spyOn(logger, 'warn');

    // Act / Assess
    expect(await handler(undefined as unknown as KinesisStreamEvent, {})).toEqual({ batchItemFailures: [] });
    expect(await handler({} as KinesisStreamEvent)).toEqual({ batchItemFailures: [] });
    expect(ddb.calls()).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it("keeps a margin of Lambda's remaining time: an agent's later record is failed unattempted", async () => {
    // Prepare: the first write outlasts the budget (1000 ms remaining minus the 1000 ms margin)
    ddb.on(PutCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 50)));
    const first = rec('a', 1_000);
    const second = rec('a', 2_000);

    // Act
    const res = await handler({ Records: [first, second] }, { getRemainingTimeInMillis: () => 1_000 });

    // Assess
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: second.kinesis.sequenceNumber }]);
    expect(ddb).toReceiveCommandTimes(PutCommand, 1);
  });

  it.each([
    ['plenty of remaining time', { getRemainingTimeInMillis: () => 60_000 }],
    ['no remaining-time function', {}],
    ['no context', undefined],
  ])('with %s processes every record', async (_label, ctx) => {
    // Prepare
    ddb.on(PutCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 50)));

    // Act
    const res = await handler({ Records: [rec('a', 1_000), rec('a', 2_000)] }, ctx);

    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(ddb).toReceiveCommandTimes(PutCommand, 2);
  });

  it('runs agents concurrently: one agent waiting on its write does not hold another back', async () => {
    // Prepare: agent a's write resolves only after agent b's write has started
    let releaseA: () => void = () => undefined;
    ddb
      .on(PutCommand)
      .callsFakeOnce(() => new Promise((resolve) => (releaseA = () => resolve({}))))
      .callsFake(async () => {
        releaseA();
        return {};
      });

    // Act
    const res = await handler({ Records: [rec('a', 1_000), rec('b', 1_000)] });

    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(ddb).toReceiveCommandTimes(PutCommand, 2);
  });

  it('reports a batch that failed entirely without throwing', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    const records = [rec('a', 1_000), rec('b', 1_000)];

    // Act
    const res = await handler({ Records: records });

    // Assess
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      records.map((r) => r.kinesis.sequenceNumber).sort(),
    );
  });

  it('misconfigured, reports every record as a failure so it comes back once fixed', async () => {
    // Prepare
    const records = [rec('a', 1_000), {} as Rec];

    // Act
    const res = await misconfigured({ Records: records });

    // Assess
    expect(res).toEqual({
      batchItemFailures: [{ itemIdentifier: records[0]?.kinesis.sequenceNumber }, { itemIdentifier: '' }],
    });
    expect(ddb.calls()).toHaveLength(0);
  });
});
