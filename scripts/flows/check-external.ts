/**
 * `$.External.x` holds the result of the most recent Lambda invocation only. Walks every path,
 * tracking which Lambda ran last, and holds reads after one of our Lambdas to its keys (and the
 * Compare operands on find-last-agent's enumerations to their values), so a renamed key, or a key
 * read after another Lambda replaced it, breaks the build, not a call.
 */
import { LOOKUP_OUTCOMES, RESPONSE_KEY_VALUES, RESPONSE_KEYS } from '../../lambdas/src/routing/response';
import type { Report } from './check-context';
import { successors } from './check-graph';
import { JSONPATH_REFERENCE, collectStrings, type FlowAction } from './flow-model';
import { FIND_LAST_AGENT_ARN_PLACEHOLDER, KNOWN_LAMBDA_KEYS } from './project';

/** find-last-agent's enumerated keys and the values a Compare on them may test (from response.ts). */
const ENUMERATED_KEYS: Record<string, readonly string[]> = {
  '$.External.lookupOutcome': LOOKUP_OUTCOMES,
  ...Object.fromEntries(Object.entries(RESPONSE_KEY_VALUES).map(([k, v]) => [`$.External.${k}`, v])),
};

export function checkExternalReads(start: string, actions: Map<string, FlowAction>, report: Report): void {
  /** 'none', 'other' (an ARN we know nothing about) or the placeholder of a known Lambda. */
  type LastLambda = string;
  const seen = new Set<string>();
  const reported = new Set<string>();
  const once: Report = (rule, problem, id) => {
    const key = `${id}|${problem}`;
    if (reported.has(key)) return;
    reported.add(key);
    report(rule, problem, id);
  };
  const stack: { id: string; last: LastLambda }[] = [{ id: start, last: 'none' }];
  while (stack.length > 0) {
    const { id, last } = stack.pop() as { id: string; last: LastLambda };
    const stateKey = `${id}|${last}`;
    if (seen.has(stateKey)) continue;
    seen.add(stateKey);
    const action = actions.get(id);
    if (!action) continue;
    // A Lambda's own parameters are evaluated before it runs, so they still see the previous result.
    checkReadsIn(action, last, once);
    const arn = String(action.Parameters.LambdaFunctionARN ?? '');
    const next: LastLambda =
      action.Type === 'InvokeLambdaFunction' ? (KNOWN_LAMBDA_KEYS[arn] ? arn : 'other') : last;
    for (const target of successors(action)) stack.push({ id: target, last: next });
  }
}

function checkReadsIn(action: FlowAction, last: string, report: Report): void {
  const id = action.Identifier;
  const known = KNOWN_LAMBDA_KEYS[last];
  for (const { path, value } of collectStrings(action.Parameters, 'Parameters')) {
    for (const m of value.matchAll(JSONPATH_REFERENCE)) {
      const [, namespace, key] = m[0].split('.');
      if (namespace !== 'External' || key === undefined) continue;
      if (last === 'none') {
        report('external-before-lambda', `${path}: reads $.External.${key} before any Lambda has run`, id);
      } else if (known && !known.keys.includes(key)) {
        const replaced =
          last !== FIND_LAST_AGENT_ARN_PLACEHOLDER && (RESPONSE_KEYS as readonly string[]).includes(key);
        report(
          'external-key',
          replaced
            ? `${path}: $.External.${key} is gone: ${known.name} ran after find-last-agent and replaced $.External; copy it into contact attributes and read $.Attributes.${key}`
            : `${path}: ${known.name} returns no key "${key}" (it returns ${known.keys.join(', ')})`,
          id,
        );
      }
    }
  }
  if (last !== FIND_LAST_AGENT_ARN_PLACEHOLDER || action.Type !== 'Compare') return;
  const values = ENUMERATED_KEYS[String(action.Parameters.ComparisonValue)];
  if (!values) return;
  for (const c of action.Transitions.Conditions ?? []) {
    const v = String(c.Condition.Operands[0]);
    if (c.Condition.Operator === 'Equals' && !values.includes(v)) {
      report(
        'external-value',
        `${String(action.Parameters.ComparisonValue)} is never "${v}" (values: ${values.filter(Boolean).join(', ')})`,
        id,
      );
    }
  }
}
