/**
 * Turns what the lookup learned into the flow's answer. Pure: every outcome of the response
 * contract is decided here and nowhere else.
 */
import type { AvailabilityVerdict } from './availability';
import { buildResponse, type LastAgentResponse } from './response';
import type { AgentState, ConnectAgent, LastCall } from './types';

export interface LookupFacts {
  call?: LastCall;
  agent?: ConnectAgent;
  /** Connect could not say who the agent is (SearchUsers throttled or failed). */
  agentLookupFailed?: boolean;
  /** Undefined when Connect could not tell (throttled, failed). */
  state?: AgentState;
  verdict?: AvailabilityVerdict;
  lastQueueArn?: string;
}

export function decide(facts: LookupFacts): LastAgentResponse {
  const { call, agent, state, verdict } = facts;
  if (!call) return buildResponse('NO_RECENT_CALL');

  const callValues = {
    lastQueueName: call.queueName ?? '',
    lastQueueArn: facts.lastQueueArn ?? '',
    lastVoiceCallId: call.voiceCallId,
    lastCallAt: call.startedAt ?? '',
    lastCallReason: call.reason ?? '',
  };
  if (!agent && facts.agentLookupFailed) {
    return buildResponse('AGENT_STATUS_UNKNOWN', {
      ...callValues,
      lastAgentFirstName: call.agentFirstName ?? '',
      lastAgentAvailable: 'unknown',
    });
  }
  if (!agent) return buildResponse('AGENT_NOT_MAPPED', callValues);

  const agentValues = {
    ...callValues,
    lastAgentFound: 'true',
    lastAgentArn: agent.arn,
    lastAgentId: agent.userId,
    lastAgentFirstName: call.agentFirstName ?? '',
  };
  if (!state || !verdict)
    return buildResponse('AGENT_STATUS_UNKNOWN', { ...agentValues, lastAgentAvailable: 'unknown' });

  const stateValues = {
    ...agentValues,
    lastAgentStatus: state.loggedIn ? (state.statusName ?? '') : 'Offline',
    lastAgentNextStatus: state.nextStatus ?? '',
  };
  return verdict.available
    ? buildResponse('AGENT_AVAILABLE', { ...stateValues, lastAgentAvailable: 'true' })
    : buildResponse('AGENT_UNAVAILABLE', { ...stateValues, lastAgentAvailable: 'false' });
}
