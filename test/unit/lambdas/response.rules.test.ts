import fc from 'fast-check';
import {
  buildResponse,
  fallbackResponse,
  LOOKUP_OUTCOMES,
  MAX_PREFERRED_AGENT_SECONDS,
  preferredRoutingCriteria,
  RESPONSE_KEYS,
  ROUTING_CRITERIA_KEY,
  withRoutingCriteria,
  type LastAgentResponse,
} from '../../../lambdas/src/routing/response';

/** An answer with an agent worth a preferred-agent step. */
const preferred: LastAgentResponse = buildResponse('AGENT_AVAILABLE', {
  lastAgentFound: 'true',
  lastAgentId: 'a1',
  preferredQueueArn: 'arn:aws:connect:us-east-1:123456789012:instance/i/queue/support',
});

/** The step's expiry, or undefined when there is no step. */
const expiryOf = (seconds: number): number | undefined =>
  preferredRoutingCriteria(preferred, seconds)?.Steps[0]?.Expiry.DurationInSeconds;

/** The criteria a flow gets for the raw `preferredAgentSeconds` parameter. */
const criteriaFor = (asked: unknown): unknown =>
  (withRoutingCriteria(preferred, { preferredAgentSeconds: asked }) as Record<string, unknown>)[
    ROUTING_CRITERIA_KEY
  ];

describe('buildResponse: the flags a flow branches on', () => {
  it('carries every value it is given and fills the rest with ""', () => {
    // Prepare
    const values = { lastAgentId: 'a1', lastQueueName: 'Support', lastCallAt: '2026-11-21T07:00:00Z' };

    // Act
    const r = buildResponse('AGENT_NOT_MAPPED', values);

    // Assess
    expect(r).toMatchObject({ ...values, lookupOutcome: 'AGENT_NOT_MAPPED', lastAgentArn: '' });
  });

  it('says hasLastCallReason "true" exactly when there is a reason', () => {
    expect(buildResponse('AGENT_AVAILABLE', { lastCallReason: 'Router' }).hasLastCallReason).toBe('true');
    expect(buildResponse('AGENT_AVAILABLE', { lastCallReason: '' }).hasLastCallReason).toBe('false');
    expect(buildResponse('AGENT_AVAILABLE').hasLastCallReason).toBe('false');
  });

  it('keeps lastAgentFound and openMatter "true", and makes anything else "false"', () => {
    // Act
    const yes = buildResponse('AGENT_AVAILABLE', { lastAgentFound: 'true', openMatter: 'true' });
    const odd = buildResponse('AGENT_AVAILABLE', { lastAgentFound: 'TRUE', openMatter: 'yes' });
    const none = buildResponse('AGENT_AVAILABLE');

    // Assess
    expect([yes.lastAgentFound, yes.openMatter]).toEqual(['true', 'true']);
    expect([odd.lastAgentFound, odd.openMatter]).toEqual(['false', 'false']);
    expect([none.lastAgentFound, none.openMatter]).toEqual(['false', 'false']);
  });

  it('is a flat map of every key to a string, whatever it is given', () => {
    const someValues = fc.dictionary(fc.constantFrom(...RESPONSE_KEYS), fc.string());
    fc.assert(
      fc.property(fc.constantFrom(...LOOKUP_OUTCOMES), someValues, (outcome, values) => {
        // Act
        const r = buildResponse(outcome, values);

        // Assess
        expect(Object.keys(r).sort()).toEqual([...RESPONSE_KEYS].sort());
        expect(Object.values(r).every((v) => typeof v === 'string')).toBe(true);
        expect(r.lookupOutcome).toBe(outcome);
        expect(['true', 'false']).toContain(r.lastAgentFound);
        expect(r.hasLastCallReason).toBe((values.lastCallReason ?? '') === '' ? 'false' : 'true');
      }),
    );
  });
});

describe('fallbackResponse', () => {
  it.each(LOOKUP_OUTCOMES)('answers %s with no agent and nothing else known', (outcome) => {
    // Act
    const r = fallbackResponse(outcome);

    // Assess
    expect(r).toEqual({
      ...Object.fromEntries(RESPONSE_KEYS.map((k) => [k, ''])),
      lookupOutcome: outcome,
      lastAgentFound: 'false',
      hasLastCallReason: 'false',
      openMatter: 'false',
    });
  });
});

describe('preferredRoutingCriteria: the expiry bounds', () => {
  it('takes 1 second and the maximum, and nothing outside them', () => {
    // Act / Assess
    expect(expiryOf(1)).toBe(1);
    expect(expiryOf(MAX_PREFERRED_AGENT_SECONDS)).toBe(300);
    expect(expiryOf(0)).toBeUndefined();
    expect(expiryOf(MAX_PREFERRED_AGENT_SECONDS + 1)).toBeUndefined();
  });

  it('is a step exactly for whole seconds within 1..max', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 400 }), fc.double({ noNaN: false })), (s) => {
        const valid = Number.isInteger(s) && s >= 1 && s <= MAX_PREFERRED_AGENT_SECONDS;
        expect(expiryOf(s)).toBe(valid ? s : undefined);
      }),
    );
  });

  it('needs both an agent id and a preferred queue', () => {
    expect(preferredRoutingCriteria({ ...preferred, lastAgentId: '' }, 20)).toBeUndefined();
    expect(preferredRoutingCriteria({ ...preferred, preferredQueueArn: '' }, 20)).toBeUndefined();
  });
});

describe('withRoutingCriteria: reading preferredAgentSeconds', () => {
  it('takes a decimal number of seconds, around which Connect may leave spaces', () => {
    expect(criteriaFor(' 30 ')).toEqual(preferredRoutingCriteria(preferred, 30));
    expect(criteriaFor('300')).toEqual(preferredRoutingCriteria(preferred, 300));
  });

  it.each(['0x1e', '3e1', '30.0', '+30', '30s', 's30', '-30'])(
    'refuses %j, which JavaScript would read as a number but is not plain digits',
    (asked) => {
      expect(criteriaFor(asked)).toEqual({});
    },
  );

  it('refuses a parameter that is not a string (Connect only passes strings)', () => {
    expect(criteriaFor(30)).toEqual({});
    expect(criteriaFor(null)).toEqual({});
  });

  it('keeps every key of the answer next to the criteria', () => {
    // Act
    const r = withRoutingCriteria(preferred, { preferredAgentSeconds: '20' });

    // Assess
    expect(Object.keys(r).sort()).toEqual([...RESPONSE_KEYS, ROUTING_CRITERIA_KEY].sort());
    expect(r).toMatchObject(preferred);
  });
});
