import { isDynamic, isRecord, numberParam } from '../flow-model';
import type { RoutingStep } from '../simulation-types';
import { REFERENCE, nextStep, type ActionSpec, type StepContext } from './types';

/**
 * "Set routing criteria": routing steps that offer the contact to matching agents first, each for
 * `Expiry.DurationInSeconds`, then to any agent in the queue. The reference page is titled
 * `UpdateRoutingCriteria`; the service imports this spelling (see `evidence`).
 */
export const UpdateContactRoutingCriteria: ActionSpec = {
  type: 'UpdateContactRoutingCriteria',
  source: `${REFERENCE}flow-control-actions-updateroutingcriteria.html`,
  evidence:
    "Salesforce's published SCV flows and AWS's VMX3 write Type UpdateContactRoutingCriteria with Parameters.RoutingCriteria.Steps[]; the page's own spelling UpdateRoutingCriteria is reported rejected on import",
  params: { required: ['RoutingCriteria'] },
  staticOnly: ['RoutingCriteria.Steps[].Expiry.DurationInSeconds'],
  errors: ['NoMatchingError'],
  requiredErrors: ['NoMatchingError'],
  rules: {
    steps: {
      severity: 'error',
      summary: 'RoutingCriteria is a JSONPath or an object with a non-empty Steps list',
    },
    step: {
      severity: 'error',
      summary: 'each step has an Expression; Expiry.DurationInSeconds is a positive whole number',
    },
    'agent-step-expiry': {
      severity: 'error',
      summary:
        'a step that matches named agents (AgentsCriteria) has an Expiry: without one the caller waits for them however long it takes',
    },
  },
  check({ p, report }) {
    const criteria = p.RoutingCriteria;
    // Steps "may be set statically or dynamically": a whole-value reference is checked at run time.
    if (criteria === undefined || (typeof criteria === 'string' && isDynamic(criteria))) return;
    const steps = isRecord(criteria) ? criteria.Steps : undefined;
    if (typeof steps === 'string' && isDynamic(steps)) return;
    if (!Array.isArray(steps) || steps.length === 0) {
      report('steps', 'RoutingCriteria must be a JSONPath or {"Steps": [...]} with at least one step');
      return;
    }
    steps.forEach((step, i) => {
      if (!isRecord(step) || !isRecord(step.Expression)) {
        report('step', `RoutingCriteria.Steps[${i}] needs an Expression`);
        return;
      }
      const duration = isRecord(step.Expiry) ? step.Expiry.DurationInSeconds : undefined;
      const condition = step.Expression.AttributeCondition;
      if (duration === undefined && isRecord(condition) && isRecord(condition.MatchCriteria)) {
        report(
          'agent-step-expiry',
          `RoutingCriteria.Steps[${i}] matches named agents but has no Expiry.DurationInSeconds`,
        );
      }
      if (duration !== undefined && !isDynamic(duration)) {
        const n = numberParam(duration);
        if (n === undefined || !Number.isInteger(n) || n < 1) {
          report(
            'step',
            `RoutingCriteria.Steps[${i}].Expiry.DurationInSeconds must be a positive whole number`,
          );
        }
      }
    });
  },
  simulate(ctx) {
    const steps = routingSteps(ctx);
    if (steps === undefined) {
      const { target, branch } = ctx.onError('NoMatchingError');
      return { kind: 'next', target, branch, detail: 'routing criteria are not a list of steps' };
    }
    ctx.state.routing.steps = steps;
    const described = steps
      .map(
        (s) =>
          `${s.agentIds.length ? `agents ${s.agentIds.join(',')}` : 'expression'} for ${s.durationSeconds ?? '∞'} s`,
      )
      .join('; ');
    return nextStep(ctx, `routing steps: ${described}`);
  },
};

/** The steps as the simulator reads them; a dynamic value is resolved and parsed as JSON. */
function routingSteps(ctx: StepContext): RoutingStep[] | undefined {
  let criteria: unknown = ctx.p.RoutingCriteria;
  if (typeof criteria === 'string') {
    try {
      criteria = JSON.parse(ctx.resolve(criteria)) as unknown;
    } catch {
      return undefined;
    }
  }
  const steps = isRecord(criteria) ? criteria.Steps : undefined;
  if (!Array.isArray(steps) || steps.length === 0) return undefined;
  return steps.filter(isRecord).map((raw) => {
    const condition = isRecord(raw.Expression) ? raw.Expression.AttributeCondition : undefined;
    const match = isRecord(condition) ? condition.MatchCriteria : undefined;
    const agents =
      isRecord(match) && isRecord(match.AgentsCriteria) ? match.AgentsCriteria.AgentIds : undefined;
    const duration = isRecord(raw.Expiry) ? numberParam(raw.Expiry.DurationInSeconds) : undefined;
    return {
      agentIds: Array.isArray(agents) ? agents.map((a) => ctx.resolve(a)) : [],
      ...(duration !== undefined ? { durationSeconds: duration } : {}),
      raw,
    };
  });
}
