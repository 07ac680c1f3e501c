/**
 * The presence table's conditional write against dynalite, directly and through the sandbox's
 * DynamoDB front (which answers `ReturnValuesOnConditionCheckFailure` as DynamoDB does): a newer
 * event is applied, a redelivery is a duplicate and an older event is stale, whichever way the
 * stored item is learned.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PresenceTable } from '../../lambdas/src/presence/presence-table';
import { eventOrderKey, type PresenceItem } from '../../lambdas/src/presence/presence-item';
import { startAwsStandIns, type AwsStandIns } from '../../scripts/sandbox/presence/aws-stand-ins';
import { startDynamoProxy } from '../../scripts/sandbox/presence/dynamo-proxy';
import type { BaseFaults, EmulatorServer } from '../../scripts/sandbox/emulator-server';
import { SANDBOX_REGION } from '../../scripts/sandbox/sample-data';
import { presenceItem } from '../unit/presence/fixtures';

/** Agent a-1's item as written by the event `eventId` at `at`. */
function agentItem(pk: string, at: number, eventId: string): PresenceItem {
  return presenceItem({
    pk,
    lastEventId: eventId,
    lastEventAt: at,
    lastEventKey: eventOrderKey(at, eventId),
    expiresAt: Math.floor(at / 1000) + 3600,
  });
}

describe('PresenceTable.apply against dynalite', () => {
  let aws: AwsStandIns;
  let front: EmulatorServer<BaseFaults>;
  const clients: DynamoDBClient[] = [];
  const tableAt = (endpoint: string): PresenceTable => {
    const client = new DynamoDBClient({
      region: SANDBOX_REGION,
      endpoint,
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    });
    clients.push(client);
    return new PresenceTable(client, aws.tableName);
  };

  beforeAll(async () => {
    aws = await startAwsStandIns(SANDBOX_REGION);
    front = await startDynamoProxy(aws.dynamoUrl);
  });

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await front.close();
    await aws.close();
  });

  it.each([
    ['through the front (the failure carries the stored item)', 'front', 'AGENT#i-1#front'],
    ['directly (dynalite returns no item: one read)', 'direct', 'AGENT#i-1#direct'],
  ])('applies newer events, and tells a redelivery from an older event %s', async (_, via, pk) => {
    // Prepare
    const table = tableAt(via === 'front' ? front.url : aws.dynamoUrl);
    const t = Date.parse('2026-12-01T10:00:00Z');
    front.clearJournal();

    // Act
    const outcomes = [
      await table.apply(agentItem(pk, t, 'e-2')),
      await table.apply(agentItem(pk, t, 'e-2')),
      await table.apply(agentItem(pk, t, 'e-1')),
      await table.apply(agentItem(pk, t - 1, 'e-9')),
      await table.apply(agentItem(pk, t, 'e-3')),
      await table.apply(agentItem(pk, t + 1, 'e-0')),
    ];

    // Assess: through the front, no read follows a refused write
    const operations = front.journal.map((e) => e.operation);
    expect(outcomes).toEqual(['applied', 'duplicate', 'stale', 'stale', 'applied', 'applied']);
    expect(operations).toEqual(via === 'front' ? Array(6).fill('PutItem') : []);
    expect((await table.getAgent(pk))?.lastEventKey).toBe(eventOrderKey(t + 1, 'e-0'));
  });

  it('takes the event over an item written before the ordering key existed', async () => {
    // Prepare: an item from an earlier release has lastEventAt but no lastEventKey
    const table = tableAt(front.url);
    const pk = 'AGENT#i-1#legacy';
    const { lastEventKey: _key, ...legacy } = agentItem(pk, 2_000, 'old');
    await DynamoDBDocumentClient.from(aws.dynamo).send(
      new PutCommand({ TableName: aws.tableName, Item: legacy }),
    );

    // Act
    const outcome = await table.apply(agentItem(pk, 1_000, 'new'));

    // Assess
    expect(outcome).toBe('applied');
    expect((await table.getAgent(pk))?.lastEventId).toBe('new');
  });
});
