/**
 * Faults that must not poison a warm container: each is injected through the sandbox's fault
 * endpoints, and what happened is read from the emulators' journals, never from a stopwatch.
 */
import { SANDBOX_KEY_SECRET_ARN, type Sandbox } from '../../scripts/sandbox/sandbox';
import { contactEvent, lambdaContext } from '../fixtures/contact-event';
import { coldFindLastAgent as coldHandler } from '../fixtures/find-last-agent-handler';
import { useSandbox } from '../fixtures/sandbox-suite';

const CALLER = '+14155550101'; // Ana's returning caller
const grants = (sb: Sandbox): number => sb.org.journal.filter((e) => e.operation === 'token').length;
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Collects the JSON lines the handler writes (Powertools writes through process.stdout/stderr). */
function captureLogs(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    }),
  );
  return { lines, restore: () => spies.forEach((s) => s.mockRestore()) };
}

describe('find-last-agent under faults', () => {
  const suite = useSandbox();

  beforeEach(() => {
    suite.sb.clearJournals();
    suite.sb.secrets.clearJournal();
    suite.sb.org.clearFaults();
    suite.sb.connect.clearFaults();
    suite.sb.secrets.clearFaults();
  });

  describe('Secrets Manager', () => {
    const fromSecret = (): ReturnType<typeof coldHandler> => {
      const saved = process.env.SF_PRIVATE_KEY;
      delete process.env.SF_PRIVATE_KEY;
      try {
        return coldHandler({ SF_PRIVATE_KEY_SECRET_ID: SANDBOX_KEY_SECRET_ARN, LOOKUP_DEADLINE_MS: '1000' });
      } finally {
        process.env.SF_PRIVATE_KEY = saved;
      }
    };

    it.each([
      ['hangs', { hang: true }, 'LOOKUP_TIMED_OUT'],
      ['is slower than the deadline', { latencyMs: 2000 }, 'LOOKUP_TIMED_OUT'],
      ['answers 500', { internalError: true }, 'LOOKUP_FAILED'],
    ] as const)('when it %s, the next call fetches afresh and answers', async (_what, fault, outcome) => {
      // Prepare
      const handler = fromSecret();
      suite.sb.secrets.setFaults(fault);
      const first = await handler(contactEvent(CALLER), lambdaContext());
      suite.sb.secrets.clearFaults();

      // Act
      const next = await handler(contactEvent(CALLER), lambdaContext());

      // Assess: the key came from a request of the second call, not from the one left behind
      expect(first.lookupOutcome).toBe(outcome);
      expect(next.lookupOutcome).toBe('AGENT_AVAILABLE');
      expect(suite.sb.secrets.journal.filter((e) => e.status === 200)).toHaveLength(1);
      expect(grants(suite.sb)).toBe(1);
    });
  });

  it('makes at most one re-grant per call when every query is refused (401), then backs off', async () => {
    // Prepare
    const handler = coldHandler({ LOOKUP_DEADLINE_MS: '1000' });
    suite.sb.org.setFaults({ queriesUnauthorized: true });

    // Act
    const first = await handler(contactEvent(CALLER), lambdaContext());
    const atFirstAnswer = suite.sb.org.journal.length;
    await settle(300);
    const afterIdle = suite.sb.org.journal.length;
    const second = await handler(contactEvent(CALLER), lambdaContext());

    // Assess: the cold grant and one re-grant; nothing reached the org after the answer; the
    // second call, inside the back-off, did not call Salesforce at all
    expect([first.lookupOutcome, second.lookupOutcome]).toEqual(['LOOKUP_FAILED', 'LOOKUP_FAILED']);
    expect(grants(suite.sb)).toBe(2);
    expect(suite.sb.org.journal.filter((e) => e.status === 401).length).toBeGreaterThan(0);
    expect(afterIdle).toBe(atFirstAnswer);
    expect(suite.sb.org.journal.length).toBe(atFirstAnswer);
  });

  it('recovers from the 401 back-off once it ends and the org accepts the token again', async () => {
    // Prepare
    const handler = coldHandler();
    suite.sb.org.setFaults({ queriesUnauthorized: true });
    await handler(contactEvent(CALLER), lambdaContext());
    suite.sb.org.clearFaults();
    const realNow = Date.now.bind(Date);
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 11_000);

    // Act
    const later = await handler(contactEvent(CALLER), lambdaContext());
    clock.mockRestore();

    // Assess
    expect(later.lookupOutcome).toBe('AGENT_AVAILABLE');
  });

  it('re-grants once on an expired token and answers normally', async () => {
    // Prepare: a warm container whose token the org then expires
    const handler = coldHandler();
    await handler(contactEvent(CALLER), lambdaContext());
    suite.sb.clearJournals();
    suite.sb.org.setFaults({ expireTokens: true });

    // Act
    const r = await handler(contactEvent(CALLER), lambdaContext());

    // Assess
    expect(r.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(grants(suite.sb)).toBe(1);
  });

  it('does not let a hung routing-map read spoil the next call', async () => {
    // Prepare: the token is cached, the map is not (TTL 0); the org then hangs every query
    const handler = coldHandler({ ROUTING_MAP_TTL_SECONDS: '0', LOOKUP_DEADLINE_MS: '1000' });
    await handler(contactEvent('+14155550199'), lambdaContext());
    suite.sb.org.setFaults({ hang: true });
    const hung = await handler(contactEvent(CALLER), lambdaContext());
    suite.sb.org.clearFaults();
    suite.sb.clearJournals();

    // Act
    const next = await handler(contactEvent(CALLER), lambdaContext());

    // Assess: the next call read the map itself and mapped Ana by it
    expect(hung.lookupOutcome).toBe('LOOKUP_TIMED_OUT');
    expect(next).toMatchObject({ lookupOutcome: 'AGENT_AVAILABLE', lastAgentFirstName: 'Ana' });
    expect(suite.sb.org.journal.map((e) => [e.operation, e.status])).toContainEqual([
      'query CallCenterRoutingMap',
      200,
    ]);
  });

  it('keeps the last queue when the status read runs late (AGENT_STATUS_UNKNOWN)', async () => {
    // Prepare: a warm container (queues listed), then Connect stops answering
    const handler = coldHandler({ LOOKUP_DEADLINE_MS: '1500' });
    await handler(contactEvent(CALLER), lambdaContext());
    suite.sb.connect.setFaults({ hang: true });

    // Act
    const r = await handler(contactEvent(CALLER), lambdaContext());

    // Assess
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastAgentAvailable: 'unknown',
      lastAgentFirstName: 'Ana',
    });
    expect(r.lastQueueArn).toMatch(/\/queue\//);
  });

  it('warns once per back-off interval while the API allocation is spent, not on every call', async () => {
    // Prepare
    const handler = coldHandler({ POWERTOOLS_LOG_LEVEL: 'INFO' });
    suite.sb.org.setFaults({ apiRequestsRemaining: 0 });
    const logs = captureLogs();

    // Act
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 3; i++)
        outcomes.push((await handler(contactEvent(CALLER), lambdaContext())).lookupOutcome);
    } finally {
      logs.restore();
    }

    // Assess: one back-off warning; the calls inside the back-off log at info
    const records = logs.lines.map(
      (l) => JSON.parse(l) as { level: string; message: string; backedOff?: boolean },
    );
    expect(outcomes).toEqual(['LOOKUP_FAILED', 'LOOKUP_FAILED', 'LOOKUP_FAILED']);
    expect(records.filter((r) => r.message.includes('REQUEST_LIMIT_EXCEEDED'))).toHaveLength(1);
    expect(records.filter((r) => r.backedOff === true && r.level === 'INFO')).toHaveLength(2);
  });
});

describe('find-last-agent on odd events', () => {
  const suite = useSandbox();

  beforeEach(() => suite.sb.clearJournals());

  it.each([
    [
      'an SMS chat (phone endpoint, CHAT channel)',
      contactEvent(CALLER, { channel: 'CHAT' }),
      'NO_CALLER_NUMBER',
    ],
    ['a task with a phone endpoint', contactEvent(CALLER, { channel: 'TASK' }), 'NO_CALLER_NUMBER'],
    [
      'an instance in another region',
      contactEvent(CALLER, { instanceArn: 'arn:aws:connect:eu-west-2:123456789012:instance/inst-1' }),
      'LOOKUP_FAILED',
    ],
  ])('answers %s without calling Salesforce', async (_what, event, outcome) => {
    // Act
    const r = await coldHandler()(event, lambdaContext());

    // Assess
    expect(r.lookupOutcome).toBe(outcome);
    expect(suite.sb.org.journal).toHaveLength(0);
  });

  it('refuses an instance in another account than the Lambda, saying why', async () => {
    // Prepare
    const handler = coldHandler({ POWERTOOLS_LOG_LEVEL: 'WARN' });
    const logs = captureLogs();

    // Act
    let r;
    try {
      r = await handler(contactEvent(CALLER), {
        ...lambdaContext(),
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:210987654321:function:find-last-agent',
      });
    } finally {
      logs.restore();
    }

    // Assess
    expect(r.lookupOutcome).toBe('LOOKUP_FAILED');
    expect(suite.sb.org.journal).toHaveLength(0);
    expect(logs.lines.join('\n')).toContain('account 123456789012; this Lambda runs in 210987654321');
  });

  it('logs nothing raw from a hostile event and keeps every line under 8 KB', async () => {
    // Prepare: a 1 MB contact id, a deeply nested channel, a number where a string belongs
    let nested: unknown = 'VOICE';
    for (let i = 0; i < 10_000; i++) nested = { c: nested };
    const event = contactEvent(CALLER, { contactId: 'x'.repeat(1_000_000) }) as {
      Details: { ContactData: Record<string, unknown> };
    };
    event.Details.ContactData.Channel = nested;
    const numeric = contactEvent(CALLER) as { Details: { ContactData: Record<string, unknown> } };
    numeric.Details.ContactData.Channel = 14155550101;
    const handler = coldHandler({ POWERTOOLS_LOG_LEVEL: 'DEBUG' });
    const logs = captureLogs();

    // Act
    const answers = [];
    try {
      answers.push(await handler(event, lambdaContext()), await handler(numeric, lambdaContext()));
    } finally {
      logs.restore();
    }

    // Assess
    expect(answers.map((a) => a.lookupOutcome)).toEqual(['NO_CALLER_NUMBER', 'NO_CALLER_NUMBER']);
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(8 * 1024);
    expect(logs.lines.join('\n')).not.toMatch(/415555|xxxxxxxxxx/);
  });

  it('keeps jsforce silent even when JSFORCE_LOG_LEVEL asks for DEBUG', async () => {
    // Prepare: jsforce reads the level when it loads, which coldHandler does with this env
    const handler = coldHandler({ JSFORCE_LOG_LEVEL: 'DEBUG' });
    const logs = captureLogs();
    const consoleSpies = (['log', 'info', 'debug', 'error'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        logs.lines.push(args.map(String).join(' '));
      }),
    );

    // Act
    let r;
    try {
      r = await handler(contactEvent(CALLER), lambdaContext());
    } finally {
      logs.restore();
      consoleSpies.forEach((s) => s.mockRestore());
    }

    // Assess: the lookup ran (so jsforce did send SOQL with the number) and nothing was printed
    expect(r.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(logs.lines.join('\n')).not.toMatch(/4155550101|SELECT/);
  });
});
