/**
 * What the checker knows about the routing actions of the preferred-agent flow, from their AWS
 * flow-language reference pages and the flows that publish them:
 * - `UpdateContactRoutingCriteria` ("Set routing criteria"). The reference page is titled
 *   `UpdateRoutingCriteria`; Salesforce's published flows and AWS's VMX3 write
 *   `UpdateContactRoutingCriteria`, and the page's own spelling is reported rejected by the service.
 *   Steps "may be set statically or dynamically" (the whole criteria from a Lambda's JSON is the
 *   published dynamic form); `Expiry.DurationInSeconds` "can be set only statically".
 * - `UpdateContactRoutingBehavior` ("Change routing priority / age"): `QueuePriority` (1 is served
 *   first, default 5) or `QueueTimeAdjustmentSeconds`, static.
 * Both: "Errors: NoMatchingError"; Inbound, Customer queue, Transfer to agent and Transfer to queue
 * flows only.
 */
import { isRecord, type FlowAction } from './flow-model';

type Report = (severity: 'error' | 'warning', problem: string, action?: string) => void;

/** Spellings in AWS's reference that the service does not import, with the one it does. */
export const REJECTED_ACTION_TYPES: Readonly<Record<string, string>> = {
  UpdateRoutingCriteria: 'UpdateContactRoutingCriteria',
};

export const ROUTING_ACTION_TYPES = ['UpdateContactRoutingCriteria', 'UpdateContactRoutingBehavior'] as const;

/** Flow types (normalised like `flowTypeKey`) the routing actions are documented for. */
export const ROUTING_ACTION_FLOW_TYPES = [
  'contactflow',
  'inbound',
  'customerqueue',
  'agenttransfer',
  'queuetransfer',
];

const isReference = (v: unknown): boolean => typeof v === 'string' && v.startsWith('$.');
const wholeNumber = (v: unknown): number | undefined => {
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : undefined;
};

export function checkRoutingAction(action: FlowAction, report: Report): void {
  const id = action.Identifier;
  const p = action.Parameters;
  if (action.Type === 'UpdateContactRoutingCriteria') {
    const criteria = p.RoutingCriteria;
    if (criteria === undefined || criteria === '')
      return report('error', 'missing parameter RoutingCriteria', id);
    if (typeof criteria === 'string') {
      if (!isReference(criteria))
        report('error', 'RoutingCriteria must be an object or a JSONPath reference', id);
      return;
    }
    if (!isRecord(criteria) || !Array.isArray(criteria.Steps) || criteria.Steps.length === 0) {
      return report('error', 'RoutingCriteria.Steps must be a non-empty list of routing steps', id);
    }
    criteria.Steps.forEach((step: unknown, i: number) =>
      checkStep(step, `RoutingCriteria.Steps[${i}]`, id, report),
    );
    return;
  }
  // UpdateContactRoutingBehavior
  const priority = p.QueuePriority;
  const age = p.QueueTimeAdjustmentSeconds;
  if (priority === undefined && age === undefined) {
    return report('error', 'one of QueuePriority or QueueTimeAdjustmentSeconds is required', id);
  }
  if (priority !== undefined) {
    const n = wholeNumber(priority);
    if (isReference(priority)) report('error', 'QueuePriority can only be set statically', id);
    else if (n === undefined || n < 1)
      report('error', `QueuePriority must be a whole number from 1 (got ${JSON.stringify(priority)})`, id);
  }
  if (age !== undefined && (isReference(age) || wholeNumber(age) === undefined)) {
    report(
      'error',
      `QueueTimeAdjustmentSeconds must be a static whole number of seconds (got ${JSON.stringify(age)})`,
      id,
    );
  }
}

function checkStep(step: unknown, path: string, id: string, report: Report): void {
  if (!isRecord(step) || !isRecord(step.Expression))
    return report('error', `${path}.Expression is required`, id);
  const condition = step.Expression.AttributeCondition;
  const match =
    isRecord(condition) && isRecord(condition.MatchCriteria) ? condition.MatchCriteria : undefined;
  const agentIds =
    isRecord(match) && isRecord(match.AgentsCriteria) ? match.AgentsCriteria.AgentIds : undefined;
  if (match !== undefined) {
    if (!isRecord(condition) || condition.ComparisonOperator !== 'Match') {
      report('error', `${path}: an AgentsCriteria condition takes ComparisonOperator "Match"`, id);
    }
    if (!Array.isArray(agentIds) || agentIds.length === 0 || agentIds.length > 100) {
      report('error', `${path}: AgentsCriteria.AgentIds must list 1 to 100 agent ids`, id);
    }
  }
  const expiry = isRecord(step.Expiry) ? step.Expiry.DurationInSeconds : undefined;
  if (expiry === undefined) {
    // A step on named agents that never expires waits for them however long it takes.
    if (match !== undefined)
      report('error', `${path}: a step on named agents needs Expiry.DurationInSeconds`, id);
    return;
  }
  if (isReference(expiry)) report('error', `${path}.Expiry.DurationInSeconds can be set only statically`, id);
  else if ((wholeNumber(expiry) ?? 0) < 1) {
    report(
      'error',
      `${path}.Expiry.DurationInSeconds must be a whole number of seconds from 1 (got ${JSON.stringify(expiry)})`,
      id,
    );
  }
}
