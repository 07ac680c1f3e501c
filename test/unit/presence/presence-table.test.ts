/**
 * The presence table's requests, pinned at the DynamoDB command level (aws-sdk-client-mock): the
 * conditions that make writes converge and chat marks happen once are the rules, so a changed
 * condition, key or consistency flag must fail here, not only against dynalite.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { PresenceItem } from '../../../lambdas/src/presence/presence-item';
import { PresenceReader } from '../../../lambdas/src/presence/presence-reader';
import { chatMarkerKey, PresenceTable } from '../../../lambdas/src/presence/presence-table';
import { presenceItem } from '../../fixtures/presence-item';

const TABLE = 'presence-test';
const docMock = mockClient(DynamoDBDocumentClient);

const conditionFailed = (): ConditionalCheckFailedException =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
/** What a client without the service model throws: only the name says it is a condition failure. */
const conditionFailedByName = (): Error =>
  Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
const throttled = (): ProvisionedThroughputExceededException =>
  new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });

const item = (patch: Partial<PresenceItem> = {}): PresenceItem =>
  presenceItem({ lastEventId: 'ev-2', lastEventAt: 2_000, expiresAt: 90_000, ...patch });

const table = (): PresenceTable => new PresenceTable(new DynamoDBClient({ region: 'us-east-1' }), TABLE);

describe('PresenceTable.apply', () => {
  beforeEach(() => docMock.reset());

  it('writes an agent item only over an older event, and asks for the stored item when refused', async () => {
    // Prepare
    docMock.on(PutCommand).resolves({});
    const signal = new AbortController().signal;

    // Act
    const outcome = await table().apply(item(), signal);

    // Assess
    expect(outcome).toBe('applied');
    expect(docMock).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: item(),
      ConditionExpression: 'attribute_not_exists(lastEventKey) OR lastEventKey < :key',
      ExpressionAttributeValues: { ':key': item().lastEventKey },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect((docMock.commandCalls(PutCommand)[0]?.args as unknown[])[1]).toEqual({ abortSignal: signal });
    expect(docMock).toHaveReceivedCommandTimes(GetCommand, 0);
  });

  it.each([
    ['the same event (a redelivery)', 'ev-2', 'duplicate'],
    ['a newer event', 'ev-9', 'stale'],
  ])(
    'reads a write refused over %s as %s from the returned item, without a read',
    async (_what, storedId, expected) => {
      // Prepare: the stored item comes back with the failure, in wire form
      const refused = Object.assign(conditionFailed(), { Item: { lastEventId: { S: storedId } } });
      docMock.on(PutCommand).rejects(refused);

      // Act
      const outcome = await table().apply(item());

      // Assess
      expect(outcome).toBe(expected);
      expect(docMock).toHaveReceivedCommandTimes(GetCommand, 0);
    },
  );

  it.each([
    ['the same event (a redelivery)', 'ev-2', 'duplicate'],
    ['a newer event', 'ev-9', 'stale'],
  ])('reads the stored item when the service returned none: %s is %s', async (_what, storedId, expected) => {
    // Prepare
    docMock.on(PutCommand).rejects(conditionFailed());
    docMock.on(GetCommand).resolves({ Item: item({ lastEventId: storedId }) });

    // Act
    const outcome = await table().apply(item());

    // Assess
    expect(outcome).toBe(expected);
    expect(docMock).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: 'AGENT#i-1#a-1' },
      ConsistentRead: true,
    });
  });

  it('recognises a condition failure by its name and calls a vanished item stale', async () => {
    // Prepare
    docMock.on(PutCommand).rejects(conditionFailedByName());
    docMock.on(GetCommand).resolves({});

    // Act
    const outcome = await table().apply(item());

    // Assess
    expect(outcome).toBe('stale');
  });

  it('lets any other failure through, so the record is retried', async () => {
    // Prepare
    docMock.on(PutCommand).rejects(throttled());

    // Act
    const write = table().apply(item());

    // Assess
    await expect(write).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    expect(docMock).toHaveReceivedCommandTimes(GetCommand, 0);
  });
});

describe('PresenceTable chat markers', () => {
  const key = chatMarkerKey('i-1', 'chat-1');
  const NOW = 1_700_000_000_123;

  beforeEach(() => docMock.reset());

  it('keys a chat marker by instance and contact', () => {
    expect(key).toBe('CHAT#i-1#chat-1');
  });

  it('claims a free marker with a fresh token, a lease and an expiry past any chat', async () => {
    // Prepare
    docMock.on(PutCommand).resolves({});

    // Act
    const claim = await table().claimChat(key, NOW);

    // Assess
    expect(claim.claimed).toBe(true);
    const token = (claim as { token: string }).token;
    expect(token).toMatch(new RegExp(`^${NOW}-[a-z0-9]{1,8}$`));
    expect(docMock).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: {
        pk: key,
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
  });

  it('gives two claims different tokens', async () => {
    // Prepare
    docMock.on(PutCommand).resolves({});
    const t = table();

    // Act
    const [a, b] = await Promise.all([t.claimChat(key, NOW), t.claimChat(key, NOW)]);

    // Assess
    expect((a as { token: string }).token).not.toBe((b as { token: string }).token);
  });

  it.each([
    ['claimed', 'busy'],
    ['done', 'done'],
    ['gone', 'done'],
  ])('reports a marker held in state %s as %s', async (state, expected) => {
    // Prepare
    docMock.on(PutCommand).rejects(conditionFailed());
    docMock.on(GetCommand).resolves({ Item: { pk: key, state } });

    // Act
    const claim = await table().claimChat(key, NOW);

    // Assess
    expect(claim).toEqual({ claimed: false, state: expected });
    expect(docMock).toHaveReceivedCommandWith(GetCommand, { Key: { pk: key }, ConsistentRead: true });
  });

  it('lets a throttled claim fail the record', async () => {
    docMock.on(PutCommand).rejects(throttled());
    await expect(table().claimChat(key, NOW)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });

  it('completes a marker only with the claim token', async () => {
    // Prepare
    docMock.on(UpdateCommand).resolves({});

    // Act
    await table().completeChat(key, 'tok-1', { state: 'gone', connectUserId: 'a-1', at: NOW });

    // Assess
    expect(docMock).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { pk: key },
      UpdateExpression: 'SET #s = :state, agentId = :agent, doneAt = :at',
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':state': 'gone', ':agent': 'a-1', ':at': NOW, ':token': 'tok-1' },
    });
  });

  it('releases a marker only with the claim token, and ignores a marker someone else took', async () => {
    // Prepare
    docMock.on(DeleteCommand).rejectsOnce(conditionFailedByName()).resolves({});
    const t = table();

    // Act
    await t.releaseChat(key, 'tok-1');
    await t.releaseChat(key, 'tok-2');

    // Assess
    expect(docMock).toHaveReceivedCommandTimes(DeleteCommand, 2);
    expect(docMock).toHaveReceivedNthSpecificCommandWith(1, DeleteCommand, {
      TableName: TABLE,
      Key: { pk: key },
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeValues: { ':token': 'tok-1' },
    });
  });

  it('lets a release that failed for another reason through', async () => {
    docMock.on(DeleteCommand).rejects(throttled());
    await expect(table().releaseChat(key, 'tok-1')).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });
});

describe('PresenceTable: edges', () => {
  beforeEach(() => docMock.reset());
  const key = chatMarkerKey('i-1', 'chat-1');

  it('runs every request on the caller’s signal', async () => {
    // Prepare
    docMock.on(PutCommand).rejects(conditionFailed());
    docMock.on(GetCommand).resolves({ Item: { state: 'done' } });
    docMock.on(UpdateCommand).resolves({});
    docMock.on(DeleteCommand).resolves({});
    const signal = new AbortController().signal;
    const t = table();

    // Act
    await t.claimChat(key, 1, signal);
    await t.completeChat(key, 'tok', { state: 'done', connectUserId: 'a-1', at: 1 }, signal);
    await t.releaseChat(key, 'tok', signal);
    await t.getAgent('AGENT#i-1#a-1', signal);

    // Assess
    expect(docMock.calls().map((c) => (c.args as unknown[])[1])).toEqual([
      { abortSignal: signal },
      { abortSignal: signal },
      { abortSignal: signal },
      { abortSignal: signal },
      { abortSignal: signal },
    ]);
  });

  it('calls a refused chat claim done when the marker vanished meanwhile', async () => {
    docMock.on(PutCommand).rejects(conditionFailed());
    docMock.on(GetCommand).resolves({});
    expect(await table().claimChat(key, 1)).toEqual({ claimed: false, state: 'done' });
  });

  it('calls a refused write stale when the returned item has no event id', async () => {
    docMock.on(PutCommand).rejects(Object.assign(conditionFailed(), { Item: {} }));
    expect(await table().apply(item())).toBe('stale');
    expect(docMock).toHaveReceivedCommandTimes(GetCommand, 0);
  });
});

describe('PresenceReader', () => {
  beforeEach(() => docMock.reset());

  const reader = (now: number): PresenceReader =>
    new PresenceReader(new DynamoDBClient({ region: 'us-east-1' }), TABLE, () => now);

  it("reads the agent's item eventually consistent and says how old its newest event is", async () => {
    // Prepare
    docMock.on(GetCommand).resolves({ Item: item({ lastEventAt: 2_000 }) });
    const r = reader(7_500);

    // Act
    const read = await r.get('i-1', 'a-1');

    // Assess
    expect(read).toEqual({ item: item({ lastEventAt: 2_000 }), ageMs: 5_500 });
    expect(r.requests).toBe(1);
    expect(docMock).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: 'AGENT#i-1#a-1' },
      ConsistentRead: false,
    });
  });

  it('never reports a negative age for an event stamped ahead of this clock', async () => {
    docMock.on(GetCommand).resolves({ Item: item({ lastEventAt: 9_000 }) });
    expect((await reader(7_500).get('i-1', 'a-1'))?.ageMs).toBe(0);
  });

  it.each([
    ['no item', {}],
    ['a chat marker under the key', { Item: { pk: 'AGENT#i-1#a-1', kind: 'chat-handover' } }],
  ])('finds nothing when the table has %s', async (_what, out) => {
    docMock.on(GetCommand).resolves(out);
    expect(await reader(7_500).get('i-1', 'a-1')).toBeUndefined();
  });
});
