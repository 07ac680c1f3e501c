/**
 * The Connect emulator against the real `@aws-sdk/client-connect`: every supported operation,
 * the paginators, AWS-shaped errors, quotas and the journal.
 */
import {
  AssociateLambdaFunctionCommand,
  ConnectClient,
  CreateContactFlowCommand,
  DescribeContactFlowCommand,
  DescribeUserCommand,
  InvalidContactFlowException,
  ListContactFlowsCommand,
  ListLambdaFunctionsCommand,
  UpdateContactFlowContentCommand,
  paginateListContactFlows,
  paginateListLambdaFunctions,
  GetCurrentUserDataCommand,
  ListQueuesCommand,
  ListUsersCommand,
  SearchUsersCommand,
  UpdateContactAttributesCommand,
  paginateListQueues,
  paginateListUsers,
  paginateSearchUsers,
  type QueueSummary,
  type UserSearchSummary,
  type UserSummary,
} from '@aws-sdk/client-connect';

import { startConnectEmulator, type ConnectEmulator } from '../../scripts/sandbox/connect/connect-emulator';
import { buildSampleData, sampleAgent, agentArn, type ConnectData } from '../../scripts/sandbox/sample-data';

const ana = sampleAgent('ana');
const ben = sampleAgent('ben');
const carla = sampleAgent('carla');
const eve = sampleAgent('eve');
const ANA_ID = ana.connectUserId as string;
const BEN_ID = ben.connectUserId as string;
const CARLA_ID = carla.connectUserId as string;
const EVE_ID = eve.connectUserId as string;
const UNKNOWN_INSTANCE = '00000000-0000-4000-8000-000000000000';

let emulator: ConnectEmulator;
let data: ConnectData;
let client: ConnectClient;

const newClient = (endpoint?: string): ConnectClient =>
  new ConnectClient({
    region: 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });

beforeAll(async () => {
  data = buildSampleData(new Date()).connect;
  emulator = await startConnectEmulator({ port: 0, data });
  client = newClient(emulator.url);
});

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

beforeEach(() => {
  emulator.clearFaults();
  emulator.clearJournal();
});

describe('GetCurrentUserData', () => {
  it('reports status, next status and slots for logged-in agents', async () => {
    // Prepare
    const agents = [ANA_ID, BEN_ID, CARLA_ID];

    // Act
    const out = await client.send(
      new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: agents } }),
    );

    // Assess
    expect(out.ApproximateTotalCount).toBe(3);
    const byId = new Map(out.UserDataList?.map((u) => [u.User?.Id, u]));
    const anaData = byId.get(ANA_ID);
    expect(anaData?.User?.Arn).toBe(agentArn(ANA_ID));
    expect(anaData?.Status?.StatusName).toBe('Available');
    expect(anaData?.Status?.StatusStartTimestamp).toBeInstanceOf(Date);
    expect(anaData?.Status?.StatusArn).toMatch(new RegExp(`^${data.instanceArn}/agent-state/[0-9a-f-]{36}$`));
    expect(anaData?.NextStatus).toBeUndefined();
    expect(anaData?.AvailableSlotsByChannel).toEqual({ VOICE: 1, CHAT: 0, TASK: 0 });
    expect(anaData?.MaxSlotsByChannel?.VOICE).toBe(1);
    expect(anaData?.ActiveSlotsByChannel?.VOICE).toBe(0);
    expect(anaData?.Contacts).toEqual([]);
    expect(anaData?.RoutingProfile?.Arn).toContain('/routing-profile/');
    expect(byId.get(BEN_ID)?.Status?.StatusName).toBe('Offline');
    expect(byId.get(BEN_ID)?.AvailableSlotsByChannel?.VOICE).toBe(0);
    expect(byId.get(CARLA_ID)?.Status?.StatusName).toBe('Available');
    expect(byId.get(CARLA_ID)?.NextStatus).toBe('Offline');
  });

  it('accepts agent ARNs and the instance ARN', async () => {
    // Act
    const out = await client.send(
      new GetCurrentUserDataCommand({
        InstanceId: data.instanceArn,
        Filters: { Agents: [agentArn(EVE_ID)] },
      }),
    );

    // Assess
    expect(out.UserDataList?.map((u) => u.User?.Id)).toEqual([EVE_ID]);
  });

  it('leaves out logged-out agents and follows setUserState', async () => {
    // Prepare
    emulator.removeUserState(BEN_ID);
    emulator.setUserState(ANA_ID, { status: 'Lunch', availableVoiceSlots: 0 });

    try {
      // Act
      const out = await client.send(
        new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: [ANA_ID, BEN_ID] } }),
      );

      // Assess
      expect(out.UserDataList?.map((u) => u.User?.Id)).toEqual([ANA_ID]);
      expect(out.UserDataList?.[0]?.Status?.StatusName).toBe('Lunch');
      expect(out.UserDataList?.[0]?.AvailableSlotsByChannel?.VOICE).toBe(0);
      expect(out.ApproximateTotalCount).toBe(1);
    } finally {
      emulator.setUserState(ANA_ID, { status: 'Available', availableVoiceSlots: 1 });
      emulator.setUserState(BEN_ID, { status: 'Offline', availableVoiceSlots: 0 });
    }
  });

  it('clears a pending next status when the status changes', async () => {
    // Prepare
    emulator.setUserState(CARLA_ID, { status: 'Offline' });

    try {
      // Act
      const out = await client.send(
        new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: [CARLA_ID] } }),
      );

      // Assess
      expect(out.UserDataList?.[0]?.Status?.StatusName).toBe('Offline');
      expect(out.UserDataList?.[0]?.NextStatus).toBeUndefined();
    } finally {
      emulator.setUserState(CARLA_ID, { status: 'Available', nextStatus: 'Offline' });
    }
  });

  it('filters by queue: a known standard queue returns everyone logged in', async () => {
    // Prepare
    const queue = data.queues[0];

    // Act
    const known = await client.send(
      new GetCurrentUserDataCommand({
        InstanceId: data.instanceId,
        Filters: { Queues: [queue?.id as string] },
      }),
    );
    const unknown = await client.send(
      new GetCurrentUserDataCommand({
        InstanceId: data.instanceId,
        Filters: { Queues: ['0f000000-0000-4000-8000-000000000000'] },
      }),
    );

    // Assess
    expect(known.UserDataList).toHaveLength(data.userStates.length);
    expect(unknown.UserDataList).toEqual([]);
  });

  it('rejects more than 100 agents, no filter and two filters', async () => {
    // Prepare
    const tooMany = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );

    // Act / Assess
    await expect(
      client.send(
        new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: tooMany } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', $metadata: { httpStatusCode: 400 } });
    await expect(
      client.send(new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: {} })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(
      client.send(
        new GetCurrentUserDataCommand({
          InstanceId: data.instanceId,
          Filters: { Agents: [ANA_ID], Queues: [data.queues[0]?.id as string] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });

  it('rejects an agent ARN of another instance', async () => {
    // Prepare
    const foreign = `arn:aws:connect:us-east-1:123456789012:instance/${UNKNOWN_INSTANCE}/agent/${ANA_ID}`;

    // Act / Assess
    await expect(
      client.send(
        new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: [foreign] } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('SearchUsers', () => {
  it('finds Eve by her SCV-convention username (EXACT)', async () => {
    // Act
    const out = await client.send(
      new SearchUsersCommand({
        InstanceId: data.instanceId,
        SearchCriteria: {
          StringCondition: {
            FieldName: 'Username',
            Value: '005SB0000005EVE@00DSB0000000ORG',
            ComparisonType: 'EXACT',
          },
        },
      }),
    );

    // Assess
    expect(out.ApproximateTotalCount).toBe(1);
    expect(out.Users?.[0]).toMatchObject({
      Id: EVE_ID,
      Arn: agentArn(EVE_ID),
      Username: '005SB0000005EVE@00DSB0000000ORG',
      IdentityInfo: { FirstName: 'Eve', LastName: 'Martin' },
    });
  });

  it('supports STARTS_WITH, CONTAINS, AndConditions and OrConditions', async () => {
    // Act
    const starts = await client.send(
      new SearchUsersCommand({
        InstanceId: data.instanceArn,
        SearchCriteria: {
          StringCondition: { FieldName: 'Username', Value: 'ana.', ComparisonType: 'STARTS_WITH' },
        },
      }),
    );
    const and = await client.send(
      new SearchUsersCommand({
        InstanceId: data.instanceId,
        SearchCriteria: {
          AndConditions: [
            { StringCondition: { FieldName: 'FirstName', Value: 'Carla', ComparisonType: 'EXACT' } },
            { StringCondition: { FieldName: 'LastName', Value: 'oss', ComparisonType: 'CONTAINS' } },
          ],
        },
      }),
    );
    const or = await client.send(
      new SearchUsersCommand({
        InstanceId: data.instanceId,
        SearchCriteria: {
          OrConditions: [
            { StringCondition: { FieldName: 'FirstName', Value: 'Ben', ComparisonType: 'EXACT' } },
            { StringCondition: { FieldName: 'ResourceId', Value: ANA_ID, ComparisonType: 'EXACT' } },
          ],
        },
      }),
    );
    const none = await client.send(
      new SearchUsersCommand({
        InstanceId: data.instanceId,
        SearchCriteria: {
          StringCondition: { FieldName: 'Username', Value: 'dev.patel', ComparisonType: 'EXACT' },
        },
      }),
    );

    // Assess
    expect(starts.Users?.map((u) => u.Id)).toEqual([ANA_ID]);
    expect(and.Users?.map((u) => u.Id)).toEqual([CARLA_ID]);
    expect(or.Users?.map((u) => u.Id).sort()).toEqual([ANA_ID, BEN_ID].sort());
    expect(none.Users).toEqual([]);
    expect(none.ApproximateTotalCount).toBe(0);
  });

  it('rejects an unsupported field and a missing instance', async () => {
    // Act / Assess
    await expect(
      client.send(
        new SearchUsersCommand({
          InstanceId: data.instanceId,
          SearchCriteria: { StringCondition: { FieldName: 'Email', Value: 'x', ComparisonType: 'EXACT' } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(client.send(new SearchUsersCommand({ InstanceId: undefined }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('pages with paginateSearchUsers', async () => {
    // Prepare
    const users: UserSearchSummary[] = [];
    let pages = 0;

    // Act
    for await (const pageOut of paginateSearchUsers(
      { client, pageSize: 2 },
      { InstanceId: data.instanceId },
    )) {
      pages += 1;
      users.push(...(pageOut.Users ?? []));
    }

    // Assess
    expect(pages).toBe(Math.ceil(data.users.length / 2));
    expect(users.map((u) => u.Id)).toEqual(data.users.map((u) => u.id));
  });
});

describe('DescribeUser', () => {
  it('describes a user', async () => {
    // Act
    const out = await client.send(new DescribeUserCommand({ InstanceId: data.instanceId, UserId: ANA_ID }));

    // Assess
    expect(out.User).toMatchObject({
      Id: ANA_ID,
      Arn: agentArn(ANA_ID),
      Username: 'ana.lopez',
      IdentityInfo: { FirstName: 'Ana', LastName: 'Lopez' },
      PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    });
    expect(out.User?.RoutingProfileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.User?.LastModifiedTime).toBeInstanceOf(Date);
  });

  it('answers 404 ResourceNotFoundException for an unknown user', async () => {
    // Act / Assess
    await expect(
      client.send(
        new DescribeUserCommand({
          InstanceId: data.instanceId,
          UserId: '99999999-0000-4000-8000-000000000000',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });
});

describe('ListUsers', () => {
  it('lists users and pages with paginateListUsers', async () => {
    // Prepare
    const users: UserSummary[] = [];
    let pages = 0;

    // Act
    const first = await client.send(new ListUsersCommand({ InstanceId: data.instanceId, MaxResults: 3 }));
    for await (const pageOut of paginateListUsers({ client, pageSize: 3 }, { InstanceId: data.instanceId })) {
      pages += 1;
      users.push(...(pageOut.UserSummaryList ?? []));
    }

    // Assess
    expect(first.UserSummaryList).toHaveLength(3);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(pages).toBe(Math.ceil(data.users.length / 3));
    expect(users.map((u) => u.Username)).toEqual(data.users.map((u) => u.username));
    expect(users[0]?.Arn).toBe(agentArn(data.users[0]?.id as string));
  });

  it('rejects MaxResults out of range and a forged NextToken', async () => {
    // Act / Assess
    await expect(
      client.send(new ListUsersCommand({ InstanceId: data.instanceId, MaxResults: 1001 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      client.send(new ListUsersCommand({ InstanceId: data.instanceId, NextToken: 'not-a-token' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('ListQueues', () => {
  it('lists standard queues by type', async () => {
    // Act
    const out = await client.send(
      new ListQueuesCommand({ InstanceId: data.instanceId, QueueTypes: ['STANDARD'] }),
    );

    // Assess
    expect(out.QueueSummaryList?.map((q) => q.Name)).toEqual(data.queues.map((q) => q.name));
    expect(out.QueueSummaryList?.[0]).toMatchObject({
      Id: data.queues[0]?.id,
      Arn: `${data.instanceArn}/queue/${data.queues[0]?.id}`,
      QueueType: 'STANDARD',
    });
  });

  it('lists agent queues without a name, with the user id as queue id', async () => {
    // Act
    const out = await client.send(
      new ListQueuesCommand({ InstanceId: data.instanceId, QueueTypes: ['AGENT'] }),
    );

    // Assess
    expect(out.QueueSummaryList).toHaveLength(data.users.length);
    const anaQueue = out.QueueSummaryList?.find((q) => q.Id === ANA_ID);
    expect(anaQueue).toMatchObject({ QueueType: 'AGENT', Arn: `${data.instanceArn}/queue/agent/${ANA_ID}` });
    expect(anaQueue?.Name).toBeUndefined();
  });

  it('pages all queues with paginateListQueues', async () => {
    // Prepare
    const queues: QueueSummary[] = [];
    let pages = 0;

    // Act
    for await (const pageOut of paginateListQueues(
      { client, pageSize: 2 },
      { InstanceId: data.instanceId, QueueTypes: ['STANDARD', 'AGENT'] },
    )) {
      pages += 1;
      queues.push(...(pageOut.QueueSummaryList ?? []));
    }

    // Assess
    const total = data.queues.length + data.users.length;
    expect(queues).toHaveLength(total);
    expect(pages).toBe(Math.ceil(total / 2));
    expect(new Set(queues.map((q) => q.Arn)).size).toBe(total);
  });

  it('rejects an unknown queue type', async () => {
    // Act / Assess
    await expect(
      client.send(
        new ListQueuesCommand({ InstanceId: data.instanceId, QueueTypes: ['PRIORITY' as 'AGENT'] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('UpdateContactAttributes', () => {
  const contactId = 'c0ffee00-0000-4000-8000-00000000abcd';

  it('stores and merges attributes per initial contact', async () => {
    // Act
    const first = await client.send(
      new UpdateContactAttributesCommand({
        InstanceId: data.instanceId,
        InitialContactId: contactId,
        Attributes: { lastAgentArn: agentArn(ANA_ID), 'sfdc-Call_Reason__c': 'Router' },
      }),
    );
    await client.send(
      new UpdateContactAttributesCommand({
        InstanceId: data.instanceId,
        InitialContactId: contactId,
        Attributes: { lastAgentOutcome: 'AGENT_AVAILABLE' },
      }),
    );

    // Assess
    expect(first.$metadata.httpStatusCode).toBe(200);
    expect(emulator.contactAttributes.get(contactId)).toEqual({
      lastAgentArn: agentArn(ANA_ID),
      'sfdc-Call_Reason__c': 'Router',
      lastAgentOutcome: 'AGENT_AVAILABLE',
    });
  });

  it('rejects bad keys and more than 32,768 bytes', async () => {
    // Prepare
    const big = 'x'.repeat(32_768);

    // Act / Assess
    await expect(
      client.send(
        new UpdateContactAttributesCommand({
          InstanceId: data.instanceId,
          InitialContactId: 'c0ffee00-0000-4000-8000-00000000ffff',
          Attributes: { 'bad key!': 'v' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      client.send(
        new UpdateContactAttributesCommand({
          InstanceId: data.instanceId,
          InitialContactId: 'c0ffee00-0000-4000-8000-00000000ffff',
          Attributes: { big },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(emulator.contactAttributes.has('c0ffee00-0000-4000-8000-00000000ffff')).toBe(false);
  });

  it('rejects a missing InitialContactId', async () => {
    // Act / Assess
    await expect(
      client.send(
        new UpdateContactAttributesCommand({
          InstanceId: data.instanceId,
          InitialContactId: undefined,
          Attributes: { a: 'b' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('errors', () => {
  it('answers 404 ResourceNotFoundException for an unknown instance on every operation', async () => {
    // Prepare
    const calls = [
      () =>
        client.send(
          new GetCurrentUserDataCommand({ InstanceId: UNKNOWN_INSTANCE, Filters: { Agents: [ANA_ID] } }),
        ),
      () => client.send(new SearchUsersCommand({ InstanceId: UNKNOWN_INSTANCE })),
      () => client.send(new DescribeUserCommand({ InstanceId: UNKNOWN_INSTANCE, UserId: ANA_ID })),
      () => client.send(new ListUsersCommand({ InstanceId: UNKNOWN_INSTANCE })),
      () => client.send(new ListQueuesCommand({ InstanceId: UNKNOWN_INSTANCE })),
      () =>
        client.send(
          new UpdateContactAttributesCommand({
            InstanceId: UNKNOWN_INSTANCE,
            InitialContactId: 'c',
            Attributes: {},
          }),
        ),
    ];

    // Act / Assess
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: expect.stringContaining('Instance not found'),
        $metadata: { httpStatusCode: 404 },
      });
    }
  });

  it('throttles GetCurrentUserData and SearchUsers beyond the burst', async () => {
    // Prepare: 2 requests/s gives a burst of 5.
    emulator.setFaults({ throttleRatePerSecond: 2 });
    const call = (): Promise<unknown> =>
      client.send(
        new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: [ANA_ID] } }),
      );

    // Act
    const results = await Promise.allSettled(Array.from({ length: 8 }, call));
    const search = await client.send(new SearchUsersCommand({ InstanceId: data.instanceId })).then(
      () => 'ok',
      (e: Error) => e.name,
    );
    const unmetered = await client.send(new ListUsersCommand({ InstanceId: data.instanceId }));

    // Assess
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(rejected).toHaveLength(3);
    for (const r of rejected) {
      expect(r.reason).toMatchObject({
        name: 'ThrottlingException',
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 429 },
      });
    }
    // Quotas are per API: SearchUsers has its own bucket, ListUsers none.
    expect(search).toBe('ok');
    expect(unmetered.UserSummaryList?.length).toBe(data.users.length);
  });

  it('refills the bucket over time', async () => {
    // Prepare: rate 5/s → burst 12.5; drain it, then wait long enough for one token (200 ms).
    emulator.setFaults({ throttleRatePerSecond: 5 });
    const call = (): Promise<unknown> => client.send(new SearchUsersCommand({ InstanceId: data.instanceId }));
    await Promise.allSettled(Array.from({ length: 20 }, call));
    await expect(call()).rejects.toMatchObject({ name: 'ThrottlingException' });

    // Act
    await new Promise((r) => setTimeout(r, 300));
    const after = await call();

    // Assess
    expect(after).toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it('throttles and fails listed operations deterministically', async () => {
    // Prepare
    emulator.setFaults({ throttleOperations: ['DescribeUser'], failOperations: ['ListQueues'] });

    // Act / Assess
    await expect(
      client.send(new DescribeUserCommand({ InstanceId: data.instanceId, UserId: ANA_ID })),
    ).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    await expect(client.send(new ListQueuesCommand({ InstanceId: data.instanceId }))).rejects.toMatchObject({
      name: 'InternalServiceException',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(client.send(new ListUsersCommand({ InstanceId: data.instanceId }))).resolves.toBeDefined();
  });

  it('accepts faults over the admin endpoint', async () => {
    // Prepare
    await fetch(`${emulator.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failOperations: ['SearchUsers'] }),
    });

    // Act / Assess
    await expect(client.send(new SearchUsersCommand({ InstanceId: data.instanceId }))).rejects.toMatchObject({
      name: 'InternalServiceException',
    });
  });

  it('answers 403 MissingAuthenticationTokenException without SigV4', async () => {
    // Act
    const res = await fetch(`${emulator.url}/users-summary/${data.instanceId}`);
    const body = (await res.json()) as { message: string };
    const malformed = await fetch(`${emulator.url}/users-summary/${data.instanceId}`, {
      headers: { authorization: 'Bearer abc' },
    });

    // Assess
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException:/);
    expect(body.message).toBe('Missing Authentication Token');
    expect(malformed.status).toBe(403);
    expect(malformed.headers.get('x-amzn-errortype')).toMatch(/^IncompleteSignatureException:/);
  });

  it('answers 404 UnknownOperationException for routes Connect does not have', async () => {
    // Prepare: a signed-looking request so the route, not auth, decides.
    const headers = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=sandbox/20260101/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123',
      'x-amz-date': '20260101T000000Z',
    };

    // Act
    const res = await fetch(`${emulator.url}/contact-flows/${data.instanceId}`, { headers });

    // Assess
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
  });
});

describe('journal and endpoint configuration', () => {
  it('journals each operation by name', async () => {
    // Act
    await client.send(new ListUsersCommand({ InstanceId: data.instanceId }));
    await client
      .send(new DescribeUserCommand({ InstanceId: data.instanceId, UserId: BEN_ID }))
      .catch(() => undefined);
    const admin = (await (await fetch(`${emulator.url}/__sandbox/journal`)).json()) as {
      requests: { operation?: string; status: number }[];
    };

    // Assess
    expect(emulator.journal.map((e) => e.operation)).toEqual(['ListUsers', 'DescribeUser']);
    expect(admin.requests.map((e) => [e.operation, e.status])).toEqual([
      ['ListUsers', 200],
      ['DescribeUser', 200],
    ]);
  });

  it('is reachable through AWS_ENDPOINT_URL_CONNECT without an explicit endpoint', async () => {
    // Prepare
    const saved = process.env.AWS_ENDPOINT_URL_CONNECT;
    process.env.AWS_ENDPOINT_URL_CONNECT = emulator.url;
    const envClient = newClient();

    try {
      // Act
      const out = await envClient.send(
        new GetCurrentUserDataCommand({ InstanceId: data.instanceId, Filters: { Agents: [CARLA_ID] } }),
      );

      // Assess
      expect(out.UserDataList?.[0]?.NextStatus).toBe('Offline');
      expect(emulator.journal.at(-1)?.operation).toBe('GetCurrentUserData');
    } finally {
      envClient.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_CONNECT;
      else process.env.AWS_ENDPOINT_URL_CONNECT = saved;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Flows and Lambda association (used by the AWS deploy script)

/** Resolves to the error a call failed with (or undefined), so several calls can be made before asserting. */
const settle = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => undefined,
    (e: unknown) => e,
  );

/** A minimal flow-language document; `extra` adds actions before the terminal one. */
const flowContent = (extra: Record<string, unknown>[] = [], start = 'hang-up'): string =>
  JSON.stringify({
    Version: '2019-10-30',
    StartAction: start,
    Actions: [
      ...extra,
      { Identifier: 'hang-up', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });

let flowSeq = 0;
const uniqueName = (): string => `emulator test flow ${++flowSeq}`;

describe('CreateContactFlow and DescribeContactFlow', () => {
  it('creates a flow that DescribeContactFlow returns with its content, type and ARN', async () => {
    // Prepare
    const name = uniqueName();
    const content = flowContent();

    // Act
    const created = await client.send(
      new CreateContactFlowCommand({
        InstanceId: data.instanceId,
        Name: name,
        Type: 'CONTACT_FLOW',
        Content: content,
        Description: 'test',
      }),
    );
    const described = await client.send(
      new DescribeContactFlowCommand({ InstanceId: data.instanceId, ContactFlowId: created.ContactFlowId }),
    );

    // Assess
    expect(created.ContactFlowArn).toBe(`${data.instanceArn}/contact-flow/${created.ContactFlowId}`);
    expect(described.ContactFlow).toMatchObject({
      Id: created.ContactFlowId,
      Arn: created.ContactFlowArn,
      Name: name,
      Type: 'CONTACT_FLOW',
      Status: 'PUBLISHED',
      State: 'ACTIVE',
      Description: 'test',
      Content: content,
    });
    expect(described.ContactFlow?.LastModifiedTime).toBeInstanceOf(Date);
    expect(emulator.journal.map((e) => e.operation)).toEqual(['CreateContactFlow', 'DescribeContactFlow']);
  });

  it('refuses a duplicate name with DuplicateResourceException (409)', async () => {
    // Prepare
    const name = uniqueName();
    const input = {
      InstanceId: data.instanceId,
      Name: name,
      Type: 'CONTACT_FLOW' as const,
      Content: flowContent(),
    };
    await client.send(new CreateContactFlowCommand(input));

    // Act
    const second = await settle(
      client.send(new CreateContactFlowCommand({ ...input, Type: 'AGENT_TRANSFER' })),
    );

    // Assess
    expect(second).toMatchObject({
      name: 'DuplicateResourceException',
      message: expect.stringContaining(name),
      $metadata: { httpStatusCode: 409 },
    });
  });

  it.each([
    ['not JSON', '{"Version":', 'not valid JSON'],
    ['no Actions', JSON.stringify({ Version: '2019-10-30', StartAction: 'x' }), 'Actions'],
    ['a wrong Version', flowContent().replace('2019-10-30', '2017-01-01'), 'Version'],
    ['an unknown StartAction', flowContent([], 'nowhere'), 'StartAction "nowhere"'],
    [
      'more than 256,000 characters',
      flowContent([{ Identifier: 'pad', Type: 'x', Parameters: { p: 'x'.repeat(256_000) } }]),
      '256000',
    ],
  ])(
    'refuses content with %s as InvalidContactFlowException with problems',
    async (_label, content, problem) => {
      // Prepare
      const input = {
        InstanceId: data.instanceId,
        Name: uniqueName(),
        Type: 'CONTACT_FLOW' as const,
        Content: content,
      };

      // Act
      const error = await client.send(new CreateContactFlowCommand(input)).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(InvalidContactFlowException);
      const invalid = error as InvalidContactFlowException;
      expect(invalid.$metadata.httpStatusCode).toBe(400);
      expect(invalid.problems?.map((p) => p.message).join(' | ')).toContain(problem);
      expect([...emulator.contactFlows.values()].some((f) => f.name === input.Name)).toBe(false);
    },
  );

  it('refuses TransferContactToAgent in an inbound flow but accepts it in a transfer-to-agent flow', async () => {
    // Prepare
    const content = flowContent(
      [{ Identifier: 'to-agent', Type: 'TransferContactToAgent', Parameters: {}, Transitions: {} }],
      'to-agent',
    );
    const base = { InstanceId: data.instanceId, Content: content };

    // Act
    const inbound = await settle(
      client.send(new CreateContactFlowCommand({ ...base, Name: uniqueName(), Type: 'CONTACT_FLOW' })),
    );
    const transfer = await client.send(
      new CreateContactFlowCommand({ ...base, Name: uniqueName(), Type: 'AGENT_TRANSFER' }),
    );

    // Assess
    expect(inbound).toMatchObject({
      name: 'InvalidContactFlowException',
      problems: [
        { message: expect.stringContaining('TransferContactToAgent cannot be used in a CONTACT_FLOW flow') },
      ],
    });
    expect(transfer.ContactFlowId).toEqual(expect.any(String));
  });

  it('rejects an unknown Type, a missing Name and an unknown instance', async () => {
    // Prepare
    const content = flowContent();

    // Act
    const badType = await settle(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: data.instanceId,
          Name: uniqueName(),
          Type: 'DISCONNECT' as 'CONTACT_FLOW',
          Content: content,
        }),
      ),
    );
    const noName = await settle(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: data.instanceId,
          Name: '',
          Type: 'CONTACT_FLOW',
          Content: content,
        }),
      ),
    );
    const otherInstance = await settle(
      client.send(
        new CreateContactFlowCommand({
          InstanceId: UNKNOWN_INSTANCE,
          Name: uniqueName(),
          Type: 'CONTACT_FLOW',
          Content: content,
        }),
      ),
    );

    // Assess
    expect(badType).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('enum'),
    });
    expect(noName).toMatchObject({ name: 'InvalidParameterException' });
    expect(otherInstance).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('answers ResourceNotFoundException for an unknown flow id', async () => {
    // Prepare
    const unknownFlow = '11111111-2222-4333-8444-555555555555';

    // Act
    const described = await settle(
      client.send(
        new DescribeContactFlowCommand({ InstanceId: data.instanceId, ContactFlowId: unknownFlow }),
      ),
    );
    const updated = await settle(
      client.send(
        new UpdateContactFlowContentCommand({
          InstanceId: data.instanceId,
          ContactFlowId: unknownFlow,
          Content: flowContent(),
        }),
      ),
    );

    // Assess
    expect(described).toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    expect(updated).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('UpdateContactFlowContent', () => {
  it('replaces the content, and refuses invalid content without changing the flow', async () => {
    // Prepare
    const created = await client.send(
      new CreateContactFlowCommand({
        InstanceId: data.instanceId,
        Name: uniqueName(),
        Type: 'CONTACT_FLOW',
        Content: flowContent(),
      }),
    );
    const id = created.ContactFlowId as string;
    const next = flowContent(
      [
        {
          Identifier: 'hello',
          Type: 'MessageParticipant',
          Parameters: { Text: 'hi' },
          Transitions: { NextAction: 'hang-up' },
        },
      ],
      'hello',
    );

    // Act
    await client.send(
      new UpdateContactFlowContentCommand({ InstanceId: data.instanceId, ContactFlowId: id, Content: next }),
    );
    const refused = await settle(
      client.send(
        new UpdateContactFlowContentCommand({
          InstanceId: data.instanceId,
          ContactFlowId: id,
          Content: '[]',
        }),
      ),
    );

    // Assess
    expect(refused).toMatchObject({ name: 'InvalidContactFlowException' });
    const described = await client.send(
      new DescribeContactFlowCommand({ InstanceId: data.instanceId, ContactFlowId: id }),
    );
    expect(described.ContactFlow?.Content).toBe(next);
  });
});

describe('ListContactFlows', () => {
  it('pages every flow and filters by type', async () => {
    // Prepare
    for (let i = 0; i < 3; i++) {
      await client.send(
        new CreateContactFlowCommand({
          InstanceId: data.instanceId,
          Name: uniqueName(),
          Type: 'CUSTOMER_QUEUE',
          Content: flowContent(),
        }),
      );
    }
    const all = [...emulator.contactFlows.values()];

    // Act
    const pages = [];
    for await (const p of paginateListContactFlows({ client, pageSize: 2 }, { InstanceId: data.instanceId }))
      pages.push(p);
    const queueFlows = await client.send(
      new ListContactFlowsCommand({ InstanceId: data.instanceId, ContactFlowTypes: ['CUSTOMER_QUEUE'] }),
    );

    // Assess
    const listed = pages.flatMap((p) => p.ContactFlowSummaryList ?? []);
    expect(listed.map((f) => f.Id).sort()).toEqual(all.map((f) => f.id).sort());
    expect(pages.length).toBe(Math.ceil(all.length / 2));
    expect(queueFlows.ContactFlowSummaryList).toHaveLength(3);
    expect(queueFlows.ContactFlowSummaryList?.[0]).toMatchObject({
      ContactFlowType: 'CUSTOMER_QUEUE',
      ContactFlowState: 'ACTIVE',
      ContactFlowStatus: 'PUBLISHED',
    });
  });

  it('rejects an unknown flow type filter', async () => {
    // Prepare
    const input = { InstanceId: data.instanceId, ContactFlowTypes: ['INBOUND' as 'CONTACT_FLOW'] };

    // Act
    const listed = await settle(client.send(new ListContactFlowsCommand(input)));

    // Assess
    expect(listed).toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('AssociateLambdaFunction and ListLambdaFunctions', () => {
  const fnArn = (name: string): string =>
    `arn:aws:lambda:${data.instanceArn.split(':')[3]}:123456789012:function:${name}`;

  it('associates functions once and lists them page by page', async () => {
    // Prepare
    const arns = ['assoc-a', 'assoc-b', 'assoc-c'].map(fnArn);

    // Act
    for (const FunctionArn of arns) {
      await client.send(new AssociateLambdaFunctionCommand({ InstanceId: data.instanceId, FunctionArn }));
    }
    const repeat = await settle(
      client.send(new AssociateLambdaFunctionCommand({ InstanceId: data.instanceId, FunctionArn: arns[0] })),
    );
    const pages = [];
    for await (const p of paginateListLambdaFunctions(
      { client, pageSize: 2 },
      { InstanceId: data.instanceId },
    ))
      pages.push(p);

    // Assess
    expect(repeat).toMatchObject({
      name: 'ResourceConflictException',
      $metadata: { httpStatusCode: 409 },
    });
    expect(pages.flatMap((p) => p.LambdaFunctions ?? [])).toEqual(expect.arrayContaining(arns));
    expect(pages[0]?.LambdaFunctions).toHaveLength(2);
  });

  it('rejects a non-Lambda ARN, a function of another Region and a page size over 25', async () => {
    // Prepare
    const otherRegion = data.instanceArn.split(':')[3] === 'eu-west-1' ? 'us-east-1' : 'eu-west-1';

    // Act
    const notLambda = await settle(
      client.send(
        new AssociateLambdaFunctionCommand({
          InstanceId: data.instanceId,
          FunctionArn: 'arn:aws:s3:::bucket',
        }),
      ),
    );
    const elsewhere = await settle(
      client.send(
        new AssociateLambdaFunctionCommand({
          InstanceId: data.instanceId,
          FunctionArn: `arn:aws:lambda:${otherRegion}:123456789012:function:far`,
        }),
      ),
    );
    const bigPage = await settle(
      client.send(new ListLambdaFunctionsCommand({ InstanceId: data.instanceId, MaxResults: 26 })),
    );

    // Assess
    expect(notLambda).toMatchObject({ name: 'InvalidParameterException' });
    expect(elsewhere).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Region'),
    });
    expect(bigPage).toMatchObject({ name: 'InvalidParameterException' });
  });
});
