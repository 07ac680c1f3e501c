/**
 * The `find-last-agent` handler's own rules, through its exported `handler` and `prewarm` with the
 * public event shape: which events get a lookup, which instance it may serve, the deadline it
 * takes from Lambda's remaining time, and the one log line per call (level and fields). jsforce
 * runs against a scripted org on 127.0.0.1; the Connect and DynamoDB clients are mocked. The same
 * handler against the full sandbox is test/integration/find-last-agent.test.ts.
 */
import type { EmulatorRequest, EmulatorResponse } from '../../../scripts/sandbox/emulator-server';
import { contactEvent } from '../../fixtures/contact-event';
import { logged } from '../../fixtures/captured-output';
import {
  granted,
  LIMIT_SPENT,
  privateKey,
  QUERY,
  restError,
  rows,
  ScriptedOrg,
  TOKEN,
} from '../../fixtures/scripted-org';

type Handler = typeof import('../../../lambdas/src/handlers/find-last-agent').handler;
type Prewarm = typeof import('../../../lambdas/src/handlers/find-last-agent').prewarm;
type Mock = typeof import('aws-sdk-client-mock');
type ConnectSdk = typeof import('@aws-sdk/client-connect');
type DynamoSdk = typeof import('@aws-sdk/lib-dynamodb');

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const INSTANCE_ID = '5a8c1f4e-1b2c-4d3e-9f00-5c0a11ab1e01';
const INSTANCE_ARN = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${INSTANCE_ID}`;
const AGENT_ID = 'a0a0a0a0-0000-4000-8000-00000000a0a1';
const AGENT_ARN = `${INSTANCE_ARN}/agent/${AGENT_ID}`;
const QUEUE_ARN = `${INSTANCE_ARN}/queue/q-support`;
const SF_USER = '005SB0000000ANAAAA';
const CALL = {
  Id: '0LQSB0000000001AAA',
  UserId: SF_USER,
  User: { FirstName: 'Ana' },
  QueueName: 'Support',
  CallType: 'Inbound',
  CallStartDateTime: '2026-11-29T09:30:00.000+0000',
  Call_Reason__c: 'Router not delivered',
  Call_Reason_Status__c: 'Open',
};
/** GetCurrentUserData: Ana is Available with a free voice slot. */
const ANA_AVAILABLE = {
  UserDataList: [
    {
      User: { Id: AGENT_ID, Arn: AGENT_ARN },
      Status: { StatusName: 'Available' },
      AvailableSlotsByChannel: { VOICE: 1 },
      RoutingProfile: { Id: 'rp-1' },
    },
  ],
};
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:find-last-agent`;

const org = new ScriptedOrg();

interface Cold {
  handler: Handler;
  prewarm: Prewarm;
  connect: ReturnType<Mock['mockClient']>;
  dynamo: ReturnType<Mock['mockClient']>;
  sdk: ConnectSdk;
  dynamoSdk: DynamoSdk;
}

/** A cold start with the environment a deployment sets, `overrides` applied (undefined unsets). */
function coldStart(overrides: Record<string, string | undefined> = {}): Cold {
  const saved = { ...process.env };
  const env: Record<string, string | undefined> = {
    SF_LOGIN_URL: org.url,
    SF_CLIENT_ID: 'consumer-key',
    SF_USERNAME: 'integration@example.com',
    SF_PRIVATE_KEY: privateKey,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    CONNECT_INSTANCE_ID: undefined,
    PRESENCE_TABLE: undefined,
    LOOKUP_DEADLINE_MS: '1500',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    ...overrides,
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let cold: Cold | undefined;
  try {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const mock = require('aws-sdk-client-mock') as Mock;
      const sdk = require('@aws-sdk/client-connect') as ConnectSdk;
      const dynamoSdk = require('@aws-sdk/lib-dynamodb') as DynamoSdk;
      const connect = mock.mockClient(sdk.ConnectClient);
      const dynamo = mock.mockClient(dynamoSdk.DynamoDBDocumentClient);
      const mod = require('../../../lambdas/src/handlers/find-last-agent') as {
        handler: Handler;
        prewarm: Prewarm;
      };
      /* eslint-enable @typescript-eslint/no-require-imports */
      cold = { handler: mod.handler, prewarm: mod.prewarm, connect, dynamo, sdk, dynamoSdk };
    });
  } finally {
    process.env = saved;
  }
  const c = cold as Cold;
  // Connect: Ana is Available with a free voice slot in a profile serving Support
  c.connect.on(c.sdk.GetCurrentUserDataCommand).resolves(ANA_AVAILABLE);
  c.connect.on(c.sdk.ListQueuesCommand).resolves({ QueueSummaryList: [{ Name: 'Support', Arn: QUEUE_ARN }] });
  c.connect
    .on(c.sdk.ListRoutingProfileQueuesCommand)
    .resolves({ RoutingProfileQueueConfigSummaryList: [{ QueueArn: QUEUE_ARN, Channel: 'VOICE' } as never] });
  c.connect.on(c.sdk.SearchUsersCommand).resolves({ Users: [] });
  return c;
}

/** The org: a grant, then VoiceCall and CallCenterRoutingMap queries answered by `answers`. */
function orgAnswers(answers: { calls?: () => EmulatorResponse; map?: () => EmulatorResponse } = {}): void {
  org.routes[TOKEN] = () => granted(org.url);
  org.routes[QUERY] = (req: EmulatorRequest) => {
    const soql = req.url.searchParams.get('q') ?? '';
    if (soql.includes('FROM CallCenterRoutingMap'))
      return (answers.map ?? (() => rows([{ ReferenceRecordId: SF_USER, ExternalId: AGENT_ARN }])))();
    return (answers.calls ?? (() => rows([CALL])))();
  };
}

const context = (patch: Record<string, unknown> = {}) => ({
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 8_000,
  invokedFunctionArn: FUNCTION_ARN,
  ...patch,
});

const lookupLine = (lines: Record<string, unknown>[]) => lines.find((l) => l.message === 'last-agent lookup');

/**
 * A container for the enclosing `describe`, started in its `beforeAll` (so only when one of its
 * tests runs): a cold start re-evaluates jsforce and the AWS SDK, most of this file's time.
 */
function useContainer(overrides: Record<string, string | undefined> = {}): () => Cold {
  let cold: Cold | undefined;
  beforeAll(() => {
    cold = coldStart(overrides);
  });
  return () => cold as Cold;
}

beforeAll(() => org.start());
afterAll(() => org.server.close());
beforeEach(() => org.reset());

/** An org whose VoiceCall query is answered only when the test says so. */
function slowCalls(): { arrived: Promise<void>; answer: () => void } {
  let arrivedNow!: () => void;
  const arrived = new Promise<void>((r) => (arrivedNow = r));
  let answer!: () => void;
  const answered = new Promise<void>((r) => (answer = r));
  orgAnswers();
  const fast = org.routes[QUERY] as (r: EmulatorRequest) => EmulatorResponse;
  org.routes[QUERY] = async (req) => {
    if ((req.url.searchParams.get('q') ?? '').includes('FROM VoiceCall')) {
      arrivedNow();
      await answered;
    }
    return fast(req);
  };
  return { arrived, answer };
}

describe('find-last-agent handler: a cold lookup', () => {
  const container = useContainer();

  it('answers a returning caller and logs one info line with what it found', async () => {
    // Prepare
    orgAnswers();
    const { handler } = container();
    const event = contactEvent('+14155550101', { contactId: 'c-1' });

    // Act
    const { result, lines } = await logged(() => handler(event, context()));

    // Assess
    expect(result).toMatchObject({
      lookupOutcome: 'AGENT_AVAILABLE',
      lastAgentId: AGENT_ID,
      lastAgentFirstName: 'Ana',
      lastQueueArn: QUEUE_ARN,
      lastVoiceCallId: CALL.Id,
    });
    expect(result).not.toHaveProperty('preferredRoutingCriteria');
    const line = lookupLine(lines);
    expect(line).toMatchObject({
      level: 'INFO',
      outcome: 'AGENT_AVAILABLE',
      contactId: 'c-1',
      channel: 'VOICE',
      caller: '*******0101',
      sfRequests: 3,
      connectRequests: 3,
      lastVoiceCallId: CALL.Id,
      mappedBy: 'routing-map',
      agentStatus: 'Available',
      availability: 'available',
      availabilitySource: 'connect',
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(line).not.toHaveProperty('softFailures');
    expect(line).not.toHaveProperty('routingMapUnreadable');
    expect(line).not.toHaveProperty('agentNextStatus');
    expect(JSON.stringify(lines)).not.toContain('4155550101');
  });
});

describe('find-last-agent handler: a warm lookup', () => {
  const container = useContainer();

  it('counts only this call’s requests in the log line', async () => {
    // Prepare: a warm container (token, map and queues known)
    orgAnswers();
    const { handler } = container();
    await logged(() => handler(contactEvent('+14155550101'), context()));

    // Act
    const { lines } = await logged(() => handler(contactEvent('+14155550101'), context()));

    // Assess
    expect(lookupLine(lines)).toMatchObject({ sfRequests: 1, connectRequests: 1 });
  });

  it('warns when a soft step failed, and lists why', async () => {
    // Prepare: Connect throttles the status read (for this test only)
    orgAnswers();
    const { handler, connect, sdk } = container();
    connect
      .on(sdk.GetCurrentUserDataCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act
    const { result, lines } = await logged(() => handler(contactEvent('+14155550101'), context())).finally(
      () => connect.on(sdk.GetCurrentUserDataCommand).resolves(ANA_AVAILABLE),
    );

    // Assess
    expect(result.lookupOutcome).toBe('AGENT_STATUS_UNKNOWN');
    expect(lookupLine(lines)).toMatchObject({
      level: 'WARN',
      softFailures: ['agent-state: ThrottlingException: Rate exceeded'],
    });
  });

  it('falls back with LOOKUP_FAILED when the call query fails, logging the code and no number', async () => {
    // Prepare: a warm container; then Salesforce echoes the query, with the number, in its error
    orgAnswers();
    const { handler } = container();
    await handler(contactEvent('+14155550101'), context());
    const code = `INVALID_FIELD_${'X'.repeat(70)}`;
    orgAnswers({
      calls: () =>
        restError(
          400,
          code,
          "\nSELECT Id FROM VoiceCall WHERE FromPhoneNumber IN ('+14155550101')\n^\nERROR at Row:1",
        ),
    });

    // Act
    const { result, lines } = await logged(() => handler(contactEvent('+14155550101'), context()));

    // Assess
    expect(result).toMatchObject({
      lookupOutcome: 'LOOKUP_FAILED',
      lastAgentFound: 'false',
      lastAgentArn: '',
    });
    const line = lookupLine(lines);
    expect(line).toMatchObject({
      level: 'WARN',
      outcome: 'LOOKUP_FAILED',
      caller: '*******0101',
      sfRequests: 1,
      connectRequests: 0,
    });
    expect(line?.errorCode).toBe(code.slice(0, 64));
    expect(String(line?.error)).toMatch(/^SalesforceError: /);
    expect(line).not.toHaveProperty('backedOff');
    expect(JSON.stringify(lines)).not.toContain('4155550101');
  });

  it('answers NO_RECENT_CALL for a caller without a recent call', async () => {
    orgAnswers({ calls: () => rows([]) });
    const { handler } = container();
    const { result, lines } = await logged(() => handler(contactEvent('+14155550199'), context()));
    expect(result.lookupOutcome).toBe('NO_RECENT_CALL');
    expect(lookupLine(lines)).toMatchObject({ level: 'INFO', outcome: 'NO_RECENT_CALL' });
  });

  it('keeps 250 ms of Lambda’s remaining time for the answer', async () => {
    // Prepare: 250 ms left leave no time for a lookup, however fast the org
    orgAnswers();
    const { handler } = container();

    // Act
    const tight = await handler(
      contactEvent('+14155550101'),
      context({ getRemainingTimeInMillis: () => 250 }),
    );
    const less = await handler(contactEvent('+14155550101'), context({ getRemainingTimeInMillis: () => 10 }));

    // Assess
    expect(tight.lookupOutcome).toBe('LOOKUP_TIMED_OUT');
    expect(less.lookupOutcome).toBe('LOOKUP_TIMED_OUT');
  });

  it('takes its configured deadline when Lambda gives no remaining time', async () => {
    // Prepare: the org answers once the call has waited on it
    const slow = slowCalls();
    const { handler } = container();

    // Act
    const pending = handler(contactEvent('+14155550101'), { awsRequestId: 'x' });
    await Promise.race([slow.arrived, pending]);
    slow.answer();

    // Assess
    expect((await pending).lookupOutcome).toBe('AGENT_AVAILABLE');
  });

  it.each([
    ['a chat contact', contactEvent('+14155550101', { channel: 'CHAT' })],
    ['no customer endpoint', contactEvent(undefined)],
    ['an unparseable number', contactEvent('anonymous')],
    ['an email endpoint', contactEvent('+14155550101', { endpointType: 'EMAIL_ADDRESS' })],
    ['no event at all', undefined],
    ['a string event', 'ContactFlowEvent'],
  ])('answers NO_CALLER_NUMBER for %s without asking Salesforce', async (_what, event) => {
    // Prepare
    orgAnswers();
    const { handler } = container();

    // Act
    const { result, lines } = await logged(() => handler(event, context()));

    // Assess
    expect(result).toMatchObject({ lookupOutcome: 'NO_CALLER_NUMBER', lastAgentFound: 'false' });
    expect(lookupLine(lines)).toMatchObject({ level: 'INFO', outcome: 'NO_CALLER_NUMBER' });
    expect(org.trips()).toEqual([]);
  });

  it.each([
    [
      'another region',
      'arn:aws:connect:eu-west-2:123456789012:instance/i-1',
      {},
      "the contact's instance is in eu-west-2; this Lambda serves us-east-1",
    ],
    [
      'another account',
      'arn:aws:connect:us-east-1:999999999999:instance/i-1',
      {},
      "the contact's instance is in account 999999999999; this Lambda runs in 123456789012",
    ],
    [
      'a region other than the function ARN’s',
      INSTANCE_ARN,
      { invokedFunctionArn: `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:f` },
      "the contact's instance is in us-east-1; this Lambda serves eu-west-2",
    ],
  ])('refuses an instance in %s before asking Salesforce', async (_what, instanceArn, ctx, why) => {
    // Prepare
    orgAnswers();
    const { handler } = container();

    // Act
    const { result, lines } = await logged(() =>
      handler(contactEvent('+14155550101', { instanceArn }), context(ctx)),
    );

    // Assess
    expect(result.lookupOutcome).toBe('LOOKUP_FAILED');
    expect(lookupLine(lines)).toMatchObject({ level: 'WARN', caller: '*******0101' });
    expect(String(lookupLine(lines)?.error)).toContain(why);
    expect(org.trips()).toEqual([]);
  });

  it.each([
    ['no function ARN', { invokedFunctionArn: undefined }],
    ['a function ARN that is not a string', { invokedFunctionArn: 42 }],
    ['a function ARN without an account', { invokedFunctionArn: 'arn:aws:lambda:us-east-1::function:f' }],
  ])('serves an instance of another account when %s says otherwise', async (_what, ctx) => {
    // Prepare
    orgAnswers();
    const { handler } = container();

    // Act
    const result = await handler(
      contactEvent('+14155550101', { instanceArn: 'arn:aws:connect:us-east-1:999999999999:instance/x' }),
      context(ctx),
    );

    // Assess
    expect(result.lookupOutcome).not.toBe('LOOKUP_FAILED');
  });

  it('fails the lookup when neither the event nor the configuration names an instance', async () => {
    // Prepare
    orgAnswers();
    const { handler } = container();
    const event = contactEvent('+14155550101');
    delete (event.Details.ContactData as { InstanceARN?: string }).InstanceARN;

    // Act
    const { result, lines } = await logged(() => handler(event, context()));

    // Assess
    expect(result.lookupOutcome).toBe('LOOKUP_FAILED');
    expect(lookupLine(lines)).toMatchObject({
      level: 'WARN',
      error: 'no Connect instance in the event and CONNECT_INSTANCE_ID unset',
    });
    expect(org.trips()).toEqual([]);
  });

  it('adds the routing criteria only when the invocation asks for them', async () => {
    // Prepare
    orgAnswers();
    const { handler } = container();
    const asking = contactEvent('+14155550101');
    asking.Details.Parameters = { preferredAgentSeconds: '20' };
    const notAsking = contactEvent('+14155550101');
    (notAsking.Details as { Parameters: unknown }).Parameters = 'preferredAgentSeconds=20';

    // Act
    const preferred = await handler(asking, context());
    const plain = await handler(notAsking, context());

    // Assess
    expect(preferred).toMatchObject({
      preferredRoutingCriteria: {
        Steps: [
          {
            Expression: {
              AttributeCondition: { MatchCriteria: { AgentsCriteria: { AgentIds: [AGENT_ID] } } },
            },
            Expiry: { DurationInSeconds: 20 },
          },
        ],
      },
    });
    expect(plain).not.toHaveProperty('preferredRoutingCriteria');
  });
});

describe('find-last-agent handler: an unreadable routing map', () => {
  const container = useContainer();

  it('warns when the routing map is unreadable, and says why', async () => {
    // Prepare
    orgAnswers({
      map: () => restError(400, 'INVALID_TYPE', "sObject type 'CallCenterRoutingMap' is not supported."),
    });
    const { handler } = container();

    // Act
    const { result, lines } = await logged(() => handler(contactEvent('+14155550101'), context()));

    // Assess
    expect(result.lookupOutcome).toBe('AGENT_NOT_MAPPED');
    expect(lookupLine(lines)).toMatchObject({
      level: 'WARN',
      routingMapUnreadable: "INVALID_TYPE: sObject type 'CallCenterRoutingMap' is not supported.",
    });
  });
});

describe('find-last-agent handler: a spent API allocation', () => {
  const container = useContainer();

  it('logs calls answered during a back-off at info, once the back-off was warned about', async () => {
    // Prepare
    orgAnswers({ calls: () => LIMIT_SPENT });
    const { handler } = container();
    const first = await logged(() => handler(contactEvent('+14155550101'), context()));

    // Act
    const second = await logged(() => handler(contactEvent('+14155550101'), context()));

    // Assess
    expect(lookupLine(first.lines)).toMatchObject({ level: 'WARN', errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(
      first.lines.some((l) => l.level === 'WARN' && String(l.message).includes('REQUEST_LIMIT_EXCEEDED')),
    ).toBe(true);
    expect(lookupLine(second.lines)).toMatchObject({
      level: 'INFO',
      outcome: 'LOOKUP_FAILED',
      backedOff: true,
      sfRequests: 0,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
  });
});

describe('find-last-agent handler: a short deadline', () => {
  const container = useContainer({ LOOKUP_DEADLINE_MS: '200' });

  it('answers LOOKUP_TIMED_OUT at its deadline while the org has not answered', async () => {
    // Prepare
    const slow = slowCalls();
    const { handler } = container();

    // Act
    const { result, lines } = await logged(() => handler(contactEvent('+14155550101'), context()));
    slow.answer();

    // Assess
    expect(result).toMatchObject({ lookupOutcome: 'LOOKUP_TIMED_OUT', lastAgentFound: 'false' });
    expect(lookupLine(lines)).toMatchObject({ level: 'WARN', outcome: 'LOOKUP_TIMED_OUT' });
    expect(String(lookupLine(lines)?.error)).toMatch(/^DeadlineExceededError: /);
  });
});

describe('find-last-agent handler: no region configured', () => {
  const container = useContainer({ AWS_REGION: undefined });

  it('serves an instance of any region when neither Lambda nor the function ARN names one', async () => {
    orgAnswers();
    const result = await container().handler(
      contactEvent('+14155550101', { instanceArn: 'arn:aws:connect:eu-west-2:123456789012:instance/x' }),
      context({ invokedFunctionArn: undefined }),
    );
    expect(result.lookupOutcome).not.toBe('LOOKUP_FAILED');
  });
});

describe('find-last-agent handler: a configured instance', () => {
  const container = useContainer({ CONNECT_INSTANCE_ID: INSTANCE_ID });

  it('takes the configured instance when the event names none', async () => {
    // Prepare
    orgAnswers();
    const { handler, connect, sdk } = container();
    const event = contactEvent('+14155550101');
    delete (event.Details.ContactData as { InstanceARN?: string }).InstanceARN;

    // Act
    const result = await handler(event, context());

    // Assess
    expect(result.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(connect.commandCalls(sdk.GetCurrentUserDataCommand)[0]?.args[0].input.InstanceId).toBe(
      INSTANCE_ID,
    );
  });
});

describe('find-last-agent handler: misconfigured', () => {
  const container = useContainer({ SF_CLIENT_ID: undefined, LOOKUP_DEADLINE_MS: '99999' });

  it('answers LOOKUP_FAILED on every call, saying why', async () => {
    // Act
    const { result, lines } = await logged(() =>
      container().handler(contactEvent('+14155550101'), context()),
    );

    // Assess
    expect(result).toMatchObject({ lookupOutcome: 'LOOKUP_FAILED', lastAgentFound: 'false' });
    expect(lookupLine(lines)).toMatchObject({ level: 'WARN', outcome: 'LOOKUP_FAILED' });
    expect(String(lookupLine(lines)?.error)).toMatch(
      /SF_CLIENT_ID is required.*LOOKUP_DEADLINE_MS must be an integer/,
    );
    expect(org.trips()).toEqual([]);
  });

  it('does not pre-warm', async () => {
    await container().prewarm();
    expect(org.trips()).toEqual([]);
  });
});

describe('find-last-agent prewarm with a configured instance and a presence table', () => {
  const container = useContainer({ CONNECT_INSTANCE_ID: INSTANCE_ID, PRESENCE_TABLE: 'presence' });

  it('grants, loads the map and the queues, and runs one VoiceCall query and one presence read', async () => {
    // Prepare
    orgAnswers({ calls: () => rows([]) });
    const cold = container();
    cold.dynamo.on(cold.dynamoSdk.GetCommand).resolves({});

    // Act
    const { lines } = await logged(async () => {
      await Promise.all([cold.prewarm(), cold.prewarm()]);
    });

    // Assess: each once, though asked twice
    expect(org.trips().sort()).toEqual(['query:200', 'query:200', 'token:200']);
    expect(cold.connect.commandCalls(cold.sdk.ListQueuesCommand)).toHaveLength(1);
    const read = cold.dynamo.commandCalls(cold.dynamoSdk.GetCommand)[0]?.args[0].input;
    expect(read?.TableName).toBe('presence');
    expect(read?.Key).toEqual({ pk: `AGENT#${INSTANCE_ID}#00000000-0000-0000-0000-000000000000` });
    expect(lines.find((l) => l.message === 'pre-warmed')).toMatchObject({ level: 'INFO' });
    expect(typeof lines.find((l) => l.message === 'pre-warmed')?.durationMs).toBe('number');
  });
});

describe('find-last-agent prewarm without a configured instance', () => {
  const container = useContainer({ PRESENCE_TABLE: 'presence' });

  it('grants, loads the map and runs the VoiceCall query only', async () => {
    // Prepare
    orgAnswers({ calls: () => rows([]) });
    const cold = container();

    // Act
    await cold.prewarm();

    // Assess
    expect(org.trips().sort()).toEqual(['query:200', 'query:200', 'token:200']);
    expect(cold.connect.calls()).toHaveLength(0);
    expect(cold.dynamo.calls()).toHaveLength(0);
  });
});

describe('find-last-agent prewarm against a refusing org', () => {
  const container = useContainer();

  it('never rejects: the work is left to the first call, with a warning', async () => {
    // Prepare
    org.routes[TOKEN] = () => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired' },
    });

    // Act
    const { lines } = await logged(() => container().prewarm());

    // Assess
    const warning = lines.find((l) => l.message === 'pre-warm did not finish; the first call completes it');
    expect(warning).toMatchObject({ level: 'WARN' });
    expect(String(warning?.error)).toMatch(/^SalesforceAuthError: JWT bearer grant refused/);
  });
});
