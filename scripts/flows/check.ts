/**
 * A strict, offline checker for Amazon Connect flow-language documents. Connect validates a flow
 * only when it is published, and some mistakes (a JSONPath to a key the Lambda never returns) it
 * never catches: the caller just hears silence or lands in the wrong queue. This finds them first.
 *
 * Pure: `checkFlowText` takes file text and returns problems; the CLI does the I/O.
 */
import { LOOKUP_OUTCOMES, RESPONSE_KEYS } from '../../lambdas/src/routing/response';
import {
  FLOW_LANGUAGE_VERSION,
  FlowParseError,
  JSONPATH_REFERENCE,
  MAX_ACTIONS,
  MAX_CONTENT_CHARS,
  collectStrings,
  isRecord,
  numberParam,
  parseFlowText,
  type FlowAction,
  type FlowDocument,
} from './flow-model';
import { PLACEHOLDER_PATTERN, isKnownPlaceholder, malformedPlaceholders } from './placeholders';

export type Severity = 'error' | 'warning';

/** One finding. `action` is the Identifier involved, or undefined for document-level problems. */
export interface FlowProblem {
  file: string;
  action?: string;
  problem: string;
  severity: Severity;
}

/** The placeholder that names the find-last-agent Lambda; reads after it are held to RESPONSE_KEYS. */
export const FIND_LAST_AGENT_ARN_PLACEHOLDER = '${FIND_LAST_AGENT_LAMBDA_ARN}';

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
] as const;

/** Action types whose parameters and branches the checker knows; others only get a warning. */
export const MODELED_TYPES = [
  'InvokeLambdaFunction',
  'UpdateContactTargetQueue',
  'CheckMetricData',
  'Compare',
  'GetParticipantInput',
  'MessageParticipant',
  'Loop',
  'UpdateFlowLoggingBehavior',
  'UpdateContactRecordingBehavior',
  'UpdateContactAttributes',
  'TransferContactToQueue',
  'TransferContactToAgent',
  'UpdateContactEventHooks',
  'TransferToFlow',
  'DisconnectParticipant',
  'Wait',
  'UpdateContactRoutingBehavior',
] as const;

/** Types after which the flow may legitimately stop (the contact left the flow). */
const TERMINAL_TYPES = new Set([
  'DisconnectParticipant',
  'TransferContactToQueue',
  'TransferContactToAgent',
  'TransferToFlow',
  'EndFlowExecution',
  'EndFlowModuleExecution',
]);

/**
 * Error branches without which a caller can get stuck; Connect's own samples always wire them.
 * GetParticipantInput is not listed: what it needs depends on StoreInput (see checkParameters).
 */
const REQUIRED_ERRORS: Record<string, string[]> = {
  InvokeLambdaFunction: ['NoMatchingError'],
  UpdateContactTargetQueue: ['NoMatchingError'],
  Compare: ['NoMatchingCondition'],
  TransferContactToQueue: ['QueueAtCapacity', 'NoMatchingError'],
  TransferToFlow: ['NoMatchingError'],
  Wait: ['NoMatchingError'],
  CheckMetricData: ['NoMatchingCondition'],
};

/**
 * Actions whose flow-language reference page says "Errors: None". An error branch on them is
 * never taken, so whatever it points at is dead code that looks like error handling.
 */
export const ERRORLESS_TYPES: readonly string[] = [
  'Loop',
  'UpdateFlowLoggingBehavior',
  'UpdateContactRecordingBehavior',
  'DisconnectParticipant',
  'TransferContactToAgent',
];

/**
 * Terminal actions with no results and "Errors: None": the flow ends there (TransferContactToAgent
 * "Ends the current flow"; DisconnectParticipant "stops this flow from running"; EndFlowExecution
 * "is always a terminal action"), so Connect's exports write `"Transitions": {}`.
 */
export const NO_TRANSITION_TYPES: readonly string[] = [
  'TransferContactToAgent',
  'DisconnectParticipant',
  'EndFlowExecution',
];

/** Customer queue, hold and whisper flows: the contact is already queued or connected there. */
const QUEUE_HOLD_AND_WHISPER_FLOWS = [
  'customerqueue',
  'customerhold',
  'agenthold',
  'customerwhisper',
  'agentwhisper',
  'outboundwhisper',
];

/**
 * Flow types (`Metadata.type`, normalised by `flowTypeKey`) in which an action may not be used,
 * from the Restrictions section of each action's reference page.
 */
const FLOW_TYPE_RULES: Record<string, { allowedIn?: string[]; notIn?: string[]; docs: string }> = {
  TransferContactToAgent: {
    allowedIn: ['agenttransfer', 'queuetransfer'],
    docs: 'supported in only transfer to agent and transfer to queue flows',
  },
  UpdateContactTargetQueue: {
    notIn: QUEUE_HOLD_AND_WHISPER_FLOWS,
    docs: 'not supported in whisper flows, hold flows, or customer queue flows',
  },
  TransferContactToQueue: {
    notIn: QUEUE_HOLD_AND_WHISPER_FLOWS,
    docs: 'not supported in whisper flows, customer queue flows, or hold flows',
  },
};

/**
 * A flow type as a lookup key: console exports write `Metadata.type` in camelCase
 * (`agentTransfer`), the API's `ContactFlowType` is upper snake case (`AGENT_TRANSFER`).
 */
export function flowTypeKey(type: unknown): string | undefined {
  return typeof type === 'string' && type !== '' ? type.replace(/_/g, '').toLowerCase() : undefined;
}

/** Namespaces a flow may read with `$.` (first segment), per the flow-language contact data. */
const NAMESPACES = new Set([
  'External',
  'Attributes',
  'Queue',
  'Metrics',
  'Lex',
  'LexV2',
  'CustomerEndpoint',
  'SystemEndpoint',
  'Channel',
  'ContactId',
  'InitialContactId',
  'PreviousContactId',
  'RelatedContactId',
  'InstanceARN',
  'StoredCustomerInput',
  'Customer',
  'FlowAttributes',
  'SegmentAttributes',
  'Case',
  'Views',
  'Name',
  'Description',
  'References',
  'Tags',
  'TextToSpeechVoice',
  'LanguageCode',
  'Agent',
  'MediaStreams',
  'AgentId',
  'CustomerId',
  'AuthenticationProfile',
]);

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
const LAMBDA_TIME_LIMIT_MAX = 8;
const LOOP_COUNT_MAX = 100;
const WAIT_SECONDS_MAX = 604_800;
const DTMF_KEY = /^[0-9#*]$/;
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;
const AVAILABILITY_VALUES = ['true', 'false', 'unknown', ''];
const SINGLE_JSONPATH = /^\$\.[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+)*$/;
const LITERAL_CONNECT_ARN = /^arn:aws[a-z-]*:(connect|lambda):/;

/** Checks one file's text. Never throws: unreadable input becomes an error problem. */
export function checkFlowText(file: string, text: string): FlowProblem[] {
  let doc: unknown;
  try {
    doc = parseFlowText(text);
  } catch (error) {
    if (error instanceof FlowParseError) return [{ file, problem: error.message, severity: 'error' }];
    throw error;
  }
  return checkFlowDocument(file, doc, text.length);
}

/** Checks an already parsed document (the value of `Content`). */
export function checkFlowDocument(file: string, doc: unknown, contentChars = 0): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = (severity: Severity, problem: string, action?: string) =>
    problems.push({ file, action, problem, severity });

  if (!isRecord(doc)) {
    report('error', 'a flow must be a JSON object with Version, StartAction and Actions');
    return problems;
  }
  if (contentChars > MAX_CONTENT_CHARS) {
    report('error', `content is ${contentChars} characters; Connect allows ${MAX_CONTENT_CHARS}`);
  }
  if (doc.Version !== FLOW_LANGUAGE_VERSION) {
    report('error', `Version must be "${FLOW_LANGUAGE_VERSION}" (got ${JSON.stringify(doc.Version)})`);
  }
  if (doc.Metadata !== undefined && !isRecord(doc.Metadata)) report('error', 'Metadata must be an object');
  if (typeof doc.StartAction !== 'string') report('error', 'StartAction must be an action Identifier');
  if (!Array.isArray(doc.Actions)) {
    report('error', 'Actions must be an array');
    return problems;
  }
  if (doc.Actions.length === 0) report('error', 'Actions is empty');
  if (doc.Actions.length > MAX_ACTIONS) {
    report('error', `${doc.Actions.length} actions; Connect allows ${MAX_ACTIONS}`);
  }

  const actions = new Map<string, FlowAction>();
  doc.Actions.forEach((raw: unknown, index: number) => {
    const action = checkActionShape(raw, index, report);
    if (!action) return;
    if (actions.has(action.Identifier)) {
      report('error', 'duplicate Identifier', action.Identifier);
      return;
    }
    actions.set(action.Identifier, action);
  });

  const start = typeof doc.StartAction === 'string' ? doc.StartAction : undefined;
  if (start !== undefined && !actions.has(start)) {
    report('error', `StartAction "${start}" is not an action Identifier`);
  }

  const flowType = isRecord(doc.Metadata) ? doc.Metadata.type : undefined;
  for (const action of actions.values()) {
    checkTransitions(action, actions, report);
    checkParameters(action, report);
    checkReferences(action, report);
    checkFlowType(action, flowType, report);
  }

  if (start !== undefined && actions.has(start)) {
    const reachable = reachableFrom(start, actions);
    for (const id of actions.keys()) {
      if (!reachable.has(id)) report('warning', 'unreachable from StartAction', id);
    }
    checkExternalReads(start, actions, report);
  }
  return problems;
}

type Report = (severity: Severity, problem: string, action?: string) => void;

function checkActionShape(raw: unknown, index: number, report: Report): FlowAction | undefined {
  if (!isRecord(raw)) {
    report('error', `Actions[${index}] is not an object`);
    return undefined;
  }
  const id = raw.Identifier;
  if (typeof id !== 'string' || id.length === 0) {
    report('error', `Actions[${index}] has no Identifier`);
    return undefined;
  }
  if (id.length > 50) report('error', `Identifier is ${id.length} characters; the limit is 50`, id);
  if (FORBIDDEN_ID_CHARS.test(id))
    report('error', 'Identifier contains a character Connect forbids (% : ( \\ / ) = $ , ; [ ] { })', id);
  if (FORBIDDEN_IDS.has(id)) report('error', 'Identifier is a reserved name', id);
  if (typeof raw.Type !== 'string' || raw.Type.length === 0) {
    report('error', 'Type is missing', id);
    return undefined;
  }
  if (raw.Parameters !== undefined && !isRecord(raw.Parameters))
    report('error', 'Parameters must be an object', id);
  if (!isRecord(raw.Transitions)) {
    report('error', 'Transitions must be an object ({} for a terminal action)', id);
    return undefined;
  }
  const t = raw.Transitions;
  if (t.NextAction !== undefined && typeof t.NextAction !== 'string')
    report('error', 'NextAction must be a string', id);
  for (const key of ['Errors', 'Conditions'] as const) {
    if (t[key] !== undefined && !Array.isArray(t[key]))
      report('error', `Transitions.${key} must be an array`, id);
  }
  const errors = Array.isArray(t.Errors) ? t.Errors.filter(isRecord) : [];
  const conditions = Array.isArray(t.Conditions) ? t.Conditions.filter(isRecord) : [];
  for (const e of errors) {
    if (typeof e.ErrorType !== 'string' || typeof e.NextAction !== 'string') {
      report('error', 'an error transition needs ErrorType and NextAction', id);
    }
  }
  for (const c of conditions) {
    if (typeof c.NextAction !== 'string' || !isRecord(c.Condition)) {
      report('error', 'a condition transition needs NextAction and Condition', id);
    } else if (typeof c.Condition.Operator !== 'string' || !Array.isArray(c.Condition.Operands)) {
      report('error', 'a Condition needs Operator and an Operands array', id);
    }
  }
  return {
    Identifier: id,
    Type: raw.Type,
    Parameters: isRecord(raw.Parameters) ? raw.Parameters : {},
    Transitions: {
      NextAction: typeof t.NextAction === 'string' ? t.NextAction : undefined,
      Errors: errors.filter((e) => typeof e.NextAction === 'string') as never,
      Conditions: conditions.filter(
        (c) =>
          typeof c.NextAction === 'string' && isRecord(c.Condition) && Array.isArray(c.Condition.Operands),
      ) as never,
    },
  };
}

function checkTransitions(action: FlowAction, actions: Map<string, FlowAction>, report: Report) {
  const id = action.Identifier;
  const t = action.Transitions;
  const targets = [
    ...(t.NextAction !== undefined ? [{ label: 'NextAction', target: t.NextAction }] : []),
    ...(t.Errors ?? []).map((e) => ({ label: `error branch ${e.ErrorType}`, target: e.NextAction })),
    ...(t.Conditions ?? []).map((c) => ({
      label: `condition ${c.Condition.Operator}`,
      target: c.NextAction,
    })),
  ];
  for (const { label, target } of targets) {
    if (!actions.has(target)) report('error', `${label} goes to "${target}", which is not an action`, id);
  }
  const terminal = TERMINAL_TYPES.has(action.Type);
  if (NO_TRANSITION_TYPES.includes(action.Type)) {
    if (targets.length > 0) {
      report(
        'error',
        `${action.Type} ends the flow and has no results or errors (AWS docs: "Errors: None"); Transitions must be {}`,
        id,
      );
    }
  } else if (ERRORLESS_TYPES.includes(action.Type) && (t.Errors ?? []).length > 0) {
    report(
      'error',
      `${action.Type} has no error branches (AWS docs: "Errors: None"); remove Transitions.Errors`,
      id,
    );
  }
  if (!terminal && t.NextAction === undefined && (t.Conditions ?? []).length === 0) {
    report('error', 'dead end: no NextAction and no conditions, so the contact stops here', id);
  }
  const modeled = (MODELED_TYPES as readonly string[]).includes(action.Type);
  if (!modeled) return;
  for (const errorType of REQUIRED_ERRORS[action.Type] ?? []) {
    if (!(t.Errors ?? []).some((e) => e.ErrorType === errorType)) {
      report('error', `missing error branch ${errorType}`, id);
    }
  }
  for (const c of t.Conditions ?? []) {
    if (!(OPERATORS as readonly string[]).includes(c.Condition.Operator)) {
      report('error', `unknown condition operator "${c.Condition.Operator}"`, id);
    }
    if (c.Condition.Operands.length !== 1 || typeof c.Condition.Operands[0] !== 'string') {
      report('error', `condition ${c.Condition.Operator} needs exactly one string operand`, id);
    }
    if (c.Condition.Operator.startsWith('Number') && numberParam(c.Condition.Operands[0]) === undefined) {
      report('error', `condition ${c.Condition.Operator} needs a numeric operand`, id);
    }
  }
}

/** A condition's single operand, as text. */
function operand(c: { Condition: { Operands: unknown[] } }): string {
  return String(c.Condition.Operands[0]);
}

function checkParameters(action: FlowAction, report: Report) {
  const id = action.Identifier;
  const p = action.Parameters;
  const conditions = action.Transitions.Conditions ?? [];
  const errors = action.Transitions.Errors ?? [];
  const need = (key: string) => {
    if (p[key] === undefined || p[key] === '') report('error', `missing parameter ${key}`, id);
    return p[key];
  };
  const oneOf = (keys: string[]) => {
    const present = keys.filter((k) => p[k] !== undefined);
    if (present.length !== 1) {
      report(
        'error',
        `exactly one of ${keys.join('/')} is required (found ${present.length ? present.join(', ') : 'none'})`,
        id,
      );
    }
  };
  switch (action.Type) {
    case 'InvokeLambdaFunction': {
      need('LambdaFunctionARN');
      const limit = need('InvocationTimeLimitSeconds');
      const seconds = numberParam(limit);
      if (limit !== undefined && (seconds === undefined || !Number.isInteger(seconds))) {
        report(
          'error',
          `InvocationTimeLimitSeconds must be a whole number of seconds (got ${JSON.stringify(limit)})`,
          id,
        );
      } else if (seconds !== undefined && (seconds < 1 || seconds > LAMBDA_TIME_LIMIT_MAX)) {
        report(
          'error',
          `InvocationTimeLimitSeconds is ${seconds}; Connect allows 1 to ${LAMBDA_TIME_LIMIT_MAX}`,
          id,
        );
      }
      const validation = p.ResponseValidation;
      const responseType = isRecord(validation) ? validation.ResponseType : undefined;
      if (validation !== undefined && responseType !== 'STRING_MAP' && responseType !== 'JSON') {
        report('error', 'ResponseValidation.ResponseType must be STRING_MAP or JSON', id);
      }
      if (p.LambdaFunctionARN === FIND_LAST_AGENT_ARN_PLACEHOLDER && responseType !== 'STRING_MAP') {
        report(
          'error',
          'find-last-agent returns a flat map: ResponseValidation.ResponseType must be STRING_MAP',
          id,
        );
      }
      if (p.LambdaInvocationAttributes !== undefined && !isRecord(p.LambdaInvocationAttributes)) {
        report('error', 'LambdaInvocationAttributes must be an object', id);
      }
      break;
    }
    case 'UpdateContactTargetQueue':
      oneOf(['QueueId', 'AgentId']);
      break;
    case 'CheckMetricData': {
      const metric = need('MetricType');
      const metrics = [
        'NumberOfAgentsAvailable',
        'NumberOfAgentsStaffed',
        'NumberOfAgentsOnline',
        'OldestContactInQueueAgeSeconds',
        'NumberOfContactsInQueue',
      ];
      if (metric !== undefined && !metrics.includes(String(metric)))
        report('error', `unknown MetricType "${String(metric)}"`, id);
      if (String(metric).startsWith('NumberOfAgents')) {
        for (const c of conditions) {
          if (c.Condition.Operator !== 'NumberGreaterThan' || operand(c) !== '0') {
            report('error', `${String(metric)} supports only the condition NumberGreaterThan 0`, id);
          }
        }
      }
      if (p.QueueId !== undefined && p.AgentId !== undefined)
        report('error', 'QueueId and AgentId are exclusive', id);
      break;
    }
    case 'Compare': {
      const value = need('ComparisonValue');
      if (typeof value === 'string' && !SINGLE_JSONPATH.test(value)) {
        report(
          'error',
          `ComparisonValue must be a single JSONPath such as $.External.key (got "${value}")`,
          id,
        );
      }
      if (conditions.length === 0)
        report('error', 'Compare without conditions always takes NoMatchingCondition', id);
      break;
    }
    case 'GetParticipantInput': {
      oneOf(['Text', 'SSML', 'PromptId']);
      const limit = need('InputTimeLimitSeconds');
      const seconds = numberParam(limit);
      if (limit !== undefined && (seconds === undefined || seconds <= 0 || !Number.isInteger(seconds))) {
        if (!(typeof limit === 'string' && SINGLE_JSONPATH.test(limit))) {
          report(
            'error',
            `InputTimeLimitSeconds must be a positive whole number (got ${JSON.stringify(limit)})`,
            id,
          );
        }
      }
      const store = String(p.StoreInput ?? 'False');
      if (store !== 'True' && store !== 'False') report('error', 'StoreInput must be "True" or "False"', id);
      // The reference page: NoMatchingError "Must always be defined"; NoMatchingCondition "Must be
      // defined only if StoreInput is False"; InputTimeLimitExceeded is listed without a "must", so
      // a timeout without its own branch takes NoMatchingError and is not an error here.
      const required = store === 'True' ? ['NoMatchingError'] : ['NoMatchingCondition', 'NoMatchingError'];
      for (const errorType of required) {
        if (!errors.some((e) => e.ErrorType === errorType))
          report('error', `missing error branch ${errorType}`, id);
      }
      if (store === 'True') {
        if (errors.some((e) => e.ErrorType === 'NoMatchingCondition'))
          report('error', 'NoMatchingCondition is defined only when StoreInput is "False"', id);
        if (conditions.length > 0)
          report('error', 'conditions are not supported when StoreInput is "True"', id);
        if (!isRecord(p.InputValidation))
          report('error', 'InputValidation is required when StoreInput is "True"', id);
      } else if (p.InputValidation !== undefined) {
        report('error', 'InputValidation is allowed only when StoreInput is "True"', id);
      }
      if (store === 'False') {
        if (conditions.length === 0)
          report('error', 'DTMF menu without conditions: every key press is NoMatchingCondition', id);
        for (const c of conditions) {
          if (c.Condition.Operator !== 'Equals' || !DTMF_KEY.test(operand(c))) {
            report(
              'error',
              `DTMF conditions must be Equals one key 0-9, # or * (got ${c.Condition.Operator} "${operand(c)}")`,
              id,
            );
          }
        }
      }
      break;
    }
    case 'MessageParticipant':
      if (p.Media === undefined) oneOf(['Text', 'SSML', 'PromptId']);
      break;
    case 'Loop': {
      const count = numberParam(need('LoopCount'));
      if (
        p.LoopCount !== undefined &&
        (count === undefined || !Number.isInteger(count) || count < 0 || count > LOOP_COUNT_MAX)
      ) {
        if (!(typeof p.LoopCount === 'string' && SINGLE_JSONPATH.test(p.LoopCount))) {
          report(
            'error',
            `LoopCount must be a whole number from 0 to ${LOOP_COUNT_MAX} (got ${JSON.stringify(p.LoopCount)})`,
            id,
          );
        }
      }
      const ops = conditions.map((c) => `${c.Condition.Operator} ${operand(c)}`).sort();
      if (ops.join('|') !== 'Equals ContinueLooping|Equals DoneLooping') {
        report(
          'error',
          'Loop needs exactly the conditions Equals ContinueLooping and Equals DoneLooping',
          id,
        );
      }
      break;
    }
    case 'UpdateFlowLoggingBehavior':
      if (p.FlowLoggingBehavior !== 'Enabled' && p.FlowLoggingBehavior !== 'Disabled') {
        report('error', 'FlowLoggingBehavior must be Enabled or Disabled', id);
      }
      break;
    case 'UpdateContactRoutingBehavior': {
      // Queue priority 1 is the highest (default 5); static values only, written as strings in exports.
      const priority = p.QueuePriority === undefined ? undefined : Number(p.QueuePriority);
      const adjust =
        p.QueueTimeAdjustmentSeconds === undefined ? undefined : Number(p.QueueTimeAdjustmentSeconds);
      if (priority === undefined && adjust === undefined)
        report('error', 'UpdateContactRoutingBehavior needs QueuePriority or QueueTimeAdjustmentSeconds', id);
      if (priority !== undefined && (!Number.isInteger(priority) || priority < 1))
        report('error', 'QueuePriority must be a whole number from 1 (highest)', id);
      if (adjust !== undefined && !Number.isInteger(adjust))
        report('error', 'QueueTimeAdjustmentSeconds must be a whole number of seconds', id);
      break;
    }
    case 'UpdateContactRecordingBehavior':
      if (!isRecord(p.RecordingBehavior) && !isRecord(p.AnalyticsBehavior)) {
        report('error', 'missing parameter RecordingBehavior (or AnalyticsBehavior)', id);
      }
      break;
    case 'UpdateContactAttributes': {
      const attrs = p.Attributes;
      if (!isRecord(attrs) || Object.keys(attrs).length === 0) {
        report('error', 'missing parameter Attributes (a non-empty map)', id);
        break;
      }
      for (const [key, value] of Object.entries(attrs)) {
        if (!ATTRIBUTE_KEY.test(key))
          report('error', `attribute key "${key}" may hold only letters, digits, - and _`, id);
        if (typeof value !== 'string') report('error', `attribute "${key}" must be a string`, id);
      }
      break;
    }
    case 'UpdateContactEventHooks': {
      const hooks = isRecord(p.EventHooks) ? Object.keys(p.EventHooks) : [];
      if (hooks.length === 0) {
        report(
          'error',
          'missing parameter EventHooks (e.g. {"CustomerRemaining": <disconnect flow ARN>})',
          id,
        );
      } else if (hooks.length > 1) {
        // "Only one entry may be present in this map": one action per hook.
        report(
          'error',
          `EventHooks holds ${hooks.length} entries (${hooks.join(', ')}); Connect allows exactly one per action`,
          id,
        );
      }
      break;
    }
    case 'TransferToFlow':
      need('ContactFlowId');
      break;
    case 'Wait': {
      const key = p.TimeLimitSeconds !== undefined ? 'TimeLimitSeconds' : 'TimeoutSeconds';
      const seconds = numberParam(need(key));
      if (p[key] !== undefined && (seconds === undefined || seconds < 1 || seconds > WAIT_SECONDS_MAX)) {
        if (!(typeof p[key] === 'string' && SINGLE_JSONPATH.test(p[key] as string))) {
          report('error', `${key} must be 1 to ${WAIT_SECONDS_MAX} seconds`, id);
        }
      }
      const events = Array.isArray(p.Events) ? p.Events.map(String) : [];
      for (const needed of ['WaitCompleted', ...events]) {
        if (!conditions.some((c) => c.Condition.Operator === 'Equals' && operand(c) === needed)) {
          report('error', `Wait needs a condition Equals ${needed}`, id);
        }
      }
      break;
    }
    case 'TransferContactToQueue':
    case 'TransferContactToAgent':
    case 'DisconnectParticipant':
      break;
    default:
      report(
        'warning',
        `action type ${action.Type} is not modeled by the checker; its parameters were not checked`,
        id,
      );
  }
}

/** Actions used in a flow type their reference page excludes (only when `Metadata.type` is set). */
function checkFlowType(action: FlowAction, flowType: unknown, report: Report) {
  const key = flowTypeKey(flowType);
  const rule = FLOW_TYPE_RULES[action.Type];
  if (key === undefined || rule === undefined) return;
  const refused = rule.allowedIn ? !rule.allowedIn.includes(key) : (rule.notIn ?? []).includes(key);
  if (refused) {
    report(
      'error',
      `${action.Type} cannot be used in a ${String(flowType)} flow (AWS docs: ${rule.docs})`,
      action.Identifier,
    );
  }
}

/** Placeholders, JSONPath namespaces and literal ARNs in every string parameter. */
function checkReferences(action: FlowAction, report: Report) {
  const id = action.Identifier;
  for (const { path, value } of collectStrings(action.Parameters, 'Parameters')) {
    for (const bad of malformedPlaceholders(value)) {
      report('error', `${path}: malformed placeholder "${bad}" (the syntax is \${UPPER_SNAKE_NAME})`, id);
    }
    for (const m of value.matchAll(PLACEHOLDER_PATTERN)) {
      if (!isKnownPlaceholder(m[1] as string))
        report('error', `${path}: unknown placeholder \${${m[1]}} (see flows/README.md)`, id);
    }
    for (const m of value.matchAll(JSONPATH_REFERENCE)) {
      const [, namespace, key] = m[0].split('.');
      if (!NAMESPACES.has(namespace as string)) {
        const near = [...NAMESPACES].find((n) => n.toLowerCase() === namespace?.toLowerCase());
        if (near)
          report('error', `${path}: "${m[0]}" should be $.${near}... (JSONPath is case-sensitive)`, id);
        else report('warning', `${path}: "${m[0]}" reads an unknown namespace $.${namespace}`, id);
      } else if ((namespace === 'External' || namespace === 'Attributes') && key === undefined) {
        report('error', `${path}: "${m[0]}" names no key`, id);
      }
    }
    if (LITERAL_CONNECT_ARN.test(value)) {
      report('warning', `${path}: hard-coded ARN; use a placeholder so the flow deploys to any instance`, id);
    }
  }
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

function successors(action: FlowAction): string[] {
  const t = action.Transitions;
  // The flow has ended; any transitions written on these actions are never taken.
  if (NO_TRANSITION_TYPES.includes(action.Type)) return [];
  return [
    ...(t.NextAction !== undefined ? [t.NextAction] : []),
    ...(t.Errors ?? []).map((e) => e.NextAction),
    ...(t.Conditions ?? []).map((c) => c.NextAction),
  ];
}

/**
 * What the Lambdas behind our placeholders return. After one of them runs, `$.External` holds only
 * its keys: an earlier Lambda's result must have been copied into contact attributes.
 */
const KNOWN_LAMBDA_KEYS: Record<string, { name: string; keys: readonly string[] }> = {
  [FIND_LAST_AGENT_ARN_PLACEHOLDER]: { name: 'find-last-agent', keys: RESPONSE_KEYS },
  // SCV's InvokeTelephonyIntegrationApiFunction answers createVoiceCall / createTransferVC so.
  '${TELEPHONY_INTEGRATION_LAMBDA_ARN}': { name: "SCV's telephony Lambda", keys: ['voiceCallId'] },
};

/**
 * `$.External.x` holds the result of the most recent Lambda invocation only. Walks every path,
 * tracking which Lambda ran last, and holds reads after a known Lambda to its keys (and the
 * Compare operands on find-last-agent's enumerations to their values), so a renamed key, or a key
 * read after another Lambda replaced it, breaks the build, not a call.
 */
function checkExternalReads(start: string, actions: Map<string, FlowAction>, report: Report) {
  /** 'none', 'other' (an ARN we know nothing about) or the placeholder of a known Lambda. */
  type LastLambda = string;
  const seen = new Set<string>();
  const reported = new Set<string>();
  const once = (severity: Severity, problem: string, id: string) => {
    const key = `${id}|${problem}`;
    if (reported.has(key)) return;
    reported.add(key);
    report(severity, problem, id);
  };
  const stack: { id: string; last: LastLambda }[] = [{ id: start, last: 'none' }];
  while (stack.length > 0) {
    const { id, last } = stack.pop() as { id: string; last: LastLambda };
    const stateKey = `${id}|${last}`;
    if (seen.has(stateKey)) continue;
    seen.add(stateKey);
    const action = actions.get(id);
    if (!action) continue;

    const isLambda = action.Type === 'InvokeLambdaFunction';
    // A Lambda's own parameters are evaluated before it runs, so they still see the previous result.
    checkReadsIn(action, last, once);
    const arn = String(action.Parameters.LambdaFunctionARN ?? '');
    const next: LastLambda = isLambda ? (KNOWN_LAMBDA_KEYS[arn] ? arn : 'other') : last;
    for (const target of successors(action)) stack.push({ id: target, last: next });
  }
}

function checkReadsIn(
  action: FlowAction,
  last: string,
  report: (severity: Severity, problem: string, id: string) => void,
) {
  const id = action.Identifier;
  const known = KNOWN_LAMBDA_KEYS[last];
  for (const { path, value } of collectStrings(action.Parameters, 'Parameters')) {
    for (const m of value.matchAll(JSONPATH_REFERENCE)) {
      const [, namespace, key] = m[0].split('.');
      if (namespace !== 'External' || key === undefined) continue;
      if (last === 'none') {
        report('warning', `${path}: reads $.External.${key} before any Lambda has run`, id);
      } else if (known && !known.keys.includes(key)) {
        const replaced =
          last !== FIND_LAST_AGENT_ARN_PLACEHOLDER && (RESPONSE_KEYS as readonly string[]).includes(key);
        report(
          'error',
          replaced
            ? `${path}: $.External.${key} is gone: ${known.name} ran after find-last-agent and replaced $.External; copy it into contact attributes and read $.Attributes.${key}`
            : `${path}: ${known.name} returns no key "${key}" (it returns ${known.keys.join(', ')})`,
          id,
        );
      }
    }
  }
  if (last !== FIND_LAST_AGENT_ARN_PLACEHOLDER || action.Type !== 'Compare') return;
  const allowed: Record<string, readonly string[]> = {
    '$.External.lookupOutcome': LOOKUP_OUTCOMES,
    '$.External.lastAgentAvailable': AVAILABILITY_VALUES,
    '$.External.lastAgentFound': ['true', 'false'],
  };
  const values = allowed[String(action.Parameters.ComparisonValue)];
  if (!values) return;
  for (const c of action.Transitions.Conditions ?? []) {
    const v = String(c.Condition.Operands[0]);
    if (c.Condition.Operator === 'Equals' && !values.includes(v)) {
      report(
        'error',
        `${String(action.Parameters.ComparisonValue)} is never "${v}" (values: ${values.filter(Boolean).join(', ')})`,
        id,
      );
    }
  }
}

/** One line per problem, as the CLI prints it: `file: action <Identifier>: problem`. */
export function formatProblem(p: FlowProblem): string {
  const where = p.action !== undefined ? `action ${p.action}: ` : '';
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  // A JSON parser's message may span lines; the contract is one line per problem.
  return `${p.file}: ${where}${tag}${p.problem.replace(/\s*\n\s*/g, ' ')}`;
}

/** Exit code for a set of problems: 1 when any is an error, warnings alone pass. */
export function exitCodeFor(problems: FlowProblem[]): 0 | 1 {
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

export type { FlowDocument };
