/**
 * The shape of one entry in the registry of action facts: everything the checker, the simulator
 * and the Connect emulator know about one flow-language action type lives in one file of this
 * folder, as one `ActionSpec`.
 */
import type { FlowAction, FlowConditionTransition } from '../flow-model';
import type { ContactState, SimulateOptions, SimulationEnd, TraceStep } from '../simulation-types';

/** The AWS flow-language reference pages live under this address. */
export const REFERENCE = 'https://docs.aws.amazon.com/connect/latest/APIReference/';

/** Flow types as the checker compares them: `flowTypeKey` of `Metadata.type` or `ContactFlow.Type`. */
export type FlowTypeKey =
  | 'contactflow'
  | 'customerqueue'
  | 'customerhold'
  | 'agenthold'
  | 'customerwhisper'
  | 'agentwhisper'
  | 'outboundwhisper'
  | 'agenttransfer'
  | 'queuetransfer'
  | 'campaign';

/** Customer queue, hold and whisper flows: the contact is already queued or connected there. */
export const QUEUE_HOLD_AND_WHISPER_FLOWS: readonly FlowTypeKey[] = [
  'customerqueue',
  'customerhold',
  'agenthold',
  'customerwhisper',
  'agentwhisper',
  'outboundwhisper',
];

/** Where an action may be used, from the Restrictions section of its reference page. */
export interface FlowTypeRule {
  allowedIn?: readonly FlowTypeKey[];
  notIn?: readonly FlowTypeKey[];
  /** The page's words, quoted in the message. */
  docs: string;
}

/** One finding reported by an action's own check; `rule` names an entry of the action's `rules`. */
export type ActionReport = (rule: string, problem: string) => void;

/** What an action's own static check gets. */
export interface ActionCheckContext {
  action: FlowAction;
  /** The action's Parameters (never undefined). */
  p: Record<string, unknown>;
  conditions: FlowConditionTransition[];
  errorTypes: string[];
  report: ActionReport;
  /** Reports `param-required` when a parameter is missing or "", and returns it. */
  need(key: string): unknown;
  /** Reports `param-one-of` unless exactly one of `keys` is present. */
  oneOf(keys: string[]): void;
}

/** A rule an action's own check may report, with its default severity and why it exists. */
export interface ActionRule {
  severity: 'error' | 'warning';
  summary: string;
  /** The service refuses such a flow on CreateContactFlow (the emulator does too). */
  serviceRejects?: boolean;
}

/** Where service-verified facts come from when no reference page states them. */
export const LIVE_API_EVIDENCE =
  "a third-party flow library's wire-format notes, each row a rejection by the live CreateContactFlow API";

/** Everything a simulation step may read and change. */
export interface StepContext {
  action: FlowAction;
  p: Record<string, unknown>;
  state: ContactState;
  options: SimulateOptions;
  /** A parameter value with every `$.` reference resolved (a reference to nothing reads as ""). */
  resolve(value: unknown): string;
  /** The NextAction, or a SimulationError when there is none. */
  next(): string;
  /** The branch Connect takes for an error: its own branch, else NoMatchingError. */
  onError(errorType: string): { target: string; branch: string };
  /** The first condition that holds for `value`. */
  byCondition(value: string): FlowConditionTransition | undefined;
  /** The next caller input ('timeout' once the script is exhausted). */
  takeInput(): string;
}

/** What one step did: go on to another action, or end the contact's time in this flow. */
export type StepOutcome =
  | ({ kind: 'next'; target: string } & Omit<TraceStep, 'step' | 'actionId' | 'type' | 'next'>)
  | { kind: 'end'; end: SimulationEnd; detail: string; prompt?: string };

export type SimulationStep = (ctx: StepContext) => StepOutcome | Promise<StepOutcome>;

/** The facts about one action type. */
export interface ActionSpec {
  type: string;
  /**
   * Set on a type name the service refuses to import although a reference page uses it: the
   * spelling flows must use instead. The checker and the emulator refuse such an action.
   */
  rejectedSpellingOf?: string;
  /** The AWS reference page the facts come from. */
  source: string;
  /** Published flows that show the spelling used here, where the page and they disagree or it matters. */
  evidence?: string;
  /** Parameters the action takes (documented plus those published flows use); others warn. */
  params?: { required?: readonly string[]; optional?: readonly string[] };
  /** Parameters the page says must be set statically: a `$.` reference there is refused by the service. */
  staticOnly?: readonly string[];
  /**
   * Reference-page parameter spellings that published flows do not use: key → the spelling flows
   * use, and whether the service is known to reject the page's spelling.
   */
  paramSpellings?: Record<string, { use: string; rejected: boolean }>;
  /** Error types the action can take; `[]` is "Errors: None"; undefined means not modelled. */
  errors?: readonly string[];
  /** Error branches without which a contact can get stuck. */
  requiredErrors?: readonly string[];
  /** The contact leaves the flow here: no NextAction needed. */
  terminal?: boolean;
  /** Terminal with no results and "Errors: None": exports write `"Transitions": {}`. */
  noTransitions?: boolean;
  flowTypes?: FlowTypeRule;
  /** Rules only this action reports (ids are prefixed with the type in the catalogue). */
  rules?: Record<string, ActionRule>;
  check?(ctx: ActionCheckContext): void;
  /** How the simulator runs it; an action without one stops a simulation with a clear error. */
  simulate?: SimulationStep;
}

/** Helper for the common "do something, then NextAction" step. */
export function nextStep(ctx: StepContext, detail: string, extra: Partial<TraceStep> = {}): StepOutcome {
  return { kind: 'next', target: ctx.next(), branch: 'next', detail, ...extra };
}
