/**
 * Each action held to its registry entry: type spelling, required, exclusive, static-only and
 * misspelt parameters, the flow types it may be used in, and the action's own rules.
 */
import { actionSpec } from './actions';
import type { ActionCheckContext } from './actions/types';
import type { Report } from './check-context';
import { collectStrings, isDynamic, isRecord, type FlowAction } from './flow-model';

/**
 * A flow type as a lookup key: console exports write `Metadata.type` in camelCase
 * (`agentTransfer`), the API's `ContactFlowType` is upper snake case (`AGENT_TRANSFER`).
 */
export function flowTypeKey(type: unknown): string | undefined {
  return typeof type === 'string' && type !== '' ? type.replace(/_/g, '').toLowerCase() : undefined;
}

/** Values at a dotted path where `[]` steps into every element of a list. */
export function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path.split('.')) {
    const many = segment.endsWith('[]');
    const key = many ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const value of current) {
      if (!isRecord(value) || value[key] === undefined) continue;
      const found = value[key];
      if (many) {
        if (Array.isArray(found)) next.push(...found);
      } else next.push(found);
    }
    current = next;
  }
  return current;
}

/** Checks one action's parameters and placement against the registry. */
export function checkAction(action: FlowAction, flowType: unknown, report: Report): void {
  const id = action.Identifier;
  const spec = actionSpec(action.Type);
  if (!spec) {
    report(
      'action-unmodeled',
      `action type ${action.Type} is not modeled by the checker; its parameters were not checked`,
      id,
    );
    return;
  }
  if (spec.rejectedSpellingOf) {
    report(
      'type-spelling',
      `action type ${action.Type} is the reference page's title, which the service does not import; write ${spec.rejectedSpellingOf} (${spec.evidence ?? spec.source})`,
      id,
    );
    return;
  }
  const p = action.Parameters;
  const need = (key: string) => {
    if (p[key] === undefined || p[key] === '') report('param-required', `missing parameter ${key}`, id);
    return p[key];
  };
  for (const key of spec.params?.required ?? []) {
    const spelling = Object.entries(spec.paramSpellings ?? {}).find(([, s]) => s.use === key)?.[0];
    // A reference-page spelling stands in for the published one (reported below).
    if (spelling !== undefined && p[spelling] !== undefined) continue;
    need(key);
  }
  for (const [written, { use, rejected }] of Object.entries(spec.paramSpellings ?? {})) {
    if (p[written] === undefined) continue;
    report(
      rejected ? 'param-spelling-rejected' : 'param-spelling',
      rejected
        ? `${written} is the reference page's spelling, which the service rejects; write ${use} (${spec.evidence ?? spec.source})`
        : `${written} is the reference page's spelling; published, working flows write ${use} (${spec.evidence ?? spec.source})`,
      id,
    );
  }
  for (const { path, value } of collectStrings(p, 'Parameters')) {
    if (value === '')
      report('param-empty', `${path} is "": the service rejects an empty parameter value`, id);
  }
  for (const path of spec.staticOnly ?? []) {
    if (valuesAt(p, path).some(isDynamic)) {
      report('param-static', `${path} must be set statically (AWS docs); it holds a $. reference`, id);
    }
  }
  checkFlowType(action, flowType, report);
  if (!spec.check) return;
  const ctx: ActionCheckContext = {
    action,
    p,
    conditions: action.Transitions.Conditions ?? [],
    errorTypes: (action.Transitions.Errors ?? []).map((e) => e.ErrorType),
    report: (rule, problem) => report(`${spec.type}/${rule}`, problem, id),
    need,
    oneOf(keys) {
      const present = keys.filter((k) => p[k] !== undefined);
      if (present.length !== 1) {
        report(
          'param-one-of',
          `exactly one of ${keys.join('/')} is required (found ${present.length ? present.join(', ') : 'none'})`,
          id,
        );
      }
    },
  };
  spec.check(ctx);
}

/** An action used in a flow type its reference page excludes (when the flow type is known). */
function checkFlowType(action: FlowAction, flowType: unknown, report: Report): void {
  const key = flowTypeKey(flowType);
  const rule = actionSpec(action.Type)?.flowTypes;
  if (key === undefined || rule === undefined) return;
  const refused = rule.allowedIn
    ? !(rule.allowedIn as readonly string[]).includes(key)
    : ((rule.notIn ?? []) as readonly string[]).includes(key);
  if (refused) {
    report(
      'flow-type',
      `${action.Type} cannot be used in a ${String(flowType)} flow (AWS docs: ${rule.docs})`,
      action.Identifier,
    );
  }
}
