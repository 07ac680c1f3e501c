/**
 * The sandbox's Connect state as the routing-step simulator's agents: who is free now, whose call
 * ends when, and which queues each agent's routing profile serves. Read live, so a test that
 * changes an agent's state in the emulator changes where the caller lands.
 */
import type { ConnectData } from '../sandbox/sample-data';
import type { RoutingAgents } from './routing-steps';

/** The status the sandbox's agents take contacts in (the Lambda's AVAILABLE_STATUS_NAMES). */
const ROUTABLE_STATUS = 'Available';

export function sandboxRoutingAgents(connect: ConnectData): RoutingAgents {
  return {
    freeInSeconds(agentId) {
      const state = connect.userStates.find((s) => s.userId === agentId);
      // Logged out, in a non-routable status, or about to go offline: Connect routes them nothing.
      if (!state || state.status !== ROUTABLE_STATUS || state.nextStatus) return undefined;
      if (state.availableVoiceSlots > 0) return 0;
      return state.busyForSeconds;
    },
    servesQueue(agentId, queueArn) {
      const user = connect.users.find((u) => u.id === agentId);
      const profile = connect.routingProfiles.find((p) => p.id === user?.routingProfileId);
      const queue = connect.queues.find((q) => `${connect.instanceArn}/queue/${q.id}` === queueArn);
      return Boolean(profile && queue && profile.queueNames.includes(queue.name));
    },
  };
}
