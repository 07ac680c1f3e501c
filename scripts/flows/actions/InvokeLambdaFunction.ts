import { isRecord, numberParam } from '../flow-model';
import {
  PREFERRED_AGENT_SECONDS_PARAMETER,
  ROUTING_CRITERIA_KEY,
} from '../../../lambdas/src/routing/response';
import { FIND_LAST_AGENT_ARN_PLACEHOLDER } from '../project';
import type { ContactFlowEvent } from '../simulation-types';
import { REFERENCE, type ActionSpec, type StepContext, type StepOutcome } from './types';
import { contactFlowEvent } from '../contact-flow-event';

/** Connect allows a flow to wait at most this long for a Lambda. */
const TIME_LIMIT_MAX = 8;
/** Connect retries a failed Lambda up to 3 times, within the same time limit. */
const MAX_RETRIES = 3;

export const InvokeLambdaFunction: ActionSpec = {
  type: 'InvokeLambdaFunction',
  source: `${REFERENCE}interactions-invokelambdafunction.html`,
  evidence: 'Salesforce Sample SCV Inbound Flow; aws-samples amazon-connect-* flows write "8" as a string',
  params: {
    required: ['LambdaFunctionARN'],
    optional: [
      'InvocationTimeLimitSeconds',
      'InvocationType',
      'ResponseValidation',
      'LambdaInvocationAttributes',
    ],
  },
  errors: ['NoMatchingError'],
  requiredErrors: ['NoMatchingError'],
  rules: {
    'time-limit': { severity: 'error', summary: 'InvocationTimeLimitSeconds is a whole number from 1 to 8' },
    'response-type': { severity: 'error', summary: 'ResponseValidation.ResponseType is STRING_MAP or JSON' },
    'find-last-agent-string-map': {
      severity: 'error',
      summary:
        'find-last-agent is invoked with ResponseValidation STRING_MAP, or JSON when it passes preferredAgentSeconds (project rule)',
    },
    'invocation-attributes': { severity: 'error', summary: 'LambdaInvocationAttributes is an object' },
  },
  check({ p, report }) {
    const limit = p.InvocationTimeLimitSeconds;
    const seconds = numberParam(limit);
    if (limit !== undefined && (seconds === undefined || !Number.isInteger(seconds))) {
      report(
        'time-limit',
        `InvocationTimeLimitSeconds must be a whole number of seconds (got ${JSON.stringify(limit)})`,
      );
    } else if (seconds !== undefined && (seconds < 1 || seconds > TIME_LIMIT_MAX)) {
      report('time-limit', `InvocationTimeLimitSeconds is ${seconds}; Connect allows 1 to ${TIME_LIMIT_MAX}`);
    }
    const validation = p.ResponseValidation;
    const responseType = isRecord(validation) ? validation.ResponseType : undefined;
    if (validation !== undefined && responseType !== 'STRING_MAP' && responseType !== 'JSON') {
      report('response-type', 'ResponseValidation.ResponseType must be STRING_MAP or JSON');
    }
    // JSON only where the flow asks for the routing criteria (the one nested value it returns).
    const asksCriteria =
      isRecord(p.LambdaInvocationAttributes) &&
      p.LambdaInvocationAttributes[PREFERRED_AGENT_SECONDS_PARAMETER] !== undefined;
    if (
      p.LambdaFunctionARN === FIND_LAST_AGENT_ARN_PLACEHOLDER &&
      responseType !== (asksCriteria ? 'JSON' : 'STRING_MAP')
    ) {
      report(
        'find-last-agent-string-map',
        asksCriteria
          ? `find-last-agent answers ${PREFERRED_AGENT_SECONDS_PARAMETER} with a nested ${ROUTING_CRITERIA_KEY}: ResponseValidation.ResponseType must be JSON`
          : 'find-last-agent returns a flat map: ResponseValidation.ResponseType must be STRING_MAP',
      );
    }
    if (p.LambdaInvocationAttributes !== undefined && !isRecord(p.LambdaInvocationAttributes)) {
      report('invocation-attributes', 'LambdaInvocationAttributes must be an object');
    }
  },
  simulate: invokeLambda,
};

async function invokeLambda(ctx: StepContext): Promise<StepOutcome> {
  const { p, state, options } = ctx;
  const now = options.now ?? (() => Date.now());
  const functionArn = String(p.LambdaFunctionARN);
  const limitMs = (numberParam(p.InvocationTimeLimitSeconds) ?? 3) * 1000;
  const parameters: Record<string, string> = {};
  if (isRecord(p.LambdaInvocationAttributes)) {
    for (const [k, v] of Object.entries(p.LambdaInvocationAttributes)) parameters[k] = ctx.resolve(v);
  }
  const started = now();
  let attempts = 0;
  let response: Record<string, string> | undefined;
  let failure = '';
  while (attempts <= MAX_RETRIES) {
    attempts++;
    try {
      const result = await withTimeLimit(
        options.invokeLambda(functionArn, contactFlowEventAt(ctx, parameters), limitMs),
        limitMs,
      );
      if (now() - started > limitMs) throw new Error(`responded after the ${limitMs / 1000} s time limit`);
      response = validateResponse(result, p.ResponseValidation);
      break;
    } catch (error) {
      failure = (error as Error).message;
      // A timeout has used the whole budget; Connect retries only within the limit.
      if (error instanceof LambdaTimeout || now() - started >= limitMs) break;
    }
  }
  const elapsedMs = now() - started;
  state.clockSeconds += elapsedMs / 1000;
  if (response) {
    state.external = response;
    return {
      kind: 'next',
      target: ctx.next(),
      detail: `invoked ${functionArn}`,
      branch: 'next',
      lambda: { functionArn, attempts, elapsedMs, response },
    };
  }
  // The next block sees no result from this invocation.
  state.external = {};
  const { target } = ctx.onError('NoMatchingError');
  return {
    kind: 'next',
    target,
    detail: `invoked ${functionArn}: failed (${failure})`,
    branch: 'error NoMatchingError',
    lambda: { functionArn, attempts, elapsedMs, error: failure },
  };
}

/** The event Connect sends the Lambda, built from the contact's state at this point. */
export function contactFlowEventAt(ctx: StepContext, parameters: Record<string, string>): ContactFlowEvent {
  const { contact, working, attributes } = ctx.state;
  const queueName = ctx.options.resolvers?.queueName;
  const contactId = contact.contactId ?? 'sim-contact';
  return contactFlowEvent(
    {
      contactId,
      instanceArn: contact.instanceArn ?? 'arn:aws:connect:us-east-1:000000000000:instance/simulated',
      customerNumber: contact.customerNumber ?? null,
      systemNumber: contact.systemNumber ?? null,
      attributes,
      channel: contact.channel,
      initiationMethod: contact.initiationMethod,
      initialContactId: contact.initialContactId,
      previousContactId: contact.previousContactId,
      queue:
        working?.kind === 'queue'
          ? { ARN: working.arn, Name: queueName?.(working.arn) ?? working.arn }
          : null,
    },
    parameters,
  );
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
