/**
 * Walks a flow the way Amazon Connect runs it, for the action types our flows use, so every path
 * of a flow can be exercised offline: the Lambda is injected (the real handler in-process, or a
 * fake in tests), the caller's key presses are scripted, and the result says where the call went.
 */
import {
  isRecord,
  numberParam,
  parseFlowText,
  type FlowAction,
  type FlowConditionTransition,
  type FlowDocument,
} from './flow-model';
import { fillPlaceholders, type PlaceholderValues } from './placeholders';

/** Calls a Lambda the flow invokes. Throwing means the invocation failed. */
export type LambdaInvoker = (
  functionArn: string,
  event: ContactFlowEvent,
  timeLimitMs: number,
) => Promise<Record<string, unknown>>;

/** The event Connect sends a Lambda from a flow. */
export interface ContactFlowEvent {
  Name: 'ContactFlowEvent';
  Details: {
    ContactData: {
      Attributes: Record<string, string>;
      Channel: string;
      ContactId: string;
      CustomerEndpoint: { Address: string; Type: 'TELEPHONE_NUMBER' } | null;
      InitialContactId: string;
      InitiationMethod: string;
      InstanceARN: string;
      PreviousContactId: string;
      Queue: { ARN: string; Name: string } | null;
      SystemEndpoint: { Address: string; Type: 'TELEPHONE_NUMBER' } | null;
    };
    Parameters: Record<string, string>;
  };
}

/** The contact entering the flow. */
export interface SimulatedContact {
  customerNumber?: string;
  channel?: 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';
  contactId?: string;
  initialContactId?: string;
  previousContactId?: string;
  instanceArn?: string;
  systemNumber?: string;
  initiationMethod?: string;
  attributes?: Record<string, string>;
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
      via: 'agent-queue' | 'transfer-to-agent';
    }
  | { kind: 'queue'; queueArn: string; queueName?: string }
  | { kind: 'disconnected'; reason?: string }
  | { kind: 'flow'; contactFlowId: string };

export interface SimulationResult {
  steps: TraceStep[];
  end: SimulationEnd;
  /** User-defined contact attributes when the flow ended. */
  attributes: Record<string, string>;
  /** Flow-level settings the flow turned on (logging, recording, event hooks). */
  settings: Record<string, unknown>;
}

/** The flow cannot be simulated (an unsupported action, a loop without end, a missing target). */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}

/** Connect retries a failed Lambda up to 3 times, within the same time limit. */
const MAX_LAMBDA_RETRIES = 3;

type WorkingQueue = { kind: 'queue'; arn: string } | { kind: 'agent'; agentArn: string };

/** Runs a flow for one contact and returns its trace and end. */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const raw = typeof options.flow === 'string' ? (parseFlowText(options.flow) as FlowDocument) : options.flow;
  const flow = fillPlaceholders(raw, options.placeholders ?? {});
  const actions = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const contact = options.contact ?? {};
  const input = [...(options.input ?? [])];
  const now = options.now ?? (() => Date.now());
  const maxSteps = options.maxSteps ?? 200;
  const resolvers = options.resolvers ?? {};

  const attributes: Record<string, string> = { ...(contact.attributes ?? {}) };
  const settings: Record<string, unknown> = {};
  const loopCounts = new Map<string, number>();
  let external: Record<string, string> = {};
  let storedInput = '';
  let working: WorkingQueue | undefined;
  const steps: TraceStep[] = [];

  const resolvePath = (path: string): string | undefined => {
    const [, namespace, ...rest] = path.split('.');
    const key = rest.join('.');
    switch (namespace) {
      case 'External':
        return external[key];
      case 'Attributes':
        return attributes[key];
      case 'Channel':
        return contact.channel ?? 'VOICE';
      case 'ContactId':
        return contact.contactId ?? 'sim-contact';
      case 'StoredCustomerInput':
        return storedInput;
      case 'CustomerEndpoint':
        return key === 'Address' ? contact.customerNumber : undefined;
      case 'SystemEndpoint':
        return key === 'Address' ? contact.systemNumber : undefined;
      case 'Queue':
        if (working?.kind !== 'queue') return undefined;
        if (key === 'ARN') return working.arn;
        if (key === 'Name') return resolvers.queueName?.(working.arn) ?? working.arn;
        return undefined;
      default:
        return undefined;
    }
  };
  // Connect substitutes references inside prompt text and reads a whole-value reference as that
  // value; a reference to nothing reads as "".
  const resolve = (value: unknown): string =>
    String(value ?? '').replace(
      /\$\.[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)*/g,
      (m) => resolvePath(m) ?? '',
    );

  const event = (parameters: Record<string, string>): ContactFlowEvent => ({
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: { ...attributes },
        Channel: contact.channel ?? 'VOICE',
        ContactId: contact.contactId ?? 'sim-contact',
        CustomerEndpoint:
          contact.customerNumber !== undefined
            ? { Address: contact.customerNumber, Type: 'TELEPHONE_NUMBER' }
            : null,
        InitialContactId: contact.initialContactId ?? contact.contactId ?? 'sim-contact',
        InitiationMethod: contact.initiationMethod ?? 'INBOUND',
        InstanceARN: contact.instanceArn ?? 'arn:aws:connect:us-east-1:000000000000:instance/simulated',
        PreviousContactId: contact.previousContactId ?? contact.contactId ?? 'sim-contact',
        Queue:
          working?.kind === 'queue'
            ? { ARN: working.arn, Name: resolvers.queueName?.(working.arn) ?? working.arn }
            : null,
        SystemEndpoint:
          contact.systemNumber !== undefined
            ? { Address: contact.systemNumber, Type: 'TELEPHONE_NUMBER' }
            : null,
      },
      Parameters: parameters,
    },
  });

  let current: string | undefined = flow.StartAction;
  for (let step = 1; ; step++) {
    if (step > maxSteps) throw new SimulationError(`gave up after ${maxSteps} steps (a loop without end?)`);
    const action: FlowAction | undefined = actions.get(current as string);
    if (!action) throw new SimulationError(`transition to "${current}", which is not an action`);
    const p = action.Parameters ?? {};
    const t = action.Transitions ?? {};
    const record = (s: Omit<TraceStep, 'step' | 'actionId' | 'type'>) =>
      steps.push({ step, actionId: action.Identifier, type: action.Type, ...s });
    const next = (): string => {
      if (t.NextAction === undefined) throw new SimulationError(`${action.Identifier}: no NextAction`);
      return t.NextAction;
    };
    const onError = (errorType: string): string => {
      const branch =
        (t.Errors ?? []).find((e) => e.ErrorType === errorType) ??
        (t.Errors ?? []).find((e) => e.ErrorType === 'NoMatchingError');
      if (!branch) throw new SimulationError(`${action.Identifier}: ${errorType} and no error branch for it`);
      return branch.NextAction;
    };
    const errorBranch = (errorType: string) =>
      (t.Errors ?? []).some((e) => e.ErrorType === errorType)
        ? `error ${errorType}`
        : `error NoMatchingError (${errorType})`;
    const byCondition = (value: string): FlowConditionTransition | undefined =>
      (t.Conditions ?? []).find((c) =>
        conditionHolds(c.Condition.Operator, value, String(c.Condition.Operands[0])),
      );

    switch (action.Type) {
      case 'UpdateFlowLoggingBehavior':
        settings.flowLogging = p.FlowLoggingBehavior;
        record({ detail: `flow logging ${String(p.FlowLoggingBehavior)}`, branch: 'next', next: next() });
        current = next();
        break;

      case 'UpdateContactRecordingBehavior':
        settings.recording = p.RecordingBehavior;
        settings.analytics = p.AnalyticsBehavior;
        record({ detail: 'recording and analytics behavior set', branch: 'next', next: next() });
        current = next();
        break;

      case 'UpdateContactRoutingBehavior':
        if (p.QueuePriority !== undefined) settings.queuePriority = String(p.QueuePriority);
        if (p.QueueTimeAdjustmentSeconds !== undefined)
          settings.queueTimeAdjustmentSeconds = String(p.QueueTimeAdjustmentSeconds);
        record({
          detail: `queue priority ${String(p.QueuePriority ?? '')}${p.QueueTimeAdjustmentSeconds !== undefined ? `, time in queue +${String(p.QueueTimeAdjustmentSeconds)} s` : ''}`,
          branch: 'next',
          next: next(),
        });
        current = next();
        break;

      case 'UpdateContactEventHooks':
        settings.eventHooks = p.EventHooks;
        record({ detail: `event hooks ${JSON.stringify(p.EventHooks)}`, branch: 'next', next: next() });
        current = next();
        break;

      case 'InvokeLambdaFunction': {
        const functionArn = String(p.LambdaFunctionARN);
        const limitMs = (numberParam(p.InvocationTimeLimitSeconds) ?? 3) * 1000;
        const parameters: Record<string, string> = {};
        if (isRecord(p.LambdaInvocationAttributes)) {
          for (const [k, v] of Object.entries(p.LambdaInvocationAttributes)) parameters[k] = resolve(v);
        }
        const started = now();
        let attempts = 0;
        let response: Record<string, string> | undefined;
        let failure = '';
        while (attempts <= MAX_LAMBDA_RETRIES) {
          attempts++;
          try {
            const result = await withTimeLimit(
              options.invokeLambda(functionArn, event(parameters), limitMs),
              limitMs,
            );
            if (now() - started > limitMs)
              throw new Error(`responded after the ${limitMs / 1000} s time limit`);
            response = validateResponse(result, p.ResponseValidation);
            break;
          } catch (error) {
            failure = (error as Error).message;
            // A timeout has used the whole budget; Connect retries only within the limit.
            if (error instanceof LambdaTimeout || now() - started >= limitMs) break;
          }
        }
        const elapsedMs = now() - started;
        if (response) {
          external = response;
          record({
            detail: `invoked ${functionArn}`,
            branch: 'next',
            next: next(),
            lambda: { functionArn, attempts, elapsedMs, response },
          });
          current = next();
        } else {
          // The next block sees no result from this invocation.
          external = {};
          const target = onError('NoMatchingError');
          record({
            detail: `invoked ${functionArn}: failed (${failure})`,
            branch: 'error NoMatchingError',
            next: target,
            lambda: { functionArn, attempts, elapsedMs, error: failure },
          });
          current = target;
        }
        break;
      }

      case 'UpdateContactAttributes': {
        const attrs = isRecord(p.Attributes) ? p.Attributes : {};
        const set: string[] = [];
        for (const [key, value] of Object.entries(attrs)) {
          attributes[key] = resolve(value);
          set.push(`${key}=${JSON.stringify(attributes[key])}`);
        }
        record({ detail: `set ${set.join(' ')}`, branch: 'next', next: next() });
        current = next();
        break;
      }

      case 'Compare': {
        const value = resolve(p.ComparisonValue);
        const hit = byCondition(value);
        const target = hit ? hit.NextAction : onError('NoMatchingCondition');
        record({
          detail: `${String(p.ComparisonValue)} is ${JSON.stringify(value)}`,
          branch: hit
            ? `condition ${hit.Condition.Operator} ${JSON.stringify(hit.Condition.Operands[0])}`
            : errorBranch('NoMatchingCondition'),
          next: target,
        });
        current = target;
        break;
      }

      case 'MessageParticipant': {
        const prompt = resolve(
          p.Text ?? p.SSML ?? (p.PromptId !== undefined ? `[prompt ${String(p.PromptId)}]` : ''),
        );
        record({ detail: 'played a message', branch: 'next', next: next(), prompt });
        current = next();
        break;
      }

      case 'GetParticipantInput': {
        const prompt = resolve(
          p.Text ?? p.SSML ?? (p.PromptId !== undefined ? `[prompt ${String(p.PromptId)}]` : ''),
        );
        const pressed = input.shift() ?? 'timeout';
        let target: string;
        let branch: string;
        if (pressed === 'timeout') {
          target = onError('InputTimeLimitExceeded');
          branch = errorBranch('InputTimeLimitExceeded');
        } else if (String(p.StoreInput) === 'True') {
          storedInput = pressed;
          target = next();
          branch = 'next (input stored)';
        } else {
          const hit = byCondition(pressed);
          target = hit ? hit.NextAction : onError('NoMatchingCondition');
          branch = hit ? `condition Equals "${pressed}"` : errorBranch('NoMatchingCondition');
        }
        record({
          detail:
            pressed === 'timeout'
              ? 'asked; the caller pressed nothing'
              : `asked; the caller pressed ${pressed}`,
          branch,
          next: target,
          prompt,
          input: pressed,
        });
        current = target;
        break;
      }

      case 'Loop': {
        const count = numberParam(resolve(p.LoopCount)) ?? 0;
        const done = loopCounts.get(action.Identifier) ?? 0;
        const result = done < count ? 'ContinueLooping' : 'DoneLooping';
        if (result === 'ContinueLooping') loopCounts.set(action.Identifier, done + 1);
        else loopCounts.delete(action.Identifier);
        const hit = byCondition(result);
        const target = hit ? hit.NextAction : next();
        record({
          detail: result === 'ContinueLooping' ? `iteration ${done + 1} of ${count}` : `done after ${count}`,
          branch: `condition Equals "${result}"`,
          next: target,
        });
        current = target;
        break;
      }

      case 'UpdateContactTargetQueue': {
        const queueArn = p.QueueId !== undefined ? resolve(p.QueueId) : '';
        const agentArn = p.AgentId !== undefined ? resolve(p.AgentId) : '';
        let detail: string;
        if (agentArn) {
          working = { kind: 'agent', agentArn };
          detail = `working queue: agent queue of ${resolvers.agentName?.(agentArn) ?? agentArn}`;
        } else if (queueArn) {
          working = { kind: 'queue', arn: queueArn };
          detail = `working queue: ${resolvers.queueName?.(queueArn) ?? queueArn}`;
        } else {
          const target = onError('NoMatchingError');
          record({
            detail: 'no queue or agent to set (empty reference)',
            branch: 'error NoMatchingError',
            next: target,
          });
          current = target;
          break;
        }
        record({ detail, branch: 'next', next: next() });
        current = next();
        break;
      }

      case 'TransferContactToQueue': {
        if (!working) {
          const target = onError('NoMatchingError');
          record({ detail: 'no working queue set', branch: 'error NoMatchingError', next: target });
          current = target;
          break;
        }
        const arn = working.kind === 'queue' ? working.arn : agentQueueArn(working.agentArn);
        if ((options.queuesAtCapacity ?? []).includes(arn)) {
          const target = onError('QueueAtCapacity');
          record({
            detail: `queue ${arn} is at capacity`,
            branch: errorBranch('QueueAtCapacity'),
            next: target,
          });
          current = target;
          break;
        }
        const end: SimulationEnd =
          working.kind === 'agent'
            ? {
                kind: 'agent',
                agentArn: working.agentArn,
                agentName: resolvers.agentName?.(working.agentArn),
                queueArn: arn,
                via: 'agent-queue',
              }
            : { kind: 'queue', queueArn: arn, queueName: resolvers.queueName?.(arn) };
        record({ detail: `transferred to ${formatEnd(end)}`, branch: 'end' });
        return { steps, end, attributes, settings };
      }

      case 'TransferContactToAgent': {
        // "Ends the current flow… If the agent is already with someone else, the contact is
        // disconnected." It has no error branch: a transfer that cannot reach an agent hangs up.
        const agentArn = contact.transferAgentArn;
        if (!agentArn) {
          const end: SimulationEnd = { kind: 'disconnected', reason: 'no agent to transfer to' };
          record({ detail: 'no agent to transfer to: the contact is disconnected', branch: 'end' });
          return { steps, end, attributes, settings };
        }
        const end: SimulationEnd = {
          kind: 'agent',
          agentArn,
          agentName: resolvers.agentName?.(agentArn),
          via: 'transfer-to-agent',
        };
        record({ detail: `transferred to ${formatEnd(end)}`, branch: 'end' });
        return { steps, end, attributes, settings };
      }

      case 'TransferToFlow': {
        const end: SimulationEnd = { kind: 'flow', contactFlowId: resolve(p.ContactFlowId) };
        record({ detail: `transferred to flow ${end.contactFlowId}`, branch: 'end' });
        return { steps, end, attributes, settings };
      }

      case 'Wait': {
        const events = Array.isArray(p.Events) ? p.Events.map(String) : [];
        const got = input.shift() ?? 'timeout';
        const result =
          got === 'returned' && events.includes('CustomerReturned') ? 'CustomerReturned' : 'WaitCompleted';
        const hit = byCondition(result);
        const target = hit ? hit.NextAction : onError('NoMatchingError');
        record({
          detail:
            result === 'CustomerReturned'
              ? 'the customer wrote again'
              : `no message within ${String(p.TimeLimitSeconds ?? p.TimeoutSeconds)} s`,
          branch: `condition Equals "${result}"`,
          next: target,
          input: got,
        });
        current = target;
        break;
      }

      case 'DisconnectParticipant': {
        const end: SimulationEnd = { kind: 'disconnected' };
        record({ detail: 'disconnected', branch: 'end' });
        return { steps, end, attributes, settings };
      }

      default:
        throw new SimulationError(`${action.Identifier}: action type ${action.Type} is not simulated`);
    }
  }
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
    default:
      return 'disconnected';
  }
}

/**
 * The agent's personal queue: Connect gives every agent one whose id is the user id
 * (`.../instance/ID/agent/USER` → `.../instance/ID/queue/agent/USER`).
 */
export function agentQueueArn(agentArn: string): string {
  return agentArn.replace(/\/agent\/([^/]+)$/, '/queue/agent/$1');
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

class LambdaTimeout extends Error {}

function withTimeLimit<T>(promise: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new LambdaTimeout(`no response within the ${limitMs / 1000} s time limit`)),
      limitMs,
    );
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** STRING_MAP: Connect rejects anything but a flat object of strings, and takes the error branch. */
function validateResponse(result: unknown, validation: unknown): Record<string, string> {
  const type = isRecord(validation) ? validation.ResponseType : undefined;
  if (!isRecord(result)) throw new Error('the response is not an object');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'string') out[key] = value;
    else if (type === 'STRING_MAP') throw new Error(`STRING_MAP response has a non-string value at "${key}"`);
    else out[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}
