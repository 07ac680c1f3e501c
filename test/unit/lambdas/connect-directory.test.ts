import {
  ConnectClient,
  GetCurrentUserDataCommand,
  ListQueuesCommand,
  SearchUsersCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectDirectory } from '../../../lambdas/src/connect/directory';
import { Budget } from '../../../lambdas/src/shared/budget';

const instance = {
  instanceId: 'inst-1',
  instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/inst-1',
};
const connectMock = mockClient(ConnectClient);

function directory(): ConnectDirectory {
  return new ConnectDirectory(new ConnectClient({ region: 'us-east-1' }), {
    agentCacheTtlMs: 60_000,
    queueCacheTtlMs: 60_000,
  });
}

describe('ConnectDirectory', () => {
  beforeEach(() => connectMock.reset());

  it('finds a user by exact username and caches the answer', async () => {
    // Prepare
    connectMock.on(SearchUsersCommand).resolves({
      Users: [
        { Id: 'e5', Arn: `${instance.instanceArn}/agent/e5`, Username: '005SB0000005EVE@00DSB0000000ORG' },
      ],
    });
    const dir = directory();

    // Act
    const first = await dir.findAgentByUsername(
      '005SB0000005EVE@00DSB0000000ORG',
      instance,
      Budget.start(5000),
    );
    const second = await dir.findAgentByUsername(
      '005SB0000005EVE@00DSB0000000ORG',
      instance,
      Budget.start(5000),
    );

    // Assess
    expect(first).toEqual({
      connectUserId: 'e5',
      arn: `${instance.instanceArn}/agent/e5`,
      mappedBy: 'scv-username',
    });
    expect(second).toEqual(first);
    expect(connectMock).toHaveReceivedCommandTimes(SearchUsersCommand, 1);
    expect(connectMock).toHaveReceivedCommandWith(SearchUsersCommand, {
      InstanceId: 'inst-1',
      SearchCriteria: {
        StringCondition: {
          FieldName: 'Username',
          Value: '005SB0000005EVE@00DSB0000000ORG',
          ComparisonType: 'EXACT',
        },
      },
    });
  });

  it('caches a miss too, so unmapped agents do not spend the SearchUsers quota', async () => {
    connectMock.on(SearchUsersCommand).resolves({ Users: [] });
    const dir = directory();
    expect(await dir.findAgentByUsername('nobody', instance, Budget.start(5000))).toBeUndefined();
    expect(await dir.findAgentByUsername('nobody', instance, Budget.start(5000))).toBeUndefined();
    expect(connectMock).toHaveReceivedCommandTimes(SearchUsersCommand, 1);
  });

  it('reads live state for one agent with NextStatus', async () => {
    // Prepare
    connectMock.on(GetCurrentUserDataCommand).resolves({
      UserDataList: [
        {
          User: { Id: 'c3', Arn: 'arn' },
          Status: { StatusName: 'Available' },
          NextStatus: 'Offline',
          AvailableSlotsByChannel: { VOICE: 1 },
        },
      ],
    });

    // Act
    const state = await directory().getAgentState('c3', instance, Budget.start(5000));

    // Assess
    expect(state).toEqual({
      loggedIn: true,
      statusName: 'Available',
      nextStatus: 'Offline',
      availableVoiceSlots: 1,
    });
    expect(connectMock).toHaveReceivedCommandWith(GetCurrentUserDataCommand, {
      InstanceId: 'inst-1',
      Filters: { Agents: ['c3'] },
    });
  });

  it('reports a user Connect does not list as logged out', async () => {
    connectMock.on(GetCurrentUserDataCommand).resolves({ UserDataList: [] });
    expect(await directory().getAgentState('b2', instance, Budget.start(5000))).toEqual({ loggedIn: false });
  });

  it('lets throttling through to the caller (which reports status unknown)', async () => {
    connectMock
      .on(GetCurrentUserDataCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(directory().getAgentState('a1', instance, Budget.start(5000))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });

  it('pages through standard queues once and answers later lookups from memory', async () => {
    // Prepare
    connectMock
      .on(ListQueuesCommand)
      .resolvesOnce({ QueueSummaryList: [{ Name: 'Support', Arn: 'arn:q:support' }], NextToken: 't2' })
      .resolvesOnce({ QueueSummaryList: [{ Name: 'Billing', Arn: 'arn:q:billing' }] });
    const dir = directory();

    // Act
    const billing = await dir.queueArnByName('Billing', instance, Budget.start(5000));
    const support = await dir.queueArnByName('Support', instance, Budget.start(5000));
    const missing = await dir.queueArnByName('Nope', instance, Budget.start(5000));

    // Assess
    expect([billing, support, missing]).toEqual(['arn:q:billing', 'arn:q:support', undefined]);
    expect(connectMock).toHaveReceivedCommandTimes(ListQueuesCommand, 2);
    expect(connectMock).toHaveReceivedCommandWith(ListQueuesCommand, {
      InstanceId: 'inst-1',
      QueueTypes: ['STANDARD'],
    });
  });
});
