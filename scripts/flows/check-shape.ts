/**
 * The document and each action as the flow language shapes them: top level, Identifiers, Types,
 * Parameters and Transitions. What comes out is the set of well-formed actions the other checks
 * walk.
 */
import type { Report } from './check-context';
import {
  FLOW_LANGUAGE_VERSION,
  MAX_ACTIONS,
  MAX_CONTENT_CHARS,
  isRecord,
  type FlowAction,
} from './flow-model';

const FORBIDDEN_ID_CHARS = /[%:(\\/)=$,;[\]{}]/;
const FORBIDDEN_IDS = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);

/** Checks the top level; returns the raw Actions array when there is one to walk. */
export function checkDocumentShape(
  doc: unknown,
  contentChars: number,
  report: Report,
): unknown[] | undefined {
  if (!isRecord(doc)) {
    report('document', 'a flow must be a JSON object with Version, StartAction and Actions');
    return undefined;
  }
  if (contentChars > MAX_CONTENT_CHARS) {
    report('content-size', `content is ${contentChars} characters; Connect allows ${MAX_CONTENT_CHARS}`);
  }
  if (doc.Version !== FLOW_LANGUAGE_VERSION) {
    report('version', `Version must be "${FLOW_LANGUAGE_VERSION}" (got ${JSON.stringify(doc.Version)})`);
  }
  if (doc.Metadata !== undefined && !isRecord(doc.Metadata)) report('metadata', 'Metadata must be an object');
  if (typeof doc.StartAction !== 'string') report('start-action', 'StartAction must be an action Identifier');
  if (!Array.isArray(doc.Actions)) {
    report('actions-count', 'Actions must be an array');
    return undefined;
  }
  if (doc.Actions.length === 0) report('actions-count', 'Actions is empty');
  if (doc.Actions.length > MAX_ACTIONS)
    report('actions-count', `${doc.Actions.length} actions; Connect allows ${MAX_ACTIONS}`);
  return doc.Actions;
}

/** Well-formed actions by Identifier; malformed ones are reported and left out. */
export function collectActions(raw: unknown[], report: Report): Map<string, FlowAction> {
  const actions = new Map<string, FlowAction>();
  raw.forEach((item, index) => {
    const action = checkActionShape(item, index, report);
    if (!action) return;
    if (actions.has(action.Identifier)) {
      report('identifier-duplicate', 'duplicate Identifier', action.Identifier);
      return;
    }
    actions.set(action.Identifier, action);
  });
  return actions;
}

function checkActionShape(raw: unknown, index: number, report: Report): FlowAction | undefined {
  if (!isRecord(raw)) {
    report('action-shape', `Actions[${index}] is not an object`);
    return undefined;
  }
  const id = raw.Identifier;
  if (typeof id !== 'string' || id.length === 0) {
    report('action-shape', `Actions[${index}] has no Identifier`);
    return undefined;
  }
  if (id.length > 50)
    report('identifier-length', `Identifier is ${id.length} characters; the limit is 50`, id);
  if (FORBIDDEN_ID_CHARS.test(id))
    report(
      'identifier-chars',
      'Identifier contains a character Connect forbids (% : ( \\ / ) = $ , ; [ ] { })',
      id,
    );
  if (FORBIDDEN_IDS.has(id)) report('identifier-reserved', 'Identifier is a reserved name', id);
  if (typeof raw.Type !== 'string' || raw.Type.length === 0) {
    report('action-shape', 'Type is missing', id);
    return undefined;
  }
  if (raw.Parameters !== undefined && !isRecord(raw.Parameters))
    report('action-shape', 'Parameters must be an object', id);
  // Terraform-deployed modules leave Transitions out of terminal actions
  // (fitthejob/connect-terraform module_test_wrapper.json); read as {}, which the checks below judge.
  if (raw.Transitions === undefined) {
    report('transitions-missing', 'Transitions is missing; read as {} (write {} for a terminal action)', id);
  } else if (!isRecord(raw.Transitions)) {
    report('action-shape', 'Transitions must be an object ({} for a terminal action)', id);
    return undefined;
  }
  const t: Record<string, unknown> = isRecord(raw.Transitions) ? raw.Transitions : {};
  if (t.NextAction !== undefined && typeof t.NextAction !== 'string')
    report('transition-shape', 'NextAction must be a string', id);
  for (const key of ['Errors', 'Conditions'] as const) {
    if (t[key] !== undefined && !Array.isArray(t[key]))
      report('transition-shape', `Transitions.${key} must be an array`, id);
  }
  const errors = Array.isArray(t.Errors) ? t.Errors.filter(isRecord) : [];
  const conditions = Array.isArray(t.Conditions) ? t.Conditions.filter(isRecord) : [];
  for (const e of errors) {
    if (typeof e.ErrorType !== 'string' || typeof e.NextAction !== 'string') {
      report('transition-shape', 'an error transition needs ErrorType and NextAction', id);
    }
  }
  for (const c of conditions) {
    if (typeof c.NextAction !== 'string' || !isRecord(c.Condition)) {
      report('transition-shape', 'a condition transition needs NextAction and Condition', id);
    } else if (typeof c.Condition.Operator !== 'string' || !Array.isArray(c.Condition.Operands)) {
      report('transition-shape', 'a Condition needs Operator and an Operands array', id);
    }
  }
  return {
    Identifier: id,
    Type: raw.Type,
    Parameters: isRecord(raw.Parameters) ? raw.Parameters : {},
    Transitions: {
      NextAction: typeof t.NextAction === 'string' ? t.NextAction : undefined,
      Errors: errors.filter(
        (e) => typeof e.NextAction === 'string' && typeof e.ErrorType === 'string',
      ) as never,
      Conditions: conditions.filter(
        (c) =>
          typeof c.NextAction === 'string' &&
          isRecord(c.Condition) &&
          typeof c.Condition.Operator === 'string' &&
          Array.isArray(c.Condition.Operands),
      ) as never,
    },
  };
}
