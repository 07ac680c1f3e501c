/**
 * `find-last-agent`: invoked by the inbound Connect flow (ResponseValidation STRING_MAP). Finds the
 * caller's last agent in Salesforce, maps them to Connect and checks they can take the call.
 *
 * It never throws and always answers within its deadline: Connect retries a throw up to three
 * times while the caller waits, and any answer this Lambda gives must route the call somewhere.
 */
import type { LastAgentJsonResponse, LastAgentResponse } from '../routing/response';
import type { InvocationContext } from '../shared/invocation';
import { addLogContext, logger } from '../shared/logger';
import { answerContactEvent } from '../wiring/find-last-agent-lookup';
import { prewarmFor } from '../wiring/find-last-agent-prewarm';
import { createRuntime } from '../wiring/find-last-agent-runtime';
import { rehearsalRoundsFor } from '../wiring/rehearsal';

export { instanceMismatch } from '../routing/contact-event';
export type { InvocationContext } from '../shared/invocation';
export { PREWARM_MS } from '../wiring/find-last-agent-prewarm';

const runtime = createRuntime();
if (runtime instanceof Error)
  logger.error('find-last-agent is misconfigured; every call gets the fallback', { error: runtime.message });

/**
 * The container's cold-start work (`prewarmFor`), rehearsed in a provisioned-concurrency
 * container. In Lambda it starts with the module and init.mjs awaits it in the init phase;
 * elsewhere (tests, sandbox, bench) the loader decides when.
 */
export const prewarm: () => Promise<void> = prewarmFor(runtime, {
  rehearsals: rehearsalRoundsFor(process.env),
});
if (process.env.AWS_LAMBDA_FUNCTION_NAME) void prewarm();

/** The preferred-agent flow (ResponseValidation JSON) also gets the routing criteria it asked for. */
export const handler = async (
  event: unknown,
  context?: InvocationContext,
): Promise<LastAgentResponse | LastAgentJsonResponse> => {
  addLogContext(context);
  return answerContactEvent(runtime, event, context);
};
