/**
 * The `agent-events` handler through its exported `handler` with the public Kinesis event shape,
 * its DynamoDB and Connect clients mocked (aws-sdk-client-mock): what it writes where, which
 * records it reports failed, and when it gives up on a batch. The same handler against dynalite
 * and the Connect emulator is test/integration/agent-events.test.ts.
 */
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { kinesisRecord } from '../../fixtures/kinesis-record';

type Handler = (
  event: KinesisStreamEvent,
  ctx?: { getRemainingTimeInMillis?: () => number },
) => Promise<KinesisStreamBatchResponse>;
type Lib = typeof import('@aws-sdk/lib-dynamodb');
type Mock = typeof import('aws-sdk-client-mock');
type ConnectSdk = typeof import('@aws-sdk/client-connect');

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/i-1';
const T0 = Date.parse('2026-12-01T10:00:00.000Z');

interface Loaded {
  handler: Handler;
  lib: Lib;
  doc: ReturnType<Mock['mockClient']>;
  connect: ReturnType<Mock['mockClient']>;
  sdk: ConnectSdk;
}

/** A cold start of the handler module with `env`, its clients mocked in the same module registry. */
function coldStart(env: Record<string, string | undefined>): Loaded {
  const saved = { ...process.env };
  delete process.env.PRESENCE_TABLE;
  delete process.env.PRESENCE_TTL_SECONDS;
  delete process.env.AVAILABLE_STATUS_NAMES;
  Object.assign(process.env, { AWS_REGION: 'us-east-1', ...env });
  let loaded: Loaded | undefined;
  try {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const mock = require('aws-sdk-client-mock') as Mock;
      const lib = require('@aws-sdk/lib-dynamodb') as Lib;
      const sdk = require('@aws-sdk/client-connect') as ConnectSdk;
      const doc = mock.mockClient(lib.DynamoDBDocumentClient);
      const connect = mock.mockClient(sdk.ConnectClient);
      const { handler } = require('../../../lambdas/src/handlers/agent-events') as { handler: Handler };
      /* eslint-enable @typescript-eslint/no-require-imports */
      loaded = { handler, lib, doc, connect, sdk };
    });
  } finally {
    process.env = saved;
  }
  return loaded as Loaded;
}

let seq = 0;
const record = (payload: unknown): KinesisStreamEvent['Records'][number] => kinesisRecord(payload, ++seq);

const agentEvent = (agent: string, at: number, status = 'Available', contacts: unknown[] = []) => ({
  AgentARN: `${INSTANCE}/agent/${agent}`,
  EventId: `${agent}-${at}`,
  EventTimestamp: new Date(at).toISOString(),
  EventType: 'STATE_CHANGE',
  CurrentAgentSnapshot: { AgentStatus: { Name: status }, NextAgentStatus: null, Contacts: contacts },
});

const seqOf = (r: KinesisStreamEvent['Records'][number]): string => r.kinesis.sequenceNumber;

/** A container for the enclosing `describe`, cold-started in its `beforeAll`. */
function useContainer(env: Record<string, string | undefined>): () => Loaded {
  let loaded: Loaded | undefined;
  beforeAll(() => {
    loaded = coldStart(env);
  });
  return () => loaded as Loaded;
}

describe('agent-events handler configured with status names and a TTL', () => {
  const container = useContainer({
    PRESENCE_TABLE: 'presence-x',
    PRESENCE_TTL_SECONDS: '7200',
    AVAILABLE_STATUS_NAMES: 'Ready, Available',
  });

  it('writes each agent to the configured table with the configured status names and TTL', async () => {
    // Prepare
    const { handler, lib, doc } = container();
    doc.on(lib.PutCommand).resolves({});

    // Act
    const out = await handler(
      { Records: [record(agentEvent('a-1', T0, 'Ready'))] },
      {
        getRemainingTimeInMillis: () => 60_000,
      },
    );

    // Assess
    expect(out).toEqual({ batchItemFailures: [] });
    const put = doc.commandCalls(lib.PutCommand)[0]?.args[0].input;
    expect(put?.TableName).toBe('presence-x');
    expect(put?.Item).toMatchObject({
      pk: 'AGENT#i-1#a-1',
      statusName: 'Ready',
      statusType: 'routable',
      expiresAt: T0 / 1000 + 7200,
    });
  });
});

describe('agent-events handler', () => {
  const container = useContainer({ PRESENCE_TABLE: 'presence-x' });

  it('skips a malformed record, reports a failed write, and runs without a Lambda context', async () => {
    // Prepare
    const { handler, lib, doc } = container();
    doc.reset();
    const throttled = Object.assign(new Error('slow down'), {
      name: 'ProvisionedThroughputExceededException',
    });
    doc.on(lib.PutCommand).rejects(throttled);
    const bad = record('not json {');
    const failing = record(agentEvent('a-1', T0));

    // Act
    const out = await handler({ Records: [bad, failing] });

    // Assess
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: seqOf(failing) }] });
    expect(doc.commandCalls(lib.PutCommand)[0]?.args[0].input.Item).toMatchObject({
      statusType: 'routable',
      expiresAt: T0 / 1000 + 86_400,
    });
  });

  it('hands a chat back through Connect when its agent goes Offline', async () => {
    // Prepare
    const { handler, lib, doc, connect, sdk } = container();
    doc.reset();
    doc.on(lib.PutCommand).resolves({});
    doc.on(lib.UpdateCommand).resolves({});
    connect.on(sdk.UpdateContactAttributesCommand).resolves({});
    const chat = { ContactId: 'c-1', InitialContactId: 'c-0', Channel: 'CHAT', State: 'CONNECTED' };

    // Act
    const out = await handler({ Records: [record(agentEvent('a-1', T0, 'Offline', [chat]))] });

    // Assess
    expect(out).toEqual({ batchItemFailures: [] });
    // (the mock lives in the cold start's module registry, so its calls are read directly)
    expect(connect.commandCalls(sdk.UpdateContactAttributesCommand)[0]?.args[0].input).toMatchObject({
      InstanceId: 'i-1',
      InitialContactId: 'c-0',
    });
  });

  describe('misconfigured', () => {
    const misconfigured = useContainer({ PRESENCE_TABLE: undefined });

    it('reports every record failed, without calling AWS', async () => {
      // Prepare
      const { handler, doc } = misconfigured();
      const records = [record(agentEvent('a-1', T0)), record(agentEvent('b-1', T0))];

      // Act
      const out = await handler({ Records: records });
      const empty = await handler({} as KinesisStreamEvent);

      // Assess
      expect(out).toEqual({ batchItemFailures: records.map((r) => ({ itemIdentifier: seqOf(r) })) });
      expect(empty).toEqual({ batchItemFailures: [] });
      expect(doc.calls()).toHaveLength(0);
    });
  });

  describe('near the end of the invocation', () => {
    afterEach(() => jest.useRealTimers());

    /** Two records of one agent; each write takes `writeMs` of (fake) time. */
    async function run(remainingMs: number, writeMs: number): Promise<KinesisStreamBatchResponse> {
      const { handler, lib, doc } = container();
      doc.reset();
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      doc
        .on(lib.PutCommand)
        .callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), writeMs)));
      const first = record(agentEvent('a-1', T0));
      const second = record(agentEvent('a-1', T0 + 1));
      const out = handler({ Records: [first, second] }, { getRemainingTimeInMillis: () => remainingMs });
      await jest.advanceTimersByTimeAsync(3 * writeMs);
      return out;
    }

    it('starts no record later than 1 s before Lambda would time out, and reports it failed', async () => {
      // Act: 3 s left, so the batch stops at 2 s; the second record would start at 2.5 s
      const out = await run(3_000, 2_500);

      // Assess
      expect(out.batchItemFailures).toHaveLength(1);
    });

    it('still starts a record inside that margin', async () => {
      // Act: the batch stops at 2 s; the second record starts at 1.5 s
      const out = await run(3_000, 1_500);

      // Assess
      expect(out.batchItemFailures).toEqual([]);
    });
  });
});
