import { judgeAvailability } from '../../../lambdas/src/routing/availability';
import { decide } from '../../../lambdas/src/routing/decide';
import { LOOKUP_OUTCOMES, RESPONSE_KEYS, buildResponse } from '../../../lambdas/src/routing/response';
import type { ConnectAgent, LastCall } from '../../../lambdas/src/routing/types';

const call: LastCall = {
  lastVoiceCallId: '0LQSB0000000003AAA',
  agentUserId: '005SB0000001ANAYA2',
  agentFirstName: 'Ana',
  queueName: 'Support',
  startedAt: '2026-11-21T07:00:00.000Z',
  reason: 'Replacement router not delivered',
};
const agent: ConnectAgent = {
  connectUserId: 'a1',
  arn: 'arn:aws:connect:us-east-1:123456789012:instance/i/agent/a1',
  mappedBy: 'routing-map',
};

function expectFlatStringMap(response: Record<string, unknown>): void {
  expect(Object.keys(response).sort()).toEqual([...RESPONSE_KEYS].sort());
  for (const v of Object.values(response)) expect(typeof v).toBe('string');
}

describe('decide', () => {
  it('offers an available agent with everything the flow reads', () => {
    // Prepare
    const state = { loggedIn: true, statusName: 'Available', availableVoiceSlots: 1 };

    // Act
    const r = decide({
      call,
      agent,
      state,
      verdict: judgeAvailability(state, ['Available']),
      lastQueueArn: 'arn:q',
    });

    // Assess
    expectFlatStringMap(r);
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_AVAILABLE',
      lastAgentFound: 'true',
      lastAgentAvailable: 'true',
      lastAgentArn: agent.arn,
      lastAgentId: 'a1',
      lastAgentFirstName: 'Ana',
      lastAgentStatus: 'Available',
      lastAgentNextStatus: '',
      lastQueueName: 'Support',
      lastQueueArn: 'arn:q',
      lastVoiceCallId: call.lastVoiceCallId,
      lastCallAt: call.startedAt,
      lastCallReason: call.reason,
    });
  });

  it('reports the pending next status of an unavailable agent', () => {
    // Prepare
    const state = { loggedIn: true, statusName: 'Available', nextStatus: 'Offline', availableVoiceSlots: 1 };

    // Act
    const r = decide({ call, agent, state, verdict: judgeAvailability(state, ['Available']) });

    // Assess
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_UNAVAILABLE',
      lastAgentFound: 'true',
      lastAgentAvailable: 'false',
      lastAgentNextStatus: 'Offline',
      lastQueueArn: '',
    });
  });

  it('calls a logged-out agent Offline', () => {
    const r = decide({
      call,
      agent,
      state: { loggedIn: false },
      verdict: judgeAvailability({ loggedIn: false }, ['Available']),
    });
    expect(r.lastAgentStatus).toBe('Offline');
    expect(r.lookupOutcome).toBe('AGENT_UNAVAILABLE');
  });

  it('says unknown when Connect could not tell', () => {
    const r = decide({ call, agent });
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastAgentAvailable: 'unknown',
      lastAgentFound: 'true',
    });
  });

  it('says unknown, keeping the call and queue, when Connect could not say who the agent is', () => {
    const r = decide({ call, agentLookupFailed: true, lastQueueArn: 'arn:q' });
    expectFlatStringMap(r);
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastAgentFound: 'false',
      lastAgentAvailable: 'unknown',
      lastAgentArn: '',
      lastAgentFirstName: 'Ana',
      lastQueueArn: 'arn:q',
    });
  });

  it('keeps the call context but no agent when the user has no Connect agent', () => {
    const r = decide({ call, lastQueueArn: 'arn:q' });
    expectFlatStringMap(r);
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_NOT_MAPPED',
      lastAgentFound: 'false',
      lastAgentArn: '',
      lastQueueArn: 'arn:q',
      lastCallReason: call.reason,
    });
  });

  it('answers NO_RECENT_CALL with every key empty but the flags', () => {
    const r = decide({});
    expectFlatStringMap(r);
    expect(r.lookupOutcome).toBe('NO_RECENT_CALL');
    expect(r.lastAgentFound).toBe('false');
    expect(r.lastVoiceCallId).toBe('');
  });
});

describe('buildResponse', () => {
  it.each(LOOKUP_OUTCOMES)('%s yields every key as a string', (outcome) => {
    expectFlatStringMap(buildResponse(outcome));
  });

  it('never reports lastAgentFound as anything but true or false', () => {
    expect(buildResponse('LOOKUP_FAILED', { lastAgentFound: 'maybe' }).lastAgentFound).toBe('false');
  });
});
