/**
 * Amazon Connect's routing steps on a simulated clock. When a contact with routing criteria is
 * transferred to a standard queue, Connect activates step 1: only agents the step matches (here, by
 * user id) who serve the queue may take the contact, until the step's expiry; then the next step;
 * when all steps are exhausted, anyone in the queue. A step without an expiry that nobody can
 * satisfy parks the caller for good: the one outcome our flows must never reach.
 */
import type { RoutingStep } from './simulation-types';

/** The agents as the simulated clock sees them (the sandbox's Connect state fills this). */
export interface RoutingAgents {
  /**
   * Seconds from the transfer until the agent can take a voice contact: 0 when free now, the rest
   * of their current call when busy, undefined when they will not take one (offline, next status
   * pending, not routable, unknown).
   */
  freeInSeconds(agentId: string): number | undefined;
  /** Whether the agent's routing profile serves the queue. */
  servesQueue(agentId: string, queueArn: string): boolean;
}

export type RoutingOutcome =
  | { kind: 'agent'; agentId: string; atSecond: number; step: number }
  | { kind: 'queue'; atSecond: number }
  | { kind: 'stranded'; step: number; agentIds: string[] };

/** Plays the steps for a contact just transferred to `queueArn`. */
export function playRoutingSteps(
  steps: readonly Pick<RoutingStep, 'agentIds' | 'durationSeconds'>[],
  queueArn: string,
  agents: RoutingAgents,
): RoutingOutcome {
  let t = 0;
  for (const [i, step] of steps.entries()) {
    const end = step.durationSeconds === undefined ? Number.POSITIVE_INFINITY : t + step.durationSeconds;
    let best: { agentId: string; at: number } | undefined;
    for (const agentId of step.agentIds) {
      if (!agents.servesQueue(agentId, queueArn)) continue;
      const free = agents.freeInSeconds(agentId);
      if (free === undefined) continue;
      const at = Math.max(t, free);
      // Connect offers the contact the moment a matching agent is free, before the step expires.
      if (at < end && (!best || at < best.at)) best = { agentId, at };
    }
    if (best) return { kind: 'agent', agentId: best.agentId, atSecond: best.at, step: i + 1 };
    // Steps on other requirements (proficiencies) are not played: they only delay the queue.
    if (step.durationSeconds === undefined) {
      if (step.agentIds.length > 0) return { kind: 'stranded', step: i + 1, agentIds: step.agentIds };
      return { kind: 'queue', atSecond: t };
    }
    t = end;
  }
  return { kind: 'queue', atSecond: t };
}
