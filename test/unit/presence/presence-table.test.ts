/**
 * The presence table's DynamoDB requests, with aws-sdk-client-mock: the conditions that keep
 * writes ordered and idempotent, and the chat marker's claim / complete / release protocol.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { eventOrderKey, type PresenceItem } from '../../../lambdas/src/presence/presence-item';
import { chatMarkerKey, PresenceTable } from '../../../lambdas/src/presence/presence-table';
import { presenceItem } from './fixtures';

const TABLE = 'presence';
const NOW = 1_764_583_200_000;
const MARKER = chatMarkerKey('i-1', 'chat-1');
const ddb = mockClient(DynamoDBDocumentClient);

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const namedError = (name: string) => Object.assign(new Error(name), { name });

const item = (patch: Partial<PresenceItem> = {}): PresenceItem =>
  presenceItem({ lastEventId: 'ev-2', lastEventAt: NOW, lastEventKey: eventOrderKey(NOW, 'ev-2'), ...patch });

function setup() {
  const table = new PresenceTable(new DynamoDBClient({ region: 'us-east-1' }), TABLE);
  const signal = new AbortController().signal;
  /** The options (second argument) every request was sent with. */
  const sendOptions = () => ddb.calls().map((c) => (c.args as unknown[])[1]);
  return { table, signal, sendOptions };
}

beforeEach(() => ddb.reset());

describe('PresenceTable.apply', () => {
  it('writes the item only over an item with a smaller order key (or none), asking for the stored item back', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const { table, signal, sendOptions } = setup();

    // Act
    const outcome = await table.apply(item(), signal);

    // Assess
    expect(outcome).toBe('applied');
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE,
      Item: item(),
      ConditionExpression: 'attribute_not_exists(lastEventKey) OR lastEventKey < :key',
      ExpressionAttributeValues: { ':key': `00${NOW}#ev-2` },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(sendOptions()).toEqual([{ abortSignal: signal }]);
  });

  it.each([
    ['the same event again', 'duplicate', 'ev-2'],
    ['a newer event', 'stale', 'ev-9'],
    ['an item without an event id', 'stale', undefined],
  ] as const)(
    'reports %s as %s from the item returned with the refusal, without a read',
    async (_l, want, id) => {
      // Prepare
      const refusal = Object.assign(conditionFailed(), {
        Item: { lastEventId: id === undefined ? undefined : { S: id } },
      });
      ddb.on(PutCommand).rejects(refusal);
      const { table } = setup();

      // Act
      const outcome = await table.apply(item());

      // Assess
      expect(outcome).toBe(want);
      expect(ddb).not.toReceiveCommand(GetCommand);
    },
  );

  it.each([
    ['the same event again', 'duplicate', { lastEventId: 'ev-2' }],
    ['a newer event', 'stale', { lastEventId: 'ev-9', lastEventAt: NOW + 1 }],
  ] as const)(
    'reports %s as %s after a consistent read when the refusal carries no item',
    async (_l, want, stored) => {
      // Prepare
      ddb.on(PutCommand).rejects(conditionFailed());
      ddb.on(GetCommand).resolves({ Item: item(stored) });
      const { table, signal, sendOptions } = setup();

      // Act
      const outcome = await table.apply(item(), signal);

      // Assess
      expect(outcome).toBe(want);
      expect(ddb).toReceiveCommandWith(GetCommand, {
        TableName: TABLE,
        Key: { pk: 'AGENT#i-1#a-1' },
        ConsistentRead: true,
      });
      expect(sendOptions()).toEqual([{ abortSignal: signal }, { abortSignal: signal }]);
    },
  );

  it('reports stale when the item vanished between the write and the read (TTL)', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(namedError('ConditionalCheckFailedException'));
    ddb.on(GetCommand).resolves({});
    const { table } = setup();

    // Act / Assess
    await expect(table.apply(item())).resolves.toBe('stale');
  });

  it('lets any other failure through (the record is retried) without reading', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(namedError('ProvisionedThroughputExceededException'));
    const { table } = setup();

    // Act / Assess
    await expect(table.apply(item())).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(ddb).not.toReceiveCommand(GetCommand);
  });

  it('lets a rejection that is not an Error through unchanged', async () => {
    // Prepare
    ddb.on(PutCommand).callsFake(() => Promise.reject(undefined));
    const { table } = setup();

    // Act / Assess
    await expect(table.apply(item())).rejects.toBeUndefined();
  });
});

describe('PresenceTable.getAgent', () => {
  it('reads eventually consistent (the lookup tolerates a heartbeat of age) and returns the item', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: item() });
    const { table, signal, sendOptions } = setup();

    // Act
    const got = await table.getAgent('AGENT#i-1#a-1', signal);

    // Assess
    expect(got).toEqual(item());
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: 'AGENT#i-1#a-1' },
      ConsistentRead: false,
    });
    expect(sendOptions()).toEqual([{ abortSignal: signal }]);
  });

  it('returns undefined when the agent has no item', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    const { table } = setup();

    // Act / Assess
    await expect(table.getAgent('AGENT#i-1#nobody')).resolves.toBeUndefined();
  });
});

describe('PresenceTable chat markers', () => {
  it('claims a new marker (or one whose claim outlived its 30 s lease) with a fresh token', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const { table, signal, sendOptions } = setup();

    // Act
    const claim = await table.claimChat(MARKER, NOW, signal);

    // Assess
    expect(chatMarkerKey('i-1', 'chat-1')).toBe('CHAT#i-1#chat-1');
    expect(claim.claimed).toBe(true);
    const token = claim.claimed ? claim.token : '';
    expect(token).toMatch(new RegExp(`^${NOW}-[a-z0-9]{1,8}$`));
    expect(ddb).toReceiveCommandWith(PutCommand, {
      TableName: TABLE,
      Item: {
        pk: MARKER,
        kind: 'chat-handover',
        state: 'claimed',
        claimToken: token,
        claimedAt: NOW,
        expiresAt: Math.floor(NOW / 1000) + 8 * 24 * 3600,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#s = :claimed AND claimedAt < :cutoff)',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':claimed': 'claimed', ':cutoff': NOW - 30_000 },
    });
    expect(sendOptions()).toEqual([{ abortSignal: signal }]);
  });

  it.each([
    ['claimed by another attempt', { state: 'claimed' }, { claimed: false, state: 'busy' }],
    ['done', { state: 'done' }, { claimed: false, state: 'done' }],
    ['gone', { state: 'gone' }, { claimed: false, state: 'done' }],
    ['expired meanwhile', undefined, { claimed: false, state: 'done' }],
  ])('a marker already %s is not claimed again', async (_l, stored, want) => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: stored && { pk: MARKER, ...stored } });
    const { table, signal, sendOptions } = setup();

    // Act
    const claim = await table.claimChat(MARKER, NOW, signal);

    // Assess
    expect(claim).toEqual(want);
    expect(ddb).toReceiveCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: MARKER },
      ConsistentRead: true,
    });
    expect(sendOptions()).toEqual([{ abortSignal: signal }, { abortSignal: signal }]);
  });

  it('lets a throttled claim through (the record is retried)', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(namedError('ThrottlingException'));
    const { table } = setup();

    // Act / Assess
    await expect(table.claimChat(MARKER, NOW)).rejects.toThrow('ThrottlingException');
    expect(ddb).not.toReceiveCommand(GetCommand);
  });

  it('completes only the claim it holds', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const { table, signal, sendOptions } = setup();

    // Act
    await table.completeChat(MARKER, 'tok', { state: 'gone', connectUserId: 'a-1', at: NOW }, signal);

    // Assess
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { pk: MARKER },
      UpdateExpression: 'SET #s = :state, agentId = :agent, doneAt = :at',
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':state': 'gone', ':agent': 'a-1', ':at': NOW, ':token': 'tok' },
    });
    expect(sendOptions()).toEqual([{ abortSignal: signal }]);
  });

  it('releases only the claim it holds, and a claim taken over meanwhile is left alone', async () => {
    // Prepare
    ddb.on(DeleteCommand).resolvesOnce({}).rejects(conditionFailed());
    const { table, signal, sendOptions } = setup();

    // Act
    await table.releaseChat(MARKER, 'tok', signal);
    const second = table.releaseChat(MARKER, 'tok', signal);

    // Assess
    await expect(second).resolves.toBeUndefined();
    expect(ddb).toReceiveCommandTimes(DeleteCommand, 2);
    expect(ddb).toReceiveCommandWith(DeleteCommand, {
      TableName: TABLE,
      Key: { pk: MARKER },
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeValues: { ':token': 'tok' },
    });
    expect(sendOptions()).toEqual([{ abortSignal: signal }, { abortSignal: signal }]);
  });

  it('lets a failed release through', async () => {
    // Prepare
    ddb.on(DeleteCommand).rejects(namedError('InternalServerError'));
    const { table } = setup();

    // Act / Assess
    await expect(table.releaseChat(MARKER, 'tok')).rejects.toThrow('InternalServerError');
  });
});
