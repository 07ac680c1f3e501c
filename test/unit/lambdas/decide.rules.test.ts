import fc from 'fast-check';
import { judgeAvailability } from '../../../lambdas/src/routing/availability';
import { decide } from '../../../lambdas/src/routing/decide';
import { RESPONSE_KEYS } from '../../../lambdas/src/routing/response';
import type { AgentState, ConnectAgent, LastCall } from '../../../lambdas/src/routing/types';

/** A VoiceCall with only the fields every row has: no queue, time, reason or first name. */
const bareCall: LastCall = { lastVoiceCallId: '0LQ1', agentUserId: '005A' };
const agent: ConnectAgent = {
  connectUserId: 'a1',
  arn: 'arn:aws:connect:us-east-1:123456789012:instance/i/agent/a1',
  mappedBy: 'routing-map',
};
const QUEUE = 'arn:aws:connect:us-east-1:123456789012:instance/i/queue/support';
const AVAILABLE: AgentState = { loggedIn: true, statusName: 'Available', availableVoiceSlots: 1 };

/** What a call without its optional fields answers for them. */
const UNKNOWN_CALL_FIELDS = {
  lastQueueName: '',
  lastQueueArn: '',
  lastCallAt: '',
  lastCallReason: '',
  lastCallReasonStatus: '',
  hasLastCallReason: 'false',
  openMatter: 'false',
  lastAgentFirstName: '',
};

describe('decide: a call without its optional fields', () => {
  it('answers "" for them when Connect could not say who the agent is', () => {
    // Act
    const r = decide({ call: bareCall, agentLookupFailed: true });

    // Assess
    expect(r).toMatchObject({
      ...UNKNOWN_CALL_FIELDS,
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastVoiceCallId: '0LQ1',
      lastAgentAvailable: 'unknown',
      lastAgentRoutable: 'unknown',
    });
  });

  it('answers "" for them, and for a logged-in agent\'s missing status name', () => {
    // Prepare
    const state: AgentState = { loggedIn: true, availableVoiceSlots: 1 };

    // Act
    const r = decide({ call: bareCall, agent, state, verdict: judgeAvailability(state, ['Available']) });

    // Assess
    expect(r).toMatchObject({
      ...UNKNOWN_CALL_FIELDS,
      lookupOutcome: 'AGENT_UNAVAILABLE',
      lastAgentFound: 'true',
      lastAgentStatus: '',
      lastAgentRoutable: 'false',
    });
  });

  it('answers "" for them when the agent is known but the status is not', () => {
    expect(decide({ call: bareCall, agent })).toMatchObject({
      ...UNKNOWN_CALL_FIELDS,
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
    });
  });
});

describe('decide: half-known agent state', () => {
  it.each([
    ['a state without a verdict', { state: AVAILABLE }],
    ['a verdict without a state', { verdict: judgeAvailability(AVAILABLE, ['Available']) }],
  ])('treats %s as unknown', (_name, partial) => {
    // Act
    const r = decide({ call: bareCall, agent, lastQueueArn: QUEUE, agentQueueArns: [QUEUE], ...partial });

    // Assess
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastAgentAvailable: 'unknown',
      lastAgentRoutable: 'unknown',
      preferredQueueArn: '',
    });
  });
});

describe('decide: invariants over any lookup', () => {
  const state = fc.record(
    {
      loggedIn: fc.boolean(),
      statusName: fc.constantFrom('Available', 'Lunch', 'Offline'),
      nextStatus: fc.constantFrom('Offline', ''),
      availableVoiceSlots: fc.integer({ min: 0, max: 2 }),
    },
    { requiredKeys: ['loggedIn'] },
  );
  const queue = fc.constantFrom(QUEUE, 'arn:aws:connect:us-east-1:123456789012:instance/i/queue/billing');
  const facts = fc.record(
    {
      call: fc.record(
        {
          lastVoiceCallId: fc.constant('0LQ1'),
          agentUserId: fc.constant('005A'),
          queueName: fc.string(),
          reason: fc.string(),
          reasonStatus: fc.constantFrom('Open', 'Resolved'),
        },
        { requiredKeys: ['lastVoiceCallId', 'agentUserId'] },
      ),
      agent: fc.constant(agent),
      agentLookupFailed: fc.boolean(),
      state,
      lastQueueArn: queue,
      agentQueueArns: fc.array(queue, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );

  it('is a flat string map, and prefers only a routable agent who serves the last queue', () => {
    fc.assert(
      fc.property(facts, (f) => {
        // Act
        const r = decide({ ...f, verdict: f.state ? judgeAvailability(f.state, ['Available']) : undefined });

        // Assess
        expect(Object.keys(r).sort()).toEqual([...RESPONSE_KEYS].sort());
        expect(Object.values(r).every((v) => typeof v === 'string')).toBe(true);
        if (r.preferredQueueArn !== '') {
          expect(r.preferredQueueArn).toBe(f.lastQueueArn);
          expect([r.lastAgentRoutable, r.lastAgentServesQueue, r.lastAgentFound]).toEqual([
            'true',
            'true',
            'true',
          ]);
        }
        expect(r.openMatter).toBe(f.call?.reasonStatus === 'Open' ? 'true' : 'false');
      }),
    );
  });
});
