/**
 * Turns what the lookup learned into the flow's answer. Pure: every outcome of the response
 * contract is decided here and nowhere else.
 */
import type { AvailabilityVerdict } from './availability';
import { isRoutable } from './availability';
import { buildResponse, type Availability, type LastAgentResponse } from './response';
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
  /**
   * The standard queues the agent's routing profile serves, from the presence table or Connect;
   * undefined when neither could tell. A routing step only matches agents who serve its queue.
   */
  agentQueueArns?: readonly string[];
}

/** The reason status that makes a last call an open matter (seed 004). */
export const OPEN_REASON_STATUS = 'Open';

export function decide(facts: LookupFacts): LastAgentResponse {
  const { call, agent, state, verdict } = facts;
  if (!call) return buildResponse('NO_RECENT_CALL');

  const callValues = {
    lastQueueName: call.queueName ?? '',
    lastQueueArn: facts.lastQueueArn ?? '',
    lastVoiceCallId: call.lastVoiceCallId,
    lastCallAt: call.startedAt ?? '',
    lastCallReason: call.reason ?? '',
    lastCallReasonStatus: call.reasonStatus ?? '',
    openMatter: String(call.reasonStatus === OPEN_REASON_STATUS),
  };
  if (!agent && facts.agentLookupFailed) {
    return buildResponse('AGENT_STATUS_UNKNOWN', {
      ...callValues,
      lastAgentFirstName: call.agentFirstName ?? '',
      lastAgentAvailable: 'unknown',
      lastAgentRoutable: 'unknown',
    });
  }
  if (!agent) return buildResponse('AGENT_NOT_MAPPED', { ...callValues, lastAgentRoutable: 'false' });

  const agentValues = {
    ...callValues,
    lastAgentFound: 'true',
    lastAgentArn: agent.arn,
    lastAgentId: agent.connectUserId,
    lastAgentFirstName: call.agentFirstName ?? '',
  };
  if (!state || !verdict)
    return buildResponse('AGENT_STATUS_UNKNOWN', {
      ...agentValues,
      lastAgentAvailable: 'unknown',
      lastAgentRoutable: 'unknown',
    });

  const routable = isRoutable(verdict);
  // The profile is only read for a routable agent: for anyone else the question does not arise.
  const serves = routable ? servesQueue(facts.lastQueueArn, facts.agentQueueArns) : '';
  const stateValues = {
    ...agentValues,
    lastAgentStatus: state.loggedIn ? (state.statusName ?? '') : 'Offline',
    lastAgentNextStatus: state.nextStatus ?? '',
    lastAgentRoutable: routable ? 'true' : 'false',
    lastAgentServesQueue: serves,
    // A step for an agent who cannot take the contact, or in a queue they do not serve, would
    // only make the caller wait out its expiry.
    // (serves is only "true" for a known last queue; buildResponse turns undefined into "".)
    preferredQueueArn: routable && serves === 'true' ? facts.lastQueueArn : '',
  };
  return verdict.available
    ? buildResponse('AGENT_AVAILABLE', { ...stateValues, lastAgentAvailable: 'true' })
    : buildResponse('AGENT_UNAVAILABLE', { ...stateValues, lastAgentAvailable: 'false' });
}

function servesQueue(
  queueArn: string | undefined,
  agentQueueArns: readonly string[] | undefined,
): Availability | '' {
  if (!queueArn) return '';
  if (!agentQueueArns) return 'unknown';
  return agentQueueArns.includes(queueArn) ? 'true' : 'false';
}
