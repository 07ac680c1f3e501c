/**
 * `find-last-agent`: invoked by the inbound Connect flow (ResponseValidation STRING_MAP). Finds the
 * caller's last agent in Salesforce, maps them to Connect and checks they can take the call.
 *
 * It never throws and always answers within its deadline: Connect retries a throw up to three
 * times while the caller waits, and any answer this Lambda gives must route the call somewhere.
 */
import { LOOKUP_CHANNELS, parametersOf, readContactEvent, servedInstance } from '../routing/contact-event';
import { findLastAgent } from '../routing/find-last-agent';
import { answeredFields, failedLookup, lookupLogRecord, type LookupLogFields } from '../routing/lookup-log';
import {
  fallbackResponse,
  withRoutingCriteria,
  type LastAgentJsonResponse,
  type LastAgentResponse,
  type LookupOutcome,
} from '../routing/response';
import { Budget, withinBudget } from '../shared/budget';
import { functionArnOf, invocationBudgetMs, type InvocationContext } from '../shared/invocation';
import { addLogContext, logger, redact } from '../shared/logger';
import { publishLookupMetrics } from '../shared/metrics';
import { parseCallerNumber } from '../shared/phone';
import { createRuntime, portsOf, prewarmFor, requestsSince } from '../wiring/find-last-agent-runtime';

export { instanceMismatch } from '../routing/contact-event';
export type { InvocationContext } from '../shared/invocation';
export { PREWARM_MS } from '../wiring/find-last-agent-runtime';

/** Time kept back from Lambda's own timeout so the fallback is still delivered. */
const LAMBDA_TIMEOUT_MARGIN_MS = 250;

const runtime = createRuntime();
if (runtime instanceof Error)
  logger.error('find-last-agent is misconfigured; every call gets the fallback', { error: runtime.message });

/**
 * The container's cold-start work (`prewarmFor`). In Lambda it starts with the module and init.mjs
 * awaits it in the init phase; elsewhere (tests, sandbox, bench) the loader decides when.
 */
export const prewarm: () => Promise<void> = prewarmFor(runtime);
if (process.env.AWS_LAMBDA_FUNCTION_NAME) void prewarm();

const lookUp = async (event: unknown, context?: InvocationContext): Promise<LastAgentResponse> => {
  const started = performance.now();
  // Validated before anything from the event reaches a log record: bounded strings only.
  const contact = readContactEvent(event);
  // One log line and the metrics per invocation.
  const report = (outcome: LookupOutcome, fields?: LookupLogFields): void => {
    const elapsed = performance.now() - started;
    const record = lookupLogRecord(outcome, contact, elapsed, fields);
    logger[record.level](record.message, record.attributes);
    publishLookupMetrics(outcome, elapsed, fields);
  };
  const answer = (outcome: LookupOutcome, fields?: LookupLogFields): LastAgentResponse => {
    report(outcome, fields);
    return fallbackResponse(outcome);
  };
  if (runtime instanceof Error) return answer('LOOKUP_FAILED', { error: redact(runtime.message) });
  const { config, routingMap } = runtime;
  const requests = requestsSince(runtime);
  // The one place an invocation's budget is made: every port call below runs on it (or a child),
  // and ending it in `finally` aborts whatever is still in flight once the answer is given.
  const budget = Budget.start(invocationBudgetMs(config.deadlineMs, context, LAMBDA_TIMEOUT_MARGIN_MS));
  let presenceMiss: string | undefined;
  try {
    const served = servedInstance(contact, config, functionArnOf(context));
    const caller = LOOKUP_CHANNELS.has(contact.channel)
      ? parseCallerNumber(contact.customerAddress, config.defaultCountry)
      : undefined;
    if (!caller) return answer('NO_CALLER_NUMBER');
    const { instance } = served;
    if (!instance) return answer('LOOKUP_FAILED', { caller: caller.masked, error: served.error });
    try {
      const lookup = findLastAgent(
        portsOf(runtime, (reason) => (presenceMiss = reason)),
        { numberForms: caller.storedForms, instance, availableStatusNames: config.availableStatusNames },
        budget,
      );
      const result = await withinBudget(lookup, budget);
      const io = { caller: caller.masked, ...requests(), presenceMiss };
      report(
        result.response.lookupOutcome,
        answeredFields(result, { ...io, routingMapReadError: routingMap.lastReadError }),
      );
      return result.response;
    } catch (e) {
      const failed = failedLookup(e, { caller: caller.masked, ...requests() });
      return answer(failed.outcome, failed.fields);
    }
  } finally {
    budget.end();
  }
};

/** The preferred-agent flow (ResponseValidation JSON) also gets the routing criteria it asked for. */
export const handler = async (
  event: unknown,
  context?: InvocationContext,
): Promise<LastAgentResponse | LastAgentJsonResponse> => {
  addLogContext(context);
  return withRoutingCriteria(await lookUp(event, context), parametersOf(event));
};
