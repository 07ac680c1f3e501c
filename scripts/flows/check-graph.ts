/**
 * The flow as a graph: every transition lands on an action, the contact never stops where the
 * flow does not end, branches match what each action type can raise (from the registry), and every
 * action can be reached.
 */
import { actionSpec } from './actions';
import type { Report } from './check-context';
import { numberParam, type FlowAction } from './flow-model';

/** Condition operators of the flow language. */
export const OPERATORS = [
  'Equals',
  'TextStartsWith',
  'TextEndsWith',
  'TextContains',
  'NumberGreaterThan',
  'NumberGreaterOrEqualTo',
  'NumberLessThan',
  'NumberLessOrEqualTo',
  // Absent from the reference's operator table; the service accepts it with one operand.
  'KeyExists',
] as const;

/** Transitions, branches and conditions of one action. */
export function checkTransitions(action: FlowAction, actions: Map<string, FlowAction>, report: Report): void {
  const id = action.Identifier;
  const t = action.Transitions;
  const spec = actionSpec(action.Type);
  const errors = t.Errors ?? [];
  const conditions = t.Conditions ?? [];
  const targets = [
    ...(t.NextAction !== undefined ? [{ label: 'NextAction', target: t.NextAction }] : []),
    ...errors.map((e) => ({ label: `error branch ${e.ErrorType}`, target: e.NextAction })),
    ...conditions.map((c) => ({ label: `condition ${c.Condition.Operator}`, target: c.NextAction })),
  ];
  for (const { label, target } of targets) {
    if (!actions.has(target))
      report('transition-target', `${label} goes to "${target}", which is not an action`, id);
  }
  if (spec?.noTransitions) {
    if (targets.length > 0) {
      report(
        'no-transitions',
        `${action.Type} ends the flow and has no results or errors (AWS docs: "Errors: None"); Transitions must be {}`,
        id,
      );
    }
  } else if (spec?.errors?.length === 0 && errors.length > 0) {
    report(
      'errorless',
      `${action.Type} has no error branches (AWS docs: "Errors: None"); remove Transitions.Errors`,
      id,
    );
  }
  // A type the registry does not model may be terminal; only its dangling targets are its problem.
  if (spec && !spec.terminal && t.NextAction === undefined && conditions.length === 0) {
    report('dead-end', 'dead end: no NextAction and no conditions, so the contact stops here', id);
  }
  if (spec && !spec.terminal && t.NextAction === undefined && conditions.length > 0) {
    report(
      'next-action',
      `${action.Type} has conditions but no NextAction; the service rejects a non-terminal action without one`,
      id,
    );
  }
  if (!spec) return;
  for (const errorType of spec.requiredErrors ?? []) {
    if (!errors.some((e) => e.ErrorType === errorType))
      report('error-required', `missing error branch ${errorType}`, id);
  }
  if (spec.errors && spec.errors.length > 0) {
    for (const e of errors) {
      if (!spec.errors.includes(e.ErrorType)) {
        report(
          'error-type',
          `${action.Type} raises no error ${e.ErrorType} (it raises ${spec.errors.join(', ')})`,
          id,
        );
      }
    }
  }
  for (const c of conditions) {
    if (!(OPERATORS as readonly string[]).includes(c.Condition.Operator)) {
      report('operator', `unknown condition operator "${c.Condition.Operator}"`, id);
    }
    if (c.Condition.Operands.length !== 1 || typeof c.Condition.Operands[0] !== 'string') {
      report('operand', `condition ${c.Condition.Operator} needs exactly one string operand`, id);
    } else if (c.Condition.Operands[0] === '') {
      report(
        'operand-empty',
        `condition ${c.Condition.Operator} "": the service rejects an empty operand; have the Lambda return a flag (e.g. hasLastCallReason) and compare with that`,
        id,
      );
    } else if (
      c.Condition.Operator.startsWith('Number') &&
      numberParam(c.Condition.Operands[0]) === undefined
    ) {
      report('operand', `condition ${c.Condition.Operator} needs a numeric operand`, id);
    }
  }
}

/** Where the contact can go next from an action. */
export function successors(action: FlowAction): string[] {
  // The flow has ended; any transitions written on these actions are never taken.
  if (actionSpec(action.Type)?.noTransitions) return [];
  const t = action.Transitions;
  return [
    ...(t.NextAction !== undefined ? [t.NextAction] : []),
    ...(t.Errors ?? []).map((e) => e.NextAction),
    ...(t.Conditions ?? []).map((c) => c.NextAction),
  ];
}

/** Actions reachable from `start` over every transition. */
export function reachableFrom(start: string, actions: Map<string, FlowAction>): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    const action = actions.get(id);
    if (!action) continue;
    seen.add(id);
    for (const target of successors(action)) stack.push(target);
  }
  return seen;
}

/** Warns about every action nothing leads to. */
export function checkReachability(start: string, actions: Map<string, FlowAction>, report: Report): void {
  const reachable = reachableFrom(start, actions);
  for (const id of actions.keys())
    if (!reachable.has(id)) report('unreachable', 'unreachable from StartAction', id);
}
