/**
 * The agent-events handler for real: the AWS SDK against dynalite (the presence table) and the
 * Connect emulator (UpdateContactAttributes) over HTTP. Event sequences are replayed and the table
 * is asserted after each.
 */
import type { KinesisStreamEvent, KinesisStreamBatchResponse } from 'aws-lambda';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { startConnectEmulator, type ConnectEmulator } from '../../scripts/sandbox/connect/connect-emulator';
import { agentEventRecord } from '../../scripts/sandbox/connect/agent-events';
import { startAwsStandIns, type AwsStandIns } from '../../scripts/sandbox/presence/aws-stand-ins';
import {
  buildSampleData,
  SANDBOX_INSTANCE_ID,
  SANDBOX_REGION,
  sampleAgent,
  type ConnectUserState,
} from '../../scripts/sandbox/sample-data';
import type { PresenceItem } from '../../lambdas/src/presence/presence-item';
import { kinesisRecord as record } from '../fixtures/kinesis-record';

type Handler = (event: KinesisStreamEvent, ctx?: unknown) => Promise<KinesisStreamBatchResponse>;

const BEN = sampleAgent('ben').connectUserId as string;
const data = buildSampleData().connect;
let seq = 100;

function kinesisRecord(payload: unknown): KinesisStreamEvent['Records'][number] {
  seq += 1;
  return record(payload, seq, SANDBOX_REGION);
}

function benState(patch: Partial<ConnectUserState>): ConnectUserState {
  return {
    userId: BEN,
    status: 'Available',
    statusStartedAt: new Date().toISOString(),
    availableVoiceSlots: 1,
    maxVoiceSlots: 1,
    ...patch,
  };
}

function benEvent(
  type: 'STATE_CHANGE' | 'HEART_BEAT' | 'LOGIN' | 'LOGOUT',
  patch: Partial<ConnectUserState>,
  at: number,
) {
  const s = benState(patch);
  return agentEventRecord(data, type, BEN, type === 'LOGOUT' ? undefined : s, s, new Date(at));
}

/** A cold start reading `env`; the SDK reads the region and endpoints lazily, so env stays set. */
function loadHandler(env: Record<string, string>): Handler {
  Object.assign(process.env, env);
  let loaded: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = (require('../../lambdas/src/handlers/agent-events') as { handler: Handler }).handler;
  });
  return loaded as Handler;
}

describe('agent-events against dynalite and the Connect emulator', () => {
  let aws: AwsStandIns;
  let connect: ConnectEmulator;
  let handler: Handler;
  let env: Record<string, string>;
  const ctx = { getRemainingTimeInMillis: () => 60_000 };
  const savedEnv = { ...process.env };

  const item = async (): Promise<PresenceItem | undefined> =>
    (
      await DynamoDBDocumentClient.from(aws.dynamo).send(
        new GetCommand({ TableName: aws.tableName, Key: { pk: `AGENT#${SANDBOX_INSTANCE_ID}#${BEN}` } }),
      )
    ).Item as PresenceItem | undefined;
  const updates = () => connect.journal.filter((e) => e.operation === 'UpdateContactAttributes');

  beforeAll(async () => {
    aws = await startAwsStandIns(SANDBOX_REGION);
    connect = await startConnectEmulator({ data: buildSampleData().connect });
    env = {
      PRESENCE_TABLE: aws.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoUrl,
      AWS_ENDPOINT_URL_CONNECT: connect.url,
      AWS_REGION: SANDBOX_REGION,
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      POWERTOOLS_LOG_LEVEL: process.env.DEBUG_LOG ? 'WARN' : 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    handler = loadHandler(env);
  });

  afterAll(async () => {
    process.env = savedEnv;
    await connect.close();
    await aws.close();
  });

  it('replays a sequence: in order, out of order, duplicated, malformed, heartbeat, logout', async () => {
    const t = Date.now();
    // Available
    const available = kinesisRecord(benEvent('STATE_CHANGE', { status: 'Available' }, t));
    expect(await handler({ Records: [kinesisRecord('not json {'), available] }, ctx)).toEqual({
      batchItemFailures: [],
    });
    expect(await item()).toMatchObject({
      statusName: 'Available',
      statusType: 'routable',
      lastEventAt: t,
      freeSlotsByChannel: { VOICE: 1, CHAT: 2 },
    });
    expect((await item())?.inboundQueues.map((q) => q.channels)).toEqual([
      ['VOICE', 'CHAT'],
      ['VOICE', 'CHAT'],
      ['VOICE', 'CHAT'],
    ]);

    // An older Offline arrives late: nothing changes.
    await handler(
      { Records: [kinesisRecord(benEvent('STATE_CHANGE', { status: 'Offline' }, t - 60_000))] },
      ctx,
    );
    expect(await item()).toMatchObject({ statusName: 'Available', lastEventAt: t });

    // Next status Offline, then the same record again.
    const next = kinesisRecord(
      benEvent('STATE_CHANGE', { status: 'Available', nextStatus: 'Offline' }, t + 1000),
    );
    await handler({ Records: [next] }, ctx);
    const afterNext = await item();
    await handler({ Records: [next] }, ctx);
    expect(afterNext).toMatchObject({ nextStatusName: 'Offline', lastEventAt: t + 1000 });
    expect(await item()).toEqual(afterNext);

    // A heartbeat only refreshes.
    await handler(
      {
        Records: [
          kinesisRecord(benEvent('HEART_BEAT', { status: 'Available', nextStatus: 'Offline' }, t + 121_000)),
        ],
      },
      ctx,
    );
    expect(await item()).toMatchObject({
      lastEventType: 'HEART_BEAT',
      lastEventAt: t + 121_000,
      nextStatusName: 'Offline',
    });

    // Logout.
    await handler({ Records: [kinesisRecord(benEvent('LOGOUT', {}, t + 130_000))] }, ctx);
    expect(await item()).toMatchObject({ loggedIn: false, statusType: 'offline', lastEventType: 'LOGOUT' });
  });

  it('writes another agent from a record full of "null" strings', async () => {
    // Prepare
    const other = 'ffffffff-0000-4000-8000-00000000ffff';
    const rec = agentEventRecord(
      data,
      'STATE_CHANGE',
      other,
      benState({ userId: other }),
      benState({ userId: other }),
    );
    const snap = rec.CurrentAgentSnapshot as Record<string, unknown>;
    snap.NextAgentStatus = 'null';
    (snap.Configuration as Record<string, unknown>).AgentHierarchyGroups = 'null';

    // Act
    const res = await handler({ Records: [kinesisRecord(rec)] }, ctx);

    // Assess
    expect(res.batchItemFailures).toEqual([]);
    const stored = (
      await DynamoDBDocumentClient.from(aws.dynamo).send(
        new GetCommand({ TableName: aws.tableName, Key: { pk: `AGENT#${SANDBOX_INSTANCE_ID}#${other}` } }),
      )
    ).Item;
    expect(stored).toMatchObject({ statusName: 'Available' });
    expect(stored?.nextStatusName).toBeUndefined();
  });

  it('marks a chat once when its agent queues Offline, even on redelivery, and retries a throttled mark', async () => {
    // Prepare
    const t = Date.now() + 500_000;
    const chats = [{ contactId: 'chat-1', channel: 'CHAT' as const, state: 'CONNECTED' as const }];
    const goingOffline = kinesisRecord(
      benEvent('STATE_CHANGE', { status: 'Available', nextStatus: 'Offline', contacts: chats }, t),
    );
    const later = kinesisRecord(
      benEvent('HEART_BEAT', { status: 'Available', nextStatus: 'Offline', contacts: chats }, t + 1),
    );
    connect.clearJournal();
    connect.setFaults({ throttleOperations: ['UpdateContactAttributes'] });

    // Act: throttled, so the record and the one after it fail (and are not applied).
    const first = await handler({ Records: [goingOffline, later] }, ctx);

    // Assess
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      goingOffline.kinesis.sequenceNumber,
      later.kinesis.sequenceNumber,
    ]);
    expect(connect.contactAttributes.get('chat-1')).toBeUndefined();
    expect((await item())?.lastEventAt).toBe(t);

    // Act: the retry, then a redelivery of both.
    connect.clearFaults();
    connect.clearJournal();
    const retry = await handler({ Records: [goingOffline, later] }, ctx);
    const again = await handler({ Records: [goingOffline, later] }, ctx);

    // Assess
    expect(retry.batchItemFailures).toEqual([]);
    expect(again.batchItemFailures).toEqual([]);
    expect(updates().filter((e) => e.status === 200)).toHaveLength(1);
    expect(connect.contactAttributes.get('chat-1')).toMatchObject({
      agentGoingOffline: 'true',
      agentGoingOfflineAgentId: BEN,
    });
  });

  it('reports every record as a failure, without throwing, when the table is unreachable', async () => {
    // Prepare
    const broken = loadHandler({ ...env, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' });
    const records = [
      kinesisRecord(benEvent('STATE_CHANGE', {}, Date.now())),
      kinesisRecord(benEvent('STATE_CHANGE', {}, Date.now() + 1)),
    ];

    // Act
    const res = await broken({ Records: records }, ctx).finally(() => Object.assign(process.env, env));

    // Assess
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      records.map((r) => r.kinesis.sequenceNumber),
    );
  });
});
