/**
 * agent-events record handling on its edges: what reaches the logs (masked, capped), a spent
 * invocation budget, records without Kinesis data, and the metrics of a handed-over chat.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { PresenceTable } from '../../../lambdas/src/presence/presence-table';
import { logger } from '../../../lambdas/src/shared/logger';
import { recordHandlerFor, SkippedAfterFailureError } from '../../../lambdas/src/wiring/agent-events-records';

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/i-1';
const PHONE = '+14155550123';

const record = (data: string, partitionKey = 'p'): KinesisStreamRecord =>
  ({
    kinesis: {
      data: Buffer.from(data).toString('base64'),
      sequenceNumber: '7',
      partitionKey,
      kinesisSchemaVersion: '1.0',
      approximateArrivalTimestamp: 0,
    },
  }) as KinesisStreamRecord;

const eventJson = (agent: string, next?: string) =>
  JSON.stringify({
    AgentARN: `${INSTANCE}/agent/${agent}`,
    EventId: `${agent}-ev`,
    EventTimestamp: new Date(9_000).toISOString(),
    EventType: 'STATE_CHANGE',
    CurrentAgentSnapshot: {
      AgentStatus: { Name: 'Available' },
      NextAgentStatus: next ? { Name: next } : null,
      Contacts: [{ ContactId: 'c-1', Channel: 'CHAT', State: 'CONNECTED' }],
    },
  });

function setup(apply: PresenceTable['apply'], signal = new AbortController().signal) {
  const addMetric = jest.fn();
  const table = {
    apply,
    claimChat: jest.fn(async () => ({ claimed: true, token: 't' })),
    completeChat: jest.fn(async () => undefined),
    releaseChat: jest.fn(async () => undefined),
  };
  const handle = recordHandlerFor(
    {
      table: table as unknown as PresenceTable,
      contacts: { update: jest.fn(async () => undefined) },
      options: { availableStatusNames: ['Available'], ttlSeconds: 3600 },
      metrics: { addMetric } as unknown as Metrics,
      now: () => 10_000,
    },
    signal,
  );
  return { handle, addMetric, apply };
}

let warn: jest.SpyInstance;
let debug: jest.SpyInstance;
beforeEach(() => {
  warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  debug = jest.spyOn(logger, 'debug').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('agent-events records: logs', () => {
  it('logs a malformed record masked and capped, and skips it', async () => {
    // Prepare
    const { handle, apply } = setup(jest.fn());
    const garbage = `${PHONE} ${'x'.repeat(400)}`;

    // Act
    await handle(record(garbage, `${PHONE} ${'k'.repeat(300)}`));

    // Assess
    expect(apply).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, fields] = warn.mock.calls[0] as [string, { data: string; partitionKey: string }];
    expect(message).toBe('agent event skipped: malformed');
    expect(fields).toMatchObject({ reason: 'not JSON', sequenceNumber: '7' });
    expect(fields.data).not.toContain('4155550123');
    expect(fields.data).toContain('0123 xxx');
    expect(fields.data.length).toBeLessThanOrEqual(200);
    expect(fields.partitionKey).not.toContain('4155550123');
    expect(fields.partitionKey).toHaveLength(200);
  });

  it('skips a record without Kinesis data as empty', async () => {
    // Prepare
    const { handle, addMetric } = setup(jest.fn());

    // Act
    await handle({} as KinesisStreamRecord);

    // Assess
    expect(addMetric).toHaveBeenCalledWith('RecordsMalformed', 'Count', 1);
    expect(warn.mock.calls[0]?.[1]).toEqual({
      reason: 'empty record',
      sequenceNumber: undefined,
      partitionKey: '',
      data: '',
    });
  });

  it('logs a failed record with the error masked, and passes the error on', async () => {
    // Prepare
    const failure = Object.assign(new Error(`write for ${PHONE} refused`), { name: 'InternalServerError' });
    const { handle } = setup(jest.fn().mockRejectedValue(failure));

    // Act
    const error = await handle(record(eventJson('a'))).catch((e: unknown) => e);

    // Assess
    expect(error).toBe(failure);
    expect(warn).toHaveBeenCalledWith('agent event failed; the record will be retried', {
      eventId: 'a-ev',
      connectUserId: 'a',
      error: expect.stringMatching(/^InternalServerError: write for \S*0123 refused$/),
    });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('4155550123');
  });

  it.each([
    ['a string', 'boom', 'Error: boom'],
    ['undefined', undefined, 'Error: undefined'],
  ])('logs a rejection with %s as Error', async (_label, reason, logged) => {
    // Prepare
    const { handle } = setup(() => Promise.reject(reason));

    // Act
    const error = await handle(record(eventJson('a'))).catch((e: unknown) => e);

    // Assess
    expect(error).toBe(reason);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ error: logged });
  });

  it('logs each processed event at debug with the write and handover outcome', async () => {
    // Prepare
    const { handle } = setup(jest.fn().mockResolvedValue('applied'));

    // Act
    await handle(record(eventJson('a', 'Offline')));

    // Assess
    expect(debug).toHaveBeenCalledWith('agent event', {
      eventType: 'STATE_CHANGE',
      eventId: 'a-ev',
      connectUserId: 'a',
      write: 'applied',
      marked: 1,
      alreadyDone: 0,
      gone: 0,
    });
  });
});

describe('agent-events records: budget and metrics', () => {
  it('counts marked chats, and an applied write is not stale', async () => {
    // Prepare
    const { handle, addMetric } = setup(jest.fn().mockResolvedValue('applied'));

    // Act
    await handle(record(eventJson('a', 'Offline')));

    // Assess
    expect(addMetric.mock.calls.map((c) => c[0])).toEqual(['RecordsProcessed', 'EventLagMs', 'ChatsMarked']);
    expect(addMetric).toHaveBeenCalledWith('ChatsMarked', 'Count', 1);
  });

  it('fails every record unattempted once the invocation budget is spent', async () => {
    // Prepare
    const abort = new AbortController();
    abort.abort();
    const { handle, apply } = setup(jest.fn(), abort.signal);

    // Act
    const error = await handle(record(eventJson('a'))).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SkippedAfterFailureError);
    expect(error).toMatchObject({ name: 'SkippedAfterFailureError', message: 'invocation budget spent' });
    expect(apply).not.toHaveBeenCalled();
  });

  it("says why an agent's later record was not attempted", async () => {
    // Prepare
    const { handle } = setup(jest.fn().mockRejectedValueOnce(new Error('throttled')));
    await handle(record(eventJson('a'))).catch(() => undefined);

    // Act
    const error = await handle(record(eventJson('a'))).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'SkippedAfterFailureError',
      message: 'an earlier record of this agent failed',
    });
  });
});
