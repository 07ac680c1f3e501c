/**
 * One `find-last-agent` invocation on a container's runtime: the event read, the caller's number
 * parsed, the lookup run on the invocation's budget, and one log line and one set of metrics. The
 * handler runs it on the container's runtime; the rehearsal on its own, with a silent report.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { LOOKUP_CHANNELS, parametersOf, readContactEvent, servedInstance } from '../routing/contact-event';
import { findLastAgent } from '../routing/find-last-agent';
import {
  answeredFields,
  failedLookup,
  lookupLogRecord,
  type LookupLogFields,
  type LookupLogRecord,
} from '../routing/lookup-log';
import {
  fallbackResponse,
  withRoutingCriteria,
  type LastAgentJsonResponse,
  type LastAgentResponse,
  type LookupOutcome,
} from '../routing/response';
import { Budget, withinBudget } from '../shared/budget';
import { functionArnOf, invocationBudgetMs, type InvocationContext } from '../shared/invocation';
import { logger, redact } from '../shared/logger';
import { lookupMetrics, publishLookupMetrics } from '../shared/metrics';
import { parseCallerNumber } from '../shared/phone';
import { portsOf, requestsSince, type Runtime } from './find-last-agent-runtime';

/** Time kept back from Lambda's own timeout so the fallback is still delivered. */
const LAMBDA_TIMEOUT_MARGIN_MS = 250;

/** Where an invocation's log line and metrics go. */
export interface LookupReport {
  log(record: LookupLogRecord): void;
  metrics: Metrics;
}

/** The container's report: the log line to the logger, the metrics as EMF on stdout. */
export const liveReport: LookupReport = {
  log: (record) => logger[record.level](record.message, record.attributes),
  metrics: lookupMetrics,
};

/** Answers one contact event on `runtime`; never throws. */
export async function lookUp(
  runtime: Runtime | Error,
  event: unknown,
  context?: InvocationContext,
  sink: LookupReport = liveReport,
): Promise<LastAgentResponse> {
  const started = performance.now();
  // Validated before anything from the event reaches a log record: bounded strings only.
  const contact = readContactEvent(event);
  // One log line and the metrics per invocation.
  const report = (outcome: LookupOutcome, fields?: LookupLogFields): void => {
    const elapsed = performance.now() - started;
    sink.log(lookupLogRecord(outcome, contact, elapsed, fields));
    publishLookupMetrics(outcome, elapsed, fields, sink.metrics);
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
}

/** The whole answer to a contact event: the lookup, and the routing criteria a JSON flow asked for. */
export async function answerContactEvent(
  runtime: Runtime | Error,
  event: unknown,
  context?: InvocationContext,
  sink: LookupReport = liveReport,
): Promise<LastAgentResponse | LastAgentJsonResponse> {
  return withRoutingCriteria(await lookUp(runtime, event, context, sink), parametersOf(event));
}
