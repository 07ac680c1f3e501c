/**
 * The simulator's vocabulary: the contact entering a flow, the state a run carries from action to
 * action, the trace it writes and where the contact ends. The per-action steps in `actions/` read
 * and change `ContactState`; `simulate.ts` only drives them.
 */
import type { ConnectContactFlowEvent, InitiationMethod } from '../../lambdas/src/routing/connect-event';
import type { FlowDocument } from './flow-model';
import type { PlaceholderValues } from './placeholders';
import type { RoutingAgents } from './routing-steps';

/** Calls a Lambda the flow invokes. Throwing means the invocation failed. */
export type LambdaInvoker = (
  functionArn: string,
  event: ContactFlowEvent,
  timeLimitMs: number,
) => Promise<Record<string, unknown>>;

/** The event Connect sends a Lambda from a flow (`@types/aws-lambda`'s, widened). */
export type ContactFlowEvent = ConnectContactFlowEvent;

/** The contact entering the flow. */
export interface SimulatedContact {
  customerNumber?: string;
  channel?: 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';
  contactId?: string;
  initialContactId?: string;
  previousContactId?: string;
  instanceArn?: string;
  systemNumber?: string;
  initiationMethod?: InitiationMethod;
  attributes?: Record<string, string>;
  /**
   * The queue the contact is in (`$.Queue`), e.g. a chat's when its disconnect flow runs: the
   * working queue until the flow sets another, as in Connect.
   */
  queueArn?: string;
  /**
   * For transfer flows: the agent a quick connect targets (TransferContactToAgent). Leave it out
   * for an agent who cannot take the call: Connect then disconnects the contact.
   */
  transferAgentArn?: string;
}

/**
 * What the caller does, in order: a DTMF key ('1', '#'...), 'timeout' (no input), or for chat
 * Wait blocks 'returned' (the customer wrote again). An exhausted script means silence.
 */
export type CallerInput = string;

/** Names for ARNs, so the trace and the end can say "agent Ana Lopez" rather than an ARN. */
export interface NameResolvers {
  agentName?: (agentArn: string) => string | undefined;
  queueName?: (queueArn: string) => string | undefined;
}

export interface SimulateOptions {
  /** The flow: a parsed document, or file text (DescribeContactFlow wrapper accepted). */
  flow: FlowDocument | string;
  invokeLambda: LambdaInvoker;
  contact?: SimulatedContact;
  input?: CallerInput[];
  /** Values for `${PLACEHOLDER}`s; every placeholder the flow uses must have one. */
  placeholders?: PlaceholderValues;
  resolvers?: NameResolvers;
  /** Queues (by ARN) that answer QueueAtCapacity when the flow transfers to them. */
  queuesAtCapacity?: string[];
  /**
   * The agents routing steps are played against on the simulated clock (free when, serving which
   * queues). Without it a transfer with routing steps ends in the queue with the steps unplayed.
   */
  routingAgents?: RoutingAgents;
  /** Guards against loops in a broken flow. */
  maxSteps?: number;
  /** Clock used to time Lambda invocations; tests inject one to simulate slow Lambdas instantly. */
  now?: () => number;
}

/** One action the contact went through. */
export interface TraceStep {
  step: number;
  actionId: string;
  type: string;
  /** What happened, in words. */
  detail: string;
  /** Which branch was taken, e.g. `next`, `condition Equals 1`, `error InputTimeLimitExceeded`. */
  branch: string;
  next?: string;
  /** Text played or sent to the customer, with references resolved. */
  prompt?: string;
  input?: string;
  lambda?: {
    functionArn: string;
    attempts: number;
    elapsedMs: number;
    response?: Record<string, string>;
    error?: string;
  };
}

/** Where the contact went. */
export type SimulationEnd =
  | {
      kind: 'agent';
      agentArn: string;
      agentName?: string;
      queueArn?: string;
      via: 'agent-queue' | 'transfer-to-agent' | 'routing-step';
      /** Simulated seconds in queue before a routing step's agent took the contact. */
      afterSeconds?: number;
    }
  | {
      kind: 'queue';
      queueArn: string;
      queueName?: string;
      routing?: RoutingState;
      /** How played routing steps ended before the queue took over. */
      routingOutcome?: string;
    }
  | { kind: 'disconnected'; reason?: string }
  | { kind: 'flow'; contactFlowId: string }
  /** The flow plays prompts until something outside it (an agent answering) ends it. */
  | { kind: 'held'; reason: string };

export interface SimulationResult {
  steps: TraceStep[];
  end: SimulationEnd;
  /** User-defined contact attributes when the flow ended. */
  attributes: Record<string, string>;
  /** Flow-level settings the flow turned on (logging, recording, event hooks). */
  settings: Record<string, unknown>;
  /** Routing the flow set for the contact's time in queue (priority, time adjustment, steps). */
  routing: RoutingState;
}

/** The working queue `UpdateContactTargetQueue` set: a standard queue or an agent's own queue. */
export type WorkingQueue = { kind: 'queue'; arn: string } | { kind: 'agent'; agentArn: string };

/** One routing step as `UpdateContactRoutingCriteria` sets it (the parts the simulator reads). */
export interface RoutingStep {
  /** Agents the step targets (`AttributeCondition.MatchCriteria.AgentsCriteria.AgentIds`). */
  agentIds: string[];
  /** `Expiry.DurationInSeconds`; undefined: the step never expires. */
  durationSeconds?: number;
  /** The step as written, for anything not modelled yet (proficiencies). */
  raw: Record<string, unknown>;
}

/** Routing data the flow set on the contact before it was queued. */
export interface RoutingState {
  steps?: RoutingStep[];
  /** `UpdateContactRoutingBehavior`: 1 is highest, Connect's default is 5. */
  queuePriority?: number;
  queueTimeAdjustmentSeconds?: number;
}

/** What a run carries from one action to the next. Steps change it in place. */
export interface ContactState {
  contact: SimulatedContact;
  /** User-defined contact attributes (`$.Attributes`). */
  attributes: Record<string, string>;
  /** The most recent Lambda's result (`$.External`); replaced by every invocation. */
  external: Record<string, string>;
  /** `$.StoredCustomerInput`. */
  storedInput: string;
  working?: WorkingQueue;
  routing: RoutingState;
  settings: Record<string, unknown>;
  /** Iterations done per Loop action. */
  loopCounts: Map<string, number>;
  /** Caller input still to come. */
  input: CallerInput[];
  /**
   * Simulated time since the contact entered the flow, in seconds. Steps that take time on a
   * live instance (waits, prompts, routing steps) advance it; nothing waits for real.
   */
  clockSeconds: number;
}

/** Prints where a call went: exactly `agent <name>`, `queue <name>` or `disconnected`. */
export function formatEnd(end: SimulationEnd): string {
  switch (end.kind) {
    case 'agent':
      return `agent ${end.agentName ?? end.agentArn}`;
    case 'queue':
      return `queue ${end.queueName ?? end.queueArn}`;
    case 'flow':
      return `flow ${end.contactFlowId}`;
    case 'held':
      return `held (${end.reason})`;
    default:
      return 'disconnected';
  }
}

/** The flow cannot be simulated (an unsupported action, a loop without end, a missing target, a parked caller). */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}
