/**
 * The last-agent lookup: which steps run, in which order, and which may run concurrently. I/O goes
 * through `LookupPorts`, so the orchestration is tested with fakes and run for real with the
 * Salesforce and Connect adapters.
 *
 * Every port call takes a `Budget`: the invocation's own for the one step the answer cannot do
 * without (the last call), and a shorter child for the soft steps (mapping, status, queue, warm-up),
 * so that a soft step running late gives up while there is still time to answer with what is known
 * (e.g. `AGENT_STATUS_UNKNOWN` with the last queue) instead of timing out.
 */
import type { Budget } from '../shared/budget';
import type { AvailabilityVerdict } from './availability';
import { isRoutable, judgeAvailability } from './availability';
import { decide } from './decide';
import type { LastAgentResponse } from './response';
import type { AgentState, AvailabilitySource, ConnectAgent, InstanceRef, LastCall } from './types';

export interface LookupPorts {
  /** Starts whatever cold-start loading can run before the call is known (token, map, queues). */
  warmUp(instance: InstanceRef, budget: Budget): Promise<void>;
  findLastAnsweredCall(numberForms: readonly string[], budget: Budget): Promise<LastCall | undefined>;
  /** CallCenterRoutingMap first, then SCV's username convention. */
  findConnectAgent(
    agentUserId: string,
    instance: InstanceRef,
    budget: Budget,
  ): Promise<ConnectAgent | undefined>;
  getAgentState(agent: ConnectAgent, instance: InstanceRef, budget: Budget): Promise<AgentState>;
  findQueueArn(queueName: string, instance: InstanceRef, budget: Budget): Promise<string | undefined>;
  /**
   * The standard queues the agent's routing profile serves: the presence snapshot's when the state
   * carries them, else Connect's routing profile (cached).
   */
  findAgentQueueArns(
    agent: ConnectAgent,
    state: AgentState,
    instance: InstanceRef,
    budget: Budget,
  ): Promise<readonly string[]>;
}

export interface LookupResult {
  response: LastAgentResponse;
  facts: {
    call?: LastCall;
    agent?: ConnectAgent;
    state?: AgentState;
    verdict?: AvailabilityVerdict;
    agentQueueArns?: readonly string[];
    /** Which source answered the agent's state (for logs and the availability-source metric). */
    availabilitySource?: AvailabilitySource;
  };
  /** Why the status is unknown or the queue ARN is missing, when a soft step failed. */
  softFailures: string[];
}

/**
 * Time kept back from the invocation's deadline for soft steps: enough to build and return the
 * answer once they give up. A tenth of the deadline, within 50–200 ms.
 */
export function softStepReserveMs(deadlineMs: number): number {
  return Math.min(200, Math.max(50, Math.round(deadlineMs / 10)));
}

export async function findLastAgent(
  ports: LookupPorts,
  input: { numberForms: readonly string[]; instance: InstanceRef; availableStatusNames: readonly string[] },
  budget: Budget,
): Promise<LookupResult> {
  const softFailures: string[] = [];
  const soft = budget.withReserve(softStepReserveMs(budget.remainingMs()));
  // Cold start: the token grant, routing map and queue list load while nothing else waits on them.
  const warm = ports.warmUp(input.instance, soft).catch((e: unknown) => {
    // String(e): "Name: message" for an Error, the value itself for anything else thrown.
    softFailures.push(`warm-up: ${String(e)}`);
  });

  const call = await ports.findLastAnsweredCall(input.numberForms, budget);
  if (!call) {
    await warm;
    return { response: decide({}), facts: {}, softFailures };
  }

  // The queue ARN is a nicety for last-queue routing: its failure must not cost the agent.
  const queueArn = call.queueName
    ? ports.findQueueArn(call.queueName, input.instance, soft).catch((e: unknown) => {
        softFailures.push(`queue: ${String(e)}`);
        return undefined;
      })
    : Promise.resolve(undefined);

  let agent: ConnectAgent | undefined;
  let agentLookupFailed = false;
  try {
    agent = await ports.findConnectAgent(call.agentUserId, input.instance, soft);
  } catch (e) {
    // SearchUsers is quota-limited (about 2/s): a throttled mapping is "unknown", not a failed lookup,
    // so the flow can still use the last queue.
    agentLookupFailed = true;
    softFailures.push(`agent-mapping: ${String(e)}`);
  }
  let state: AgentState | undefined;
  let verdict: AvailabilityVerdict | undefined;
  if (agent) {
    try {
      state = await ports.getAgentState(agent, input.instance, soft);
      verdict = judgeAvailability(state, input.availableStatusNames);
    } catch (e) {
      // Throttling or an outage leaves the status unknown; the flow decides what that means.
      softFailures.push(`agent-state: ${String(e)}`);
    }
  }
  const lastQueueArn = await queueArn;
  // Only a routable agent and a known last queue make the routing profile worth reading.
  let agentQueueArns: readonly string[] | undefined;
  // Stryker disable next-line LogicalOperator,ConditionalExpression: equivalent, state and verdict are set together and only for an agent
  if (agent && state && verdict && isRoutable(verdict) && lastQueueArn) {
    try {
      agentQueueArns = await ports.findAgentQueueArns(agent, state, input.instance, soft);
    } catch (e) {
      softFailures.push(`agent-queues: ${String(e)}`);
    }
  }
  await warm;
  return {
    response: decide({ call, agent, agentLookupFailed, state, verdict, lastQueueArn, agentQueueArns }),
    facts: { call, agent, state, verdict, agentQueueArns, availabilitySource: state?.source },
    softFailures,
  };
}
