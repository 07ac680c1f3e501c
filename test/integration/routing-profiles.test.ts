/**
 * Routing profiles in the Connect emulator, read with the real SDK and through the Lambda's
 * directory: each agent's profile, the queues it serves, and GetCurrentUserData's queue filter.
 */
import {
  ConnectClient,
  DescribeUserCommand,
  GetCurrentUserDataCommand,
  ListRoutingProfileQueuesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-connect';

import { ConnectDirectory } from '../../lambdas/src/connect/directory';
import { Budget } from '../../lambdas/src/shared/budget';
import { startConnectEmulator, type ConnectEmulator } from '../../scripts/sandbox/connect/connect-emulator';
import {
  buildSampleData,
  queueArn,
  SAMPLE_QUEUES,
  sampleAgent,
  type ConnectData,
} from '../../scripts/sandbox/sample-data';
import { ALL_QUEUES_PROFILE_ID, SUPPORT_PROFILE_ID } from '../../scripts/sandbox/sample-routing';

const HANA_ID = sampleAgent('hana').connectUserId as string;
const ANA_ID = sampleAgent('ana').connectUserId as string;
const FAY_ID = sampleAgent('fay').connectUserId as string;
const arnOf = (name: string): string => queueArn(SAMPLE_QUEUES.find((q) => q.name === name)?.id as string);

let emulator: ConnectEmulator;
let data: ConnectData;
let client: ConnectClient;

beforeAll(async () => {
  data = buildSampleData(new Date()).connect;
  emulator = await startConnectEmulator({ port: 0, data });
  client = new ConnectClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

describe('routing profiles in the Connect emulator', () => {
  it("reports each agent's own routing profile in GetCurrentUserData and DescribeUser", async () => {
    const out = await client.send(
      new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: [HANA_ID, ANA_ID] } }),
    );
    const byId = new Map(out.UserDataList?.map((u) => [u.User?.Id, u.RoutingProfile?.Id]));
    expect(byId.get(HANA_ID)).toBe(SUPPORT_PROFILE_ID);
    expect(byId.get(ANA_ID)).toBe(ALL_QUEUES_PROFILE_ID);
    const hana = await client.send(new DescribeUserCommand({ InstanceId: data.instanceId, UserId: HANA_ID }));
    expect(hana.User?.RoutingProfileId).toBe(SUPPORT_PROFILE_ID);
  });

  it('lists the voice queues a profile serves', async () => {
    const out = await client.send(
      new ListRoutingProfileQueuesCommand({
        InstanceId: data.instanceId,
        RoutingProfileId: SUPPORT_PROFILE_ID,
      }),
    );
    expect(out.RoutingProfileQueueConfigSummaryList?.map((q) => q.QueueName).sort()).toEqual([
      'BasicQueue',
      'Support',
    ]);
    expect(out.RoutingProfileQueueConfigSummaryList?.[0]).toMatchObject({ Channel: 'VOICE', Priority: 1 });
  });

  it('answers ResourceNotFoundException for an unknown profile', async () => {
    await expect(
      client.send(
        new ListRoutingProfileQueuesCommand({
          InstanceId: data.instanceId,
          RoutingProfileId: '0c000000-0000-4000-8000-0000000000ff',
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('reports for a queue only the agents whose profile serves it', async () => {
    const billing = await client.send(
      new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Queues: [arnOf('Billing')] } }),
    );
    const ids = billing.UserDataList?.map((u) => u.User?.Id) ?? [];
    expect(ids).toContain(ANA_ID);
    expect(ids).not.toContain(HANA_ID);
  });

  it("shows a busy agent's call as an active voice slot", async () => {
    const out = await client.send(
      new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: [FAY_ID] } }),
    );
    expect(out.UserDataList?.[0]).toMatchObject({
      AvailableSlotsByChannel: { VOICE: 0 },
      ActiveSlotsByChannel: { VOICE: 1 },
    });
  });

  it("the Lambda's directory reads a profile's queues once and then from its cache", async () => {
    emulator.clearJournal();
    const dir = new ConnectDirectory(client, { agentCacheTtlMs: 60_000, queueCacheTtlMs: 60_000 });
    const instance = { instanceId: data.instanceId, instanceArn: data.instanceArn };
    const first = await dir.routingProfileQueueArns(SUPPORT_PROFILE_ID, instance, Budget.start(5000));
    const second = await dir.routingProfileQueueArns(SUPPORT_PROFILE_ID, instance, Budget.start(5000));
    expect(first).toEqual(expect.arrayContaining([arnOf('Support'), arnOf('BasicQueue')]));
    expect(first).not.toContain(arnOf('Billing'));
    expect(second).toEqual(first);
    expect(emulator.journal.filter((e) => e.operation === 'ListRoutingProfileQueues')).toHaveLength(1);
  });
});
