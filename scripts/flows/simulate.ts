/**
 * Walks a flow the way Amazon Connect runs it, one registry step per action (`actions/<Type>.ts`),
 * so every path of a flow can be exercised offline: the Lambda is injected (the real handler
 * in-process, or a fake in tests), the caller's key presses are scripted, and the result says
 * where the call went. This file is only the driver: the contact's state lives in `ContactState`,
 * what each action does lives in its registry entry.
 */
import { actionSpec } from './actions';
import type { StepContext } from './actions/types';
import {
  JSONPATH_REFERENCE,
  parseFlowText,
  undoubleNamespaces,
  type FlowAction,
  type FlowDocument,
} from './flow-model';
import { fillPlaceholders } from './placeholders';
import type { ContactState, SimulateOptions, SimulationResult, TraceStep } from './simulation-types';

export { agentQueueArn } from './connect-arns';
export { formatEnd } from './simulation-types';
export type {
  CallerInput,
  ContactFlowEvent,
  ContactState,
  LambdaInvoker,
  NameResolvers,
  RoutingState,
  RoutingStep,
  SimulateOptions,
  SimulatedContact,
  SimulationEnd,
  SimulationResult,
  TraceStep,
  WorkingQueue,
} from './simulation-types';

import { SimulationError } from './simulation-types';

export { SimulationError };

/** A fresh contact state for a run. */
export function initialState(options: SimulateOptions): ContactState {
  const contact = options.contact ?? {};
  return {
    contact,
    attributes: { ...(contact.attributes ?? {}) },
    external: {},
    storedInput: '',
    working: contact.queueArn ? { kind: 'queue', arn: contact.queueArn } : undefined,
    routing: {},
    settings: {},
    loopCounts: new Map(),
    input: [...(options.input ?? [])],
    clockSeconds: 0,
  };
}

/** Reads one `$.Namespace.key` reference from the contact's state; undefined when it holds nothing. */
export function readPath(path: string, state: ContactState, options: SimulateOptions): string | undefined {
  const [, namespace, ...rest] = path.split('.');
  const key = rest.join('.');
  const { contact, working } = state;
  switch (namespace) {
    case 'External':
      return state.external[key];
    case 'Attributes':
      return state.attributes[key];
    case 'Channel':
      return contact.channel ?? 'VOICE';
    case 'ContactId':
      return contact.contactId ?? 'sim-contact';
    case 'StoredCustomerInput':
      return state.storedInput;
    case 'CustomerEndpoint':
      return key === 'Address' ? contact.customerNumber : undefined;
    case 'SystemEndpoint':
      return key === 'Address' ? contact.systemNumber : undefined;
    case 'Queue':
      if (working?.kind !== 'queue') return undefined;
      if (key === 'ARN') return working.arn;
      if (key === 'Name') return options.resolvers?.queueName?.(working.arn) ?? working.arn;
      return undefined;
    default:
      return undefined;
  }
}

/** Runs a flow for one contact and returns its trace and end. */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const raw = typeof options.flow === 'string' ? (parseFlowText(options.flow) as FlowDocument) : options.flow;
  const flow = fillPlaceholders(raw, options.placeholders ?? {});
  const actions = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const maxSteps = options.maxSteps ?? 200;
  const state = initialState(options);
  const steps: TraceStep[] = [];

  let current: string | undefined = flow.StartAction;
  for (let step = 1; ; step++) {
    if (step > maxSteps) throw new SimulationError(`gave up after ${maxSteps} steps (a loop without end?)`);
    const action: FlowAction | undefined = actions.get(current as string);
    if (!action) throw new SimulationError(`transition to "${current}", which is not an action`);
    const run = actionSpec(action.Type)?.simulate;
    if (!run) throw new SimulationError(`${action.Identifier}: action type ${action.Type} is not simulated`);
    const outcome = await run(stepContext(action, state, options));
    const base = { step, actionId: action.Identifier, type: action.Type };
    if (outcome.kind === 'end') {
      steps.push({
        ...base,
        detail: outcome.detail,
        branch: 'end',
        ...(outcome.prompt !== undefined ? { prompt: outcome.prompt } : {}),
      });
      return {
        steps,
        end: outcome.end,
        attributes: state.attributes,
        settings: state.settings,
        routing: state.routing,
      };
    }
    const { kind: _kind, target, ...recorded } = outcome;
    steps.push({ ...base, ...recorded, next: target });
    current = target;
  }
}

/** What one action's step sees: its parameters, the state, and Connect's branching rules. */
export function stepContext(action: FlowAction, state: ContactState, options: SimulateOptions): StepContext {
  const t = action.Transitions ?? {};
  // Connect substitutes references inside prompt text and reads a whole-value reference as that
  // value; a reference to nothing reads as "".
  const resolve = (value: unknown): string =>
    undoubleNamespaces(String(value ?? '')).replace(
      JSONPATH_REFERENCE,
      (m) => readPath(m, state, options) ?? '',
    );
  return {
    action,
    p: action.Parameters ?? {},
    state,
    options,
    resolve,
    next() {
      if (t.NextAction === undefined) throw new SimulationError(`${action.Identifier}: no NextAction`);
      return t.NextAction;
    },
    onError(errorType) {
      const own = (t.Errors ?? []).find((e) => e.ErrorType === errorType);
      const branch = own ?? (t.Errors ?? []).find((e) => e.ErrorType === 'NoMatchingError');
      if (!branch) throw new SimulationError(`${action.Identifier}: ${errorType} and no error branch for it`);
      return {
        target: branch.NextAction,
        branch: own ? `error ${errorType}` : `error NoMatchingError (${errorType})`,
      };
    },
    byCondition(value) {
      return (t.Conditions ?? []).find((c) =>
        conditionHolds(c.Condition.Operator, value, String(c.Condition.Operands[0])),
      );
    },
    takeInput: () => state.input.shift() ?? 'timeout',
  };
}

/** Evaluates one flow-language condition. */
export function conditionHolds(operator: string, value: string, operand: string): boolean {
  const n = Number(value);
  const m = Number(operand);
  const numeric = value.trim() !== '' && Number.isFinite(n) && Number.isFinite(m);
  switch (operator) {
    case 'Equals':
      return value === operand;
    case 'TextStartsWith':
      return value.startsWith(operand);
    case 'TextEndsWith':
      return value.endsWith(operand);
    case 'TextContains':
      return value.includes(operand);
    case 'NumberGreaterThan':
      return numeric && n > m;
    case 'NumberGreaterOrEqualTo':
      return numeric && n >= m;
    case 'NumberLessThan':
      return numeric && n < m;
    case 'NumberLessOrEqualTo':
      return numeric && n <= m;
    default:
      return false;
  }
}
