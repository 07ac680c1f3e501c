/**
 * The sandbox's routing: which routing profile each agent works in, the queues each profile
 * serves, and how long a busy agent's current call still runs. Kept apart from the rest of the
 * sample data so routing (preferred-agent steps) and presence can each grow their part.
 *
 * A routing step only offers a contact to agents whose routing profile serves the contact's queue,
 * and a busy agent can only take it once their current call ends: these facts decide where a
 * preferred-agent caller lands in `npm start -- --mode preferred`.
 */
import type { AgentKey } from './sample-data';

/** A Connect routing profile and the standard queues (by name) it serves on VOICE. */
export interface SampleRoutingProfile {
  id: string;
  name: string;
  queueNames: readonly string[];
}

/** Serves every standard queue: the profile most sample agents work in. */
export const ALL_QUEUES_PROFILE_ID = '0c000000-0000-4000-8000-0000000000d1';
/** Serves BasicQueue and Support only: its agents never get a Billing contact. */
export const SUPPORT_PROFILE_ID = '0c000000-0000-4000-8000-0000000000d2';

export const SAMPLE_ROUTING_PROFILES: readonly SampleRoutingProfile[] = [
  { id: ALL_QUEUES_PROFILE_ID, name: 'All queues', queueNames: ['BasicQueue', 'Support', 'Billing'] },
  { id: SUPPORT_PROFILE_ID, name: 'Support team', queueNames: ['BasicQueue', 'Support'] },
];

/** Each Connect agent's routing profile; agents not listed work in "All queues". */
export const AGENT_ROUTING_PROFILES: Partial<Record<AgentKey, string>> = {
  hana: SUPPORT_PROFILE_ID,
};

/**
 * Busy agents: seconds until their current call ends and their voice slot frees up, as the
 * simulated clock of a routing step sees it. Fay's call ends inside the sandbox's preferred-agent
 * step, Gus's long after it.
 */
export const AGENT_BUSY_FOR_SECONDS: Partial<Record<AgentKey, number>> = {
  fay: 8,
  gus: 240,
};

/** The preferred-agent step's expiry the sandbox fills `${PREFERRED_AGENT_SECONDS}` with. */
export const SANDBOX_PREFERRED_AGENT_SECONDS = 20;

export function routingProfileOf(key: AgentKey): string {
  return AGENT_ROUTING_PROFILES[key] ?? ALL_QUEUES_PROFILE_ID;
}
