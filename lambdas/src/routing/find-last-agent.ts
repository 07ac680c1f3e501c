/**
 * The last-agent lookup: which steps run, in which order, and which may run concurrently. I/O goes
 * through `LookupPorts`, so the orchestration is tested with fakes and run for real with the
 * Salesforce and Connect adapters.
 */
import type { AvailabilityVerdict } from './availability';
import { judgeAvailability } from './availability';
import { decide } from './decide';
import type { LastAgentResponse } from './response';
import type { AgentState, AvailabilitySource, ConnectAgent, InstanceRef, LastCall } from './types';

export interface LookupPorts {
  /** Starts whatever cold-start loading can run before the call is known (token, map, queues). */
  warmUp(instance: InstanceRef): Promise<void>;
  findLastAnsweredCall(numberForms: readonly string[]): Promise<LastCall | undefined>;
  /** CallCenterRoutingMap first, then SCV's username convention. */
  findConnectAgent(sfUserId: string, instance: InstanceRef): Promise<ConnectAgent | undefined>;
  getAgentState(agent: ConnectAgent, instance: InstanceRef): Promise<AgentState>;
  findQueueArn(queueName: string, instance: InstanceRef): Promise<string | undefined>;
}

export interface LookupResult {
  response: LastAgentResponse;
  facts: {
    call?: LastCall;
    agent?: ConnectAgent;
    state?: AgentState;
    verdict?: AvailabilityVerdict;
    /** Which source answered the agent's state (for logs and the availability-source metric). */
    availabilitySource?: AvailabilitySource;
  };
  /** Why the status is unknown or the queue ARN is missing, when a soft step failed. */
  softFailures: string[];
}

export async function findLastAgent(
  ports: LookupPorts,
  input: { numberForms: readonly string[]; instance: InstanceRef; availableStatusNames: readonly string[] },
): Promise<LookupResult> {
  const softFailures: string[] = [];
  // Cold start: the token grant, routing map and queue list load while nothing else waits on them.
  const warm = ports.warmUp(input.instance).catch((e: unknown) => {
    softFailures.push(`warm-up: ${describe(e)}`);
  });

  const call = await ports.findLastAnsweredCall(input.numberForms);
  if (!call) {
    await warm;
    return { response: decide({}), facts: {}, softFailures };
  }

  // The queue ARN is a nicety for last-queue routing: its failure must not cost the agent.
  const queueArn = call.queueName
    ? ports.findQueueArn(call.queueName, input.instance).catch((e: unknown) => {
        softFailures.push(`queue: ${describe(e)}`);
        return undefined;
      })
    : Promise.resolve(undefined);

  let agent: ConnectAgent | undefined;
  let agentLookupFailed = false;
  try {
    agent = await ports.findConnectAgent(call.sfUserId, input.instance);
  } catch (e) {
    // SearchUsers is quota-limited (about 2/s): a throttled mapping is "unknown", not a failed lookup,
    // so the flow can still use the last queue.
    agentLookupFailed = true;
    softFailures.push(`agent-mapping: ${describe(e)}`);
  }
  let state: AgentState | undefined;
  let verdict: AvailabilityVerdict | undefined;
  if (agent) {
    try {
      state = await ports.getAgentState(agent, input.instance);
      verdict = judgeAvailability(state, input.availableStatusNames);
    } catch (e) {
      // Throttling or an outage leaves the status unknown; the flow decides what that means.
      softFailures.push(`agent-state: ${describe(e)}`);
    }
  }
  const lastQueueArn = await queueArn;
  await warm;
  return {
    response: decide({ call, agent, agentLookupFailed, state, verdict, lastQueueArn }),
    facts: { call, agent, state, verdict, availabilitySource: state?.source },
    softFailures,
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
