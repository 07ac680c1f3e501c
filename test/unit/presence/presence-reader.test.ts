/**
 * The lookup's read of an agent's presence (aws-sdk-client-mock): the item and its age, nothing
 * for a missing item or a chat marker, and the round trips counted.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { PresenceReader } from '../../../lambdas/src/presence/presence-reader';

const NOW = 1_764_583_200_000;
const ddb = mockClient(DynamoDBDocumentClient);

function setup() {
  const reader = new PresenceReader(new DynamoDBClient({ region: 'us-east-1' }), 'presence', () => NOW);
  return { reader, signal: new AbortController().signal };
}

beforeEach(() => ddb.reset());

describe('PresenceReader', () => {
  it("returns the agent's item with the age of its newest event", async () => {
    // Prepare
    const item = { pk: 'AGENT#i-1#a-1', kind: 'agent', lastEventAt: NOW - 4_000 };
    ddb.on(GetCommand).resolves({ Item: item });
    const { reader, signal } = setup();

    // Act
    const read = await reader.get('i-1', 'a-1', signal);

    // Assess
    expect(read).toEqual({ item, ageMs: 4_000 });
    expect(ddb).toReceiveCommandWith(GetCommand, { TableName: 'presence', Key: { pk: 'AGENT#i-1#a-1' } });
    expect((ddb.calls()[0]?.args as unknown[])[1]).toEqual({ abortSignal: signal });
    expect(reader.requests).toBe(1);
  });

  it('counts an event stamped ahead of this clock as age 0', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { pk: 'AGENT#i-1#a-1', kind: 'agent', lastEventAt: NOW + 900 } });
    const { reader } = setup();

    // Act / Assess
    expect((await reader.get('i-1', 'a-1'))?.ageMs).toBe(0);
  });

  it.each([
    ['no item', undefined],
    ['an item that is not an agent', { pk: 'AGENT#i-1#a-1', kind: 'chat-handover', lastEventAt: NOW }],
  ])('answers nothing for %s, and still counts the round trip', async (_label, item) => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: item });
    const { reader } = setup();

    // Act
    const first = await reader.get('i-1', 'a-1');
    await reader.get('i-1', 'a-2');

    // Assess
    expect(first).toBeUndefined();
    expect(reader.requests).toBe(2);
  });
});
