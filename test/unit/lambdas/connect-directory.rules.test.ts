/**
 * `ConnectDirectory`'s rules that routing depends on: which user a search result is, what is
 * cached per instance (and what never is), that every request is counted and runs on the
 * caller's signal, and that listings are followed to their last page.
 */
import {
  ConnectClient,
  GetCurrentUserDataCommand,
  ListQueuesCommand,
  ListRoutingProfileQueuesCommand,
  SearchUsersCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectDirectory } from '../../../lambdas/src/connect/directory';
import { Budget } from '../../../lambdas/src/shared/budget';

const connectMock = mockClient(ConnectClient);
const A = { instanceId: 'inst-a', instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/inst-a' };
const B = { instanceId: 'inst-b', instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/inst-b' };

const directory = (negativeCacheTtlMs?: number): ConnectDirectory =>
  new ConnectDirectory(new ConnectClient({ region: 'us-east-1' }), {
    agentCacheTtlMs: 60_000,
    queueCacheTtlMs: 60_000,
    negativeCacheTtlMs,
  });

/** The options (second argument) of every `send` of `command`. */
const optionsOf = (command: Parameters<typeof connectMock.commandCalls>[0]): unknown[] =>
  connectMock.commandCalls(command).map((c) => (c.args as unknown[])[1]);

beforeEach(() => connectMock.reset());
afterEach(() => jest.restoreAllMocks());

describe('ConnectDirectory.findAgentByUsername', () => {
  it('takes the user whose username matches exactly (ignoring case), on the caller’s signal', async () => {
    // Prepare: SearchUsers may return near matches first
    connectMock.on(SearchUsersCommand).resolves({
      Users: [
        { Id: 'near', Arn: 'arn:near', Username: 'eve@org.example' },
        { Id: 'e5', Arn: 'arn:e5', Username: 'EVE@ORG' },
      ],
    });
    const dir = directory();
    const budget = Budget.start(1_000);

    // Act
    const agent = await dir.findAgentByUsername('eve@org', A, budget);

    // Assess
    expect(agent).toEqual({ connectUserId: 'e5', arn: 'arn:e5', mappedBy: 'scv-username' });
    expect(dir.requests).toBe(1);
    expect(optionsOf(SearchUsersCommand)).toEqual([{ abortSignal: budget.signal }]);
  });

  it.each([
    ['no users', {}],
    ['a user without a username', { Users: [{ Id: 'x', Arn: 'arn:x' }] }],
    ['a match without an id', { Users: [{ Arn: 'arn:x', Username: 'eve@org' }] }],
    ['a match without an ARN', { Users: [{ Id: 'x', Username: 'eve@org' }] }],
  ])('finds nobody in %s', async (_what, out) => {
    connectMock.on(SearchUsersCommand).resolves(out);
    expect(await directory().findAgentByUsername('eve@org', A, Budget.start(1_000))).toBeUndefined();
  });

  it('caches per instance: the same username in another instance is searched again', async () => {
    // Prepare
    connectMock
      .on(SearchUsersCommand)
      .resolves({ Users: [{ Id: 'e5', Arn: 'arn:e5', Username: 'eve@org' }] });
    const dir = directory();

    // Act
    await dir.findAgentByUsername('eve@org', A, Budget.start(1_000));
    await dir.findAgentByUsername('eve@org', A, Budget.start(1_000));
    await dir.findAgentByUsername('eve@org', B, Budget.start(1_000));

    // Assess
    expect(connectMock).toHaveReceivedCommandTimes(SearchUsersCommand, 2);
    expect(dir.requests).toBe(2);
  });

  it('remembers a miss for a minute by default, and for the configured time when given', async () => {
    // Prepare
    connectMock.on(SearchUsersCommand).resolves({ Users: [] });
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    const byDefault = directory();
    const configured = directory(5_000);
    const search = async (dir: ConnectDirectory): Promise<void> => {
      await dir.findAgentByUsername('new@org', A, Budget.start(1_000));
    };

    // Act
    await search(byDefault);
    await search(configured);
    now += 5_001;
    await search(byDefault);
    await search(configured);
    now += 55_000;
    await search(byDefault);

    // Assess: default searched at 0 and 60 s; configured at 0 and 5 s
    expect([byDefault.requests, configured.requests]).toEqual([2, 2]);
  });
});

describe('ConnectDirectory.getAgentState', () => {
  it('reads the agent’s live state on every call, on the caller’s signal', async () => {
    // Prepare
    connectMock.on(GetCurrentUserDataCommand).resolves({
      UserDataList: [
        { User: { Id: 'other' }, Status: { StatusName: 'Lunch' } },
        {
          User: { Id: 'a1' },
          Status: { StatusName: 'Available' },
          NextStatus: 'Offline',
          AvailableSlotsByChannel: { VOICE: 1 },
          RoutingProfile: { Id: 'rp-1' },
        },
      ],
    });
    const dir = directory();
    const budget = Budget.start(1_000);

    // Act
    const first = await dir.getAgentState('a1', A, budget);
    await dir.getAgentState('a1', A, budget);

    // Assess
    expect(first).toEqual({
      loggedIn: true,
      statusName: 'Available',
      nextStatus: 'Offline',
      availableVoiceSlots: 1,
      routingProfileId: 'rp-1',
    });
    expect(dir.requests).toBe(2);
    expect(optionsOf(GetCurrentUserDataCommand)).toEqual([
      { abortSignal: budget.signal },
      { abortSignal: budget.signal },
    ]);
    expect(connectMock).toHaveReceivedCommandWith(GetCurrentUserDataCommand, {
      InstanceId: 'inst-a',
      Filters: { Agents: ['a1'] },
    });
  });

  it('reads a sparse answer without failing, and an empty next status as none', async () => {
    connectMock
      .on(GetCurrentUserDataCommand)
      .resolves({ UserDataList: [{ User: { Id: 'a1' }, NextStatus: '' }] });
    expect(await directory().getAgentState('a1', A, Budget.start(1_000))).toEqual({
      loggedIn: true,
      statusName: undefined,
      nextStatus: undefined,
      availableVoiceSlots: undefined,
      routingProfileId: undefined,
    });
  });

  it.each([
    ['no list', {}],
    ['only other agents', { UserDataList: [{ User: { Id: 'other' } }, {}] }],
  ])('says logged out when Connect reports %s', async (_what, out) => {
    connectMock.on(GetCurrentUserDataCommand).resolves(out);
    expect(await directory().getAgentState('a1', A, Budget.start(1_000))).toEqual({ loggedIn: false });
  });
});

describe('ConnectDirectory queues', () => {
  it('lists every page of standard queues once per instance, on the first caller’s signal', async () => {
    // Prepare
    connectMock
      .on(ListQueuesCommand, { InstanceId: 'inst-a', NextToken: undefined })
      .resolves({
        QueueSummaryList: [{ Name: 'Support', Arn: 'arn:support' }, { Name: 'NoArn' }],
        NextToken: 'p2',
      })
      .on(ListQueuesCommand, { InstanceId: 'inst-a', NextToken: 'p2' })
      .resolves({ QueueSummaryList: [{ Name: 'Billing', Arn: 'arn:billing' }, { Arn: 'arn:nameless' }] })
      .on(ListQueuesCommand, { InstanceId: 'inst-b' })
      .resolves({});
    const dir = directory();
    const budget = Budget.start(1_000);

    // Act
    const billing = await dir.queueArnByName('Billing', A, budget);
    const support = await dir.queueArnByName('Support', A, Budget.start(1_000));
    const noArn = await dir.queueArnByName('NoArn', A, Budget.start(1_000));
    const inB = await dir.queueArnByName('Billing', B, Budget.start(1_000));

    // Assess
    expect([billing, support, noArn, inB]).toEqual(['arn:billing', 'arn:support', undefined, undefined]);
    expect(dir.requests).toBe(3);
    expect(optionsOf(ListQueuesCommand).slice(0, 2)).toEqual([
      { abortSignal: budget.signal },
      { abortSignal: budget.signal },
    ]);
    expect(connectMock).toHaveReceivedCommandWith(ListQueuesCommand, {
      InstanceId: 'inst-a',
      QueueTypes: ['STANDARD'],
      MaxResults: 100,
    });
  });

  it('reads a routing profile’s voice queues over every page, once per instance and profile', async () => {
    // Prepare
    connectMock
      .on(ListRoutingProfileQueuesCommand, { NextToken: undefined })
      .resolves({
        RoutingProfileQueueConfigSummaryList: [
          { QueueArn: 'arn:q1', Channel: 'VOICE' },
          { QueueArn: 'arn:chat', Channel: 'CHAT' },
        ] as never,
        NextToken: 'p2',
      })
      .on(ListRoutingProfileQueuesCommand, { NextToken: 'p2' })
      .resolves({
        RoutingProfileQueueConfigSummaryList: [
          { QueueArn: 'arn:q2', Channel: 'VOICE' },
          { Channel: 'VOICE' },
        ] as never,
      });
    const dir = directory();
    const budget = Budget.start(1_000);

    // Act
    const first = await dir.routingProfileQueueArns('rp-1', A, budget);
    const again = await dir.routingProfileQueueArns('rp-1', A, Budget.start(1_000));
    await dir.routingProfileQueueArns('rp-1', B, Budget.start(1_000));

    // Assess
    expect(first).toEqual(['arn:q1', 'arn:q2']);
    expect(again).toEqual(first);
    expect(dir.requests).toBe(4);
    expect(optionsOf(ListRoutingProfileQueuesCommand).slice(0, 2)).toEqual([
      { abortSignal: budget.signal },
      { abortSignal: budget.signal },
    ]);
    expect(connectMock).toHaveReceivedCommandWith(ListRoutingProfileQueuesCommand, {
      InstanceId: 'inst-a',
      RoutingProfileId: 'rp-1',
      MaxResults: 100,
    });
  });

  it('caches a profile that serves no voice queue too', async () => {
    connectMock.on(ListRoutingProfileQueuesCommand).resolves({});
    const dir = directory();
    await dir.routingProfileQueueArns('rp-chat', A, Budget.start(1_000));
    expect(await dir.routingProfileQueueArns('rp-chat', A, Budget.start(1_000))).toEqual([]);
    expect(dir.requests).toBe(1);
  });
});
