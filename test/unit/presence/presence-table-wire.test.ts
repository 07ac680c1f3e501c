/**
 * What the presence table puts on the wire, through the real SDK marshalling (a request handler
 * that records the HTTP body instead of a mocked `send`): an item whose contacts lack optional
 * fields is still writable, because DynamoDB rejects undefined attribute values.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Readable } from 'node:stream';
import type { PresenceItem } from '../../../lambdas/src/presence/presence-item';
import { PresenceTable } from '../../../lambdas/src/presence/presence-table';

function recordingClient() {
  const bodies: Record<string, unknown>[] = [];
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    endpoint: 'http://127.0.0.1:1',
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        bodies.push(
          JSON.parse(new TextDecoder().decode(request.body as Uint8Array)) as Record<string, unknown>,
        );
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from('{}')]),
          },
        };
      },
    },
  });
  return { client, bodies };
}

describe('PresenceTable on the wire', () => {
  it('drops undefined optional contact fields instead of failing the write', async () => {
    // Prepare
    const { client, bodies } = recordingClient();
    const table = new PresenceTable(client, 'presence');
    const item = {
      pk: 'AGENT#i-1#a-1',
      kind: 'agent',
      lastEventAt: 1,
      lastEventId: 'ev',
      contacts: [{ contactId: 'c-1', channel: 'CHAT', state: 'CONNECTED', queueArn: undefined }],
    } as unknown as PresenceItem;

    // Act
    const outcome = await table.apply(item);

    // Assess
    expect(outcome).toBe('applied');
    expect(bodies).toHaveLength(1);
    expect((bodies[0] as { Item: { contacts: unknown } }).Item.contacts).toEqual({
      L: [{ M: { contactId: { S: 'c-1' }, channel: { S: 'CHAT' }, state: { S: 'CONNECTED' } } }],
    });
  });
});
