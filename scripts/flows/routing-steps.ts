/**
 * Amazon Connect's routing steps on a simulated clock. When a contact with routing criteria is
 * transferred to a standard queue, Connect activates step 1: only agents the step matches (here, by
 * user id) who serve the queue may take the contact, until the step's expiry; then the next step;
 * when all steps are exhausted, anyone in the queue. A step without an expiry that nobody can
 * satisfy parks the caller for good: the one outcome our flows must never reach.
 */
import { isRecord } from './flow-model';

/** One routing step as the simulator plays it. */
export interface RoutingStep {
  /** Agent (user) ids the step matches. */
  agentIds: string[];
  /** Undefined: the step never expires. */
  expirySeconds?: number;
}

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

/** Reads `RoutingCriteria` (the flow action's parameter or a Lambda's JSON); a string says what is wrong. */
export function parseRoutingCriteria(value: unknown): RoutingStep[] | string {
  let criteria = value;
  if (typeof criteria === 'string') {
    try {
      criteria = JSON.parse(criteria) as unknown;
    } catch {
      return 'RoutingCriteria is not a JSON object';
    }
  }
  if (!isRecord(criteria) || !Array.isArray(criteria.Steps) || criteria.Steps.length === 0) {
    return 'RoutingCriteria needs a non-empty Steps list';
  }
  const steps: RoutingStep[] = [];
  for (const [i, raw] of criteria.Steps.entries()) {
    const condition =
      isRecord(raw) && isRecord(raw.Expression) ? raw.Expression.AttributeCondition : undefined;
    const match =
      isRecord(condition) && isRecord(condition.MatchCriteria) ? condition.MatchCriteria : undefined;
    const ids = isRecord(match) && isRecord(match.AgentsCriteria) ? match.AgentsCriteria.AgentIds : undefined;
    if (!isRecord(condition) || condition.ComparisonOperator !== 'Match' || !Array.isArray(ids)) {
      return `Steps[${i}]: only agent steps (AttributeCondition Match on AgentsCriteria.AgentIds) are simulated`;
    }
    if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
      return `Steps[${i}]: AgentIds must be non-empty agent ids`;
    }
    const expiry = isRecord(raw) && isRecord(raw.Expiry) ? Number(raw.Expiry.DurationInSeconds) : undefined;
    if (expiry !== undefined && !(Number.isInteger(expiry) && expiry > 0)) {
      return `Steps[${i}]: Expiry.DurationInSeconds must be a positive whole number`;
    }
    steps.push({ agentIds: ids as string[], ...(expiry !== undefined ? { expirySeconds: expiry } : {}) });
  }
  return steps;
}

/** Plays the steps for a contact just transferred to `queueArn`. */
export function playRoutingSteps(
  steps: readonly RoutingStep[],
  queueArn: string,
  agents: RoutingAgents,
): RoutingOutcome {
  let t = 0;
  for (const [i, step] of steps.entries()) {
    const end = step.expirySeconds === undefined ? Number.POSITIVE_INFINITY : t + step.expirySeconds;
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
    if (step.expirySeconds === undefined) return { kind: 'stranded', step: i + 1, agentIds: step.agentIds };
    t = end;
  }
  return { kind: 'queue', atSecond: t };
}
