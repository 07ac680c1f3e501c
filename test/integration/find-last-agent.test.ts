/**
 * The `find-last-agent` handler for real: jsforce and the AWS SDK against the local org and
 * Connect emulators over HTTP on 127.0.0.1.
 */
import {
  agentArn,
  queueArn,
  SAMPLE_CALLERS,
  SAMPLE_QUEUES,
  sampleAgent,
} from '../../scripts/sandbox/sample-data';
import { roundTripDepth } from '../../scripts/bench/round-trips';
import { contactEvent, lambdaContext } from '../fixtures/contact-event';
import { coldFindLastAgent as coldHandler, type FindLastAgent } from '../fixtures/find-last-agent-handler';
import type { Sandbox } from '../../scripts/sandbox/sandbox';
import { useSandbox } from '../fixtures/sandbox-suite';

const journalCounts = (sb: Sandbox) => ({
  token: sb.org.journal.filter((e) => e.path.startsWith('/services/oauth2/token')).length,
  queries: sb.org.journal.filter((e) => e.path.includes('/query')).length,
  sf: sb.org.journal.length,
  connect: sb.connect.journal.length,
  connectOps: sb.connect.journal.map((e) => e.operation),
});

describe('find-last-agent against the sandbox', () => {
  const suite = useSandbox();
  let handler: FindLastAgent;

  beforeAll(() => {
    handler = coldHandler();
  });

  beforeEach(() => {
    suite.sb.clearJournals();
    suite.sb.org.clearFaults();
    suite.sb.connect.clearFaults();
  });

  it.each(SAMPLE_CALLERS.map((c) => [c.number, c.outcome, c.agent ?? '', c.story] as const))(
    '%s → %s %s (%s)',
    async (number, outcome, agentKey) => {
      // Act
      const response = await handler(contactEvent(number), lambdaContext());

      // Assess
      expect(response.lookupOutcome).toBe(outcome);
      if (agentKey) {
        const agent = sampleAgent(agentKey as Parameters<typeof sampleAgent>[0]);
        expect(response.lastAgentFirstName).toBe(agent.firstName);
        expect(response.lastAgentArn).toBe(agentArn(agent.connectUserId as string));
        expect(response.lastAgentId).toBe(agent.connectUserId);
        expect(response.lastAgentFound).toBe('true');
      } else {
        expect(response.lastAgentArn).toBe('');
      }
    },
  );

  it('fills the call context and the last queue for a returning caller', async () => {
    // Act
    const r = await handler(contactEvent('+14155550101'), lambdaContext());

    // Assess
    const support = SAMPLE_QUEUES.find((q) => q.name === 'Support');
    expect(r).toMatchObject({
      lastAgentAvailable: 'true',
      lastAgentStatus: 'Available',
      lastAgentNextStatus: '',
      lastQueueName: 'Support',
      lastQueueArn: queueArn(support?.id as string),
      lastCallReason: 'Replacement router not delivered',
    });
    expect(r.lastVoiceCallId).toMatch(/^0LQ[a-zA-Z0-9]{15}$/);
    expect(Date.now() - Date.parse(r.lastCallAt)).toBeGreaterThan(47 * 3_600_000);
  });

  it('reports the pending next status that makes Carla unavailable', async () => {
    const r = await handler(contactEvent('+14155550103'), lambdaContext());
    expect(r).toMatchObject({
      lastAgentStatus: 'Available',
      lastAgentNextStatus: 'Offline',
      lastAgentAvailable: 'false',
    });
  });

  it('makes one Salesforce query and one Connect request on a warm call', async () => {
    // Prepare: warm (the sample-caller cases ran already in this container)
    await handler(contactEvent('+14155550101'), lambdaContext());
    suite.sb.clearJournals();

    // Act
    const r = await handler(contactEvent('+14155550108'), lambdaContext());

    // Assess
    expect(r.lookupOutcome).toBe('AGENT_AVAILABLE');
    const counts = journalCounts(suite.sb);
    expect(counts).toMatchObject({ token: 0, queries: 1, sf: 1, connect: 1 });
    expect(counts.connectOps).toEqual(['GetCurrentUserData']);
  });

  it('never caches live state: an agent who just went Offline is not offered', async () => {
    // Prepare
    const ana = sampleAgent('ana');
    suite.sb.connect.setUserState(ana.connectUserId as string, { status: 'Offline', availableVoiceSlots: 0 });

    // Act
    const r = await handler(contactEvent('+14155550101'), lambdaContext());
    suite.sb.connect.setUserState(ana.connectUserId as string, {
      status: 'Available',
      availableVoiceSlots: 1,
    });

    // Assess
    expect(r.lookupOutcome).toBe('AGENT_UNAVAILABLE');
    expect(r.lastAgentStatus).toBe('Offline');
  });

  it.each([
    ['no customer endpoint (chat)', contactEvent(undefined, { channel: 'CHAT' })],
    ['anonymous', contactEvent('anonymous')],
    ['an injection attempt', contactEvent("+1415' OR Name != null OR Name='")],
    ['an absurd length', contactEvent('+1'.padEnd(5000, '4'))],
    ['a non-phone endpoint', contactEvent('customer@example.com', { endpointType: 'EMAIL_ADDRESS' })],
    ['no Details at all', { Name: 'ContactFlowEvent' }],
  ])('answers NO_CALLER_NUMBER for %s without calling Salesforce', async (_label, event) => {
    // Act
    const r = await handler(event, lambdaContext());

    // Assess
    expect(r.lookupOutcome).toBe('NO_CALLER_NUMBER');
    expect(r.lastAgentFound).toBe('false');
    expect(suite.sb.org.journal).toHaveLength(0);
  });

  it('re-runs the JWT grant once when the session expired, and answers', async () => {
    // Prepare
    suite.sb.org.setFaults({ expireTokens: true });

    // Act
    const r = await handler(contactEvent('+14155550102'), lambdaContext());

    // Assess: query → 401 → token → query
    expect(r.lookupOutcome).toBe('AGENT_UNAVAILABLE');
    const trips = suite.sb.org.journal.map(
      (e) => `${e.path.includes('/query') ? 'query' : e.operation}:${e.status}`,
    );
    expect(trips).toEqual(['query:401', 'token:200', 'query:200']);
  });

  it('falls back with LOOKUP_FAILED when the daily API limit is spent, and stops asking for a while', async () => {
    // Prepare: a fresh container (its back-off must not leak into the other tests)
    const limited = coldHandler();
    suite.sb.org.setFaults({ apiRequestsRemaining: 0 });

    // Act
    const first = await limited(contactEvent('+14155550101'), lambdaContext());
    const afterFirst = suite.sb.org.journal.length;
    const second = await limited(contactEvent('+14155550101'), lambdaContext());

    // Assess: the first call meets 403s (both of its queries); the second does not call the org
    expect([first.lookupOutcome, second.lookupOutcome]).toEqual(['LOOKUP_FAILED', 'LOOKUP_FAILED']);
    expect(first.lastAgentFound).toBe('false');
    expect(suite.sb.org.journal.filter((e) => e.path.includes('/query')).map((e) => e.status)).toContain(403);
    expect(suite.sb.org.journal.length).toBe(afterFirst);
  });

  it('says AGENT_STATUS_UNKNOWN when Connect throttles GetCurrentUserData', async () => {
    // Prepare
    suite.sb.connect.setFaults({ throttleOperations: ['GetCurrentUserData'] });

    // Act
    const r = await handler(contactEvent('+14155550101'), lambdaContext());

    // Assess
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastAgentAvailable: 'unknown',
      lastAgentFirstName: 'Ana',
    });
    expect(suite.sb.connect.journal.filter((e) => e.operation === 'GetCurrentUserData')).toHaveLength(1);
  });

  it('falls back within the deadline when the org is slow', async () => {
    // Prepare: a fresh container with a 300 ms deadline, an org taking 1 s per request
    const slowHandler = coldHandler({ LOOKUP_DEADLINE_MS: '300' });
    suite.sb.org.setFaults({ latencyMs: 1000 });

    // Act
    const r = await slowHandler(contactEvent('+14155550101'), lambdaContext());
    const answeredOrgRequests = suite.sb.org.journal.length;

    // Assess: the answer came while the org's first request was still open (journaled only once
    // answered), so the deadline, not the org, ended the lookup
    expect(r.lookupOutcome).toBe('LOOKUP_TIMED_OUT');
    expect(answeredOrgRequests).toBe(0);
  });

  it('keeps within Lambda’s own remaining time when that is shorter than the deadline', async () => {
    // Prepare: an org slower (1 s) than the invocation has left, but faster than the 3 s deadline
    suite.sb.org.setFaults({ latencyMs: 1000 });

    // Act: 600 ms left in the invocation, minus the 250 ms margin
    const r = await handler(contactEvent('+14155550101'), lambdaContext(600));
    const answeredOrgRequests = suite.sb.org.journal.length;

    // Assess: had the handler waited for its configured deadline, the org would have answered
    expect(r.lookupOutcome).toBe('LOOKUP_TIMED_OUT');
    expect(answeredOrgRequests).toBe(0);
  });

  it('recovers as soon as a hung Connect answers again: nothing hung is shared with later calls', async () => {
    // Prepare: a fresh container (nothing cached) whose first lookup meets a hanging Connect
    const fresh = coldHandler({ LOOKUP_DEADLINE_MS: '1500' });
    suite.sb.connect.setFaults({ hang: true });
    const hung = await fresh(contactEvent('+14155550101'), lambdaContext());
    suite.sb.connect.clearFaults();
    suite.sb.clearJournals();

    // Act
    const next = await fresh(contactEvent('+14155550101'), lambdaContext());

    // Assess: the hung status read gave up in time to answer with what Salesforce said; the next
    // call made its own Connect requests (nothing inherited) and got every answer
    expect(hung).toMatchObject({ lookupOutcome: 'AGENT_STATUS_UNKNOWN', lastAgentFirstName: 'Ana' });
    expect(next.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(next.lastQueueArn).not.toBe('');
    expect(suite.sb.connect.journal.map((e) => [e.operation, e.status])).toEqual(
      expect.arrayContaining([
        ['ListQueues', 200],
        ['GetCurrentUserData', 200],
      ]),
    );
  });

  it('keeps the last queue and says AGENT_STATUS_UNKNOWN when SearchUsers is throttled', async () => {
    // Prepare: a fresh container, so Eve's SCV username is not cached yet
    const fresh = coldHandler();
    suite.sb.connect.setFaults({ throttleOperations: ['SearchUsers'] });

    // Act
    const r = await fresh(contactEvent('+14155550105'), lambdaContext());
    suite.sb.connect.clearFaults();
    const again = await fresh(contactEvent('+14155550105'), lambdaContext());

    // Assess: the throttled answer is not remembered as "no such user"
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastAgentFound: 'false',
      lastQueueName: 'Billing',
    });
    expect(r.lastQueueArn).toMatch(/\/queue\//);
    expect(again.lookupOutcome).toBe('AGENT_AVAILABLE');
  });

  it('fails fast after Salesforce refuses the grant, instead of repeating it on every call', async () => {
    // Prepare: a connected app Salesforce does not know
    const refused = coldHandler({ SF_CLIENT_ID: 'not-the-consumer-key' });

    // Act
    const first = await refused(contactEvent('+14155550101'), lambdaContext());
    const tokensAfterFirst = suite.sb.org.journal.filter((e) => e.operation === 'token').length;
    const second = await refused(contactEvent('+14155550101'), lambdaContext());
    const tokensAfterSecond = suite.sb.org.journal.filter((e) => e.operation === 'token').length;

    // Assess
    expect([first.lookupOutcome, second.lookupOutcome]).toEqual(['LOOKUP_FAILED', 'LOOKUP_FAILED']);
    expect(tokensAfterFirst).toBe(1);
    expect(tokensAfterSecond).toBe(1);
  });

  it('falls back with LOOKUP_FAILED when the org is down', async () => {
    // Prepare
    suite.sb.org.setFaults({ down: true });

    // Act
    const r = await handler(contactEvent('+14155550101'), lambdaContext());

    // Assess
    expect(r.lookupOutcome).toBe('LOOKUP_FAILED');
  });
});

describe('find-last-agent cold start', () => {
  const suite = useSandbox();

  it('grants a token, then reads the call and the routing map concurrently', async () => {
    // Prepare
    const handler = coldHandler();
    suite.sb.org.setFaults({ latencyMs: 100 });

    // Act
    const r = await handler(contactEvent('+14155550101'), lambdaContext());

    // Assess: token, then VoiceCall ∥ CallCenterRoutingMap: two org round trips deep, not three
    // (the two queries overlap at the org: each arrived before the other was answered)
    expect(r.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(suite.sb.org.journal.map((e) => e.operation).sort()).toEqual(
      ['query CallCenterRoutingMap', 'query VoiceCall', 'token'].sort(),
    );
    expect(roundTripDepth(suite.sb.org.journal)).toBe(2);
    const [a, b] = suite.sb.org.journal.filter((e) => e.operation?.startsWith('query'));
    expect(Date.parse(a?.receivedAt ?? '')).toBeLessThan(Date.parse(b?.at ?? ''));
    expect(Date.parse(b?.receivedAt ?? '')).toBeLessThan(Date.parse(a?.at ?? ''));
    // Ana is routable, so her routing profile's queues are read once (then cached).
    expect(suite.sb.connect.journal.map((e) => e.operation).sort()).toEqual([
      'GetCurrentUserData',
      'ListQueues',
      'ListRoutingProfileQueues',
    ]);
  });

  it('finds Eve by the SCV username convention once, then from memory', async () => {
    // Prepare
    const handler = coldHandler();
    suite.sb.clearJournals();
    suite.sb.org.clearFaults();

    // Act
    const first = await handler(contactEvent('+14155550105'), lambdaContext());
    const second = await handler(contactEvent('+14155550105'), lambdaContext());

    // Assess
    expect([first.lookupOutcome, second.lookupOutcome]).toEqual(['AGENT_AVAILABLE', 'AGENT_AVAILABLE']);
    expect(first.lastAgentFirstName).toBe('Eve');
    expect(suite.sb.connect.journal.filter((e) => e.operation === 'SearchUsers')).toHaveLength(1);
  });

  it('logs the outcome with the number masked and no key or token', async () => {
    // Prepare
    const handler = coldHandler({ POWERTOOLS_LOG_LEVEL: 'INFO' });
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });

    // Act
    try {
      await handler(contactEvent('+14155550101'), lambdaContext());
    } finally {
      spy.mockRestore();
    }

    // Assess
    const log = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'last-agent lookup');
    expect(log).toMatchObject({
      outcome: 'AGENT_AVAILABLE',
      caller: '*******0101',
      mappedBy: 'routing-map',
      sfRequests: 3,
      lastVoiceCallId: expect.stringMatching(/^0LQ/),
      function_request_id: 'test',
    });
    expect(log).not.toHaveProperty('voiceCallId');
    const all = lines.join('\n');
    expect(all).not.toContain('4155550101');
    expect(all).not.toContain('PRIVATE KEY');
    expect(all).not.toMatch(/access_token|Bearer /);
  });
});

describe('find-last-agent in an org without the package fields', () => {
  const suite = useSandbox({ omitCustomFields: true });

  it('still routes, retrying without Call_Reason__c once and remembering', async () => {
    // Prepare
    const handler = coldHandler();
    await handler(contactEvent('+14155550101'), lambdaContext());
    suite.sb.clearJournals();

    // Act
    const r = await handler(contactEvent('+14155550101'), lambdaContext());

    // Assess
    expect(r.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(r.lastCallReason).toBe('');
    expect(suite.sb.org.journal.map((e) => `${e.operation}:${e.status}`)).toEqual(['query VoiceCall:200']);
  });
});

describe('find-last-agent when the integration user cannot read CallCenterRoutingMap', () => {
  const suite = useSandbox({ orgHiddenObjects: ['CallCenterRoutingMap'] });

  it('still routes through the SCV username convention and does not repeat the failing query', async () => {
    // Prepare
    const handler = coldHandler();

    // Act
    const eve = await handler(contactEvent('+14155550105'), lambdaContext());
    const ana = await handler(contactEvent('+14155550101'), lambdaContext());

    // Assess: Eve follows the convention; Ana's Connect username does not, so she is not mapped
    expect(eve).toMatchObject({ lookupOutcome: 'AGENT_AVAILABLE', lastAgentFirstName: 'Eve' });
    expect(ana.lookupOutcome).toBe('AGENT_NOT_MAPPED');
    expect(ana.lastQueueName).toBe('Support');
    const mapQueries = suite.sb.org.journal.filter((e) => e.path.includes('CallCenterRoutingMap'));
    expect(mapQueries).toHaveLength(1);
    expect(mapQueries[0]?.status).toBe(400);
  });
});

/** Runs the handler once, capturing every log line it writes (Powertools logs JSON to stdout). */
async function runLogged(handler: FindLastAgent, number: string) {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const response = await handler(contactEvent(number), lambdaContext());
    const lookupLog = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'last-agent lookup');
    return { response, lookupLog, text: lines.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('find-last-agent failure logs', () => {
  useSandbox({ orgHiddenObjects: ['VoiceCall'] }, 'INFO');

  it('never carry the caller number Salesforce echoes in its error', async () => {
    // Prepare
    const handler = coldHandler({ POWERTOOLS_LOG_LEVEL: 'WARN' });

    // Act
    const { response, lookupLog, text } = await runLogged(handler, '+14155550101');

    // Assess
    expect(response.lookupOutcome).toBe('LOOKUP_FAILED');
    expect(lookupLog).toMatchObject({
      level: 'WARN',
      outcome: 'LOOKUP_FAILED',
      errorCode: 'INVALID_TYPE',
      caller: '*******0101',
    });
    expect(String(lookupLog?.error)).toContain("sObject type 'VoiceCall' is not supported");
    expect(text).not.toMatch(/415\D{0,3}555/);
  });
});

describe('find-last-agent with an unreadable routing map', () => {
  useSandbox({ orgHiddenObjects: ['CallCenterRoutingMap'] }, 'INFO');

  it('still answers, and says so at warn as the README promises', async () => {
    // Prepare: an operator who keeps only warnings must still see that the map is unreadable
    const handler = coldHandler({ POWERTOOLS_LOG_LEVEL: 'WARN' });

    // Act
    const { response, lookupLog } = await runLogged(handler, '+14155550101');

    // Assess
    expect(response.lookupOutcome).not.toBe('LOOKUP_FAILED');
    expect(lookupLog).toMatchObject({ level: 'WARN', outcome: response.lookupOutcome });
    expect(String(lookupLog?.routingMapUnreadable)).toMatch(/^INVALID_TYPE: /);
  });
});

describe('find-last-agent misconfigured', () => {
  it('answers LOOKUP_FAILED at once instead of throwing', async () => {
    // Prepare
    const handler = coldHandler({ SF_LOGIN_URL: '', SF_CLIENT_ID: '', POWERTOOLS_LOG_LEVEL: 'SILENT' });

    // Act
    const r = await handler(contactEvent('+14155550101'), lambdaContext());

    // Assess
    expect(r.lookupOutcome).toBe('LOOKUP_FAILED');
    expect(r.lastAgentFound).toBe('false');
  });
});
