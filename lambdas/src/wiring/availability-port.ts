/**
 * Where the lookup learns an agent's live state: the presence table the agent-events Lambda keeps
 * (no Connect request, no quota), or Connect's GetCurrentUserData when the table has no fresh item
 * for the agent (missing, older than the heartbeat allows, or the table unreachable).
 */
import type { ConnectDirectory } from '../connect/directory';
import { agentStateOf } from '../presence/presence-item';
import type { PresenceReader } from '../presence/presence-reader';
import type { AgentState, InstanceRef } from '../routing/types';
import type { Budget } from '../shared/budget';

export interface AvailabilityDeps {
  directory: ConnectDirectory;
  presence?: PresenceReader;
  presenceMaxAgeMs: number;
  /** Why the presence table did not answer, for the lookup's log line. */
  onPresenceMiss?: (reason: string) => void;
}

export function agentStateReader(
  d: AvailabilityDeps,
): (connectUserId: string, instance: InstanceRef, budget: Budget) => Promise<AgentState> {
  return async (connectUserId, instance, budget) => {
    if (d.presence) {
      try {
        const read = await d.presence.get(instance.instanceId, connectUserId, budget.signal);
        if (read && read.ageMs <= d.presenceMaxAgeMs)
          return { ...agentStateOf(read.item), source: 'presence' };
        // Stryker disable next-line OptionalChaining: without a reporter the mutant's TypeError is caught below and Connect answers all the same
        d.onPresenceMiss?.(read ? `stale (${Math.round(read.ageMs / 1000)} s)` : 'no item');
      } catch (e) {
        if (budget.signal.aborted) throw e;
        d.onPresenceMiss?.(`unreadable: ${(e as Error)?.name ?? 'Error'}`);
      }
    }
    return { ...(await d.directory.getAgentState(connectUserId, instance, budget)), source: 'connect' };
  };
}
