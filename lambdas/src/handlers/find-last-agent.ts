/**
 * `find-last-agent`: invoked by the inbound Connect flow (ResponseValidation STRING_MAP). Finds the
 * caller's last agent in Salesforce, maps them to Connect and checks they can take the call.
 *
 * It never throws and always answers within its deadline: Connect retries a throw up to three
 * times while the caller waits, and any answer this Lambda gives must route the call somewhere.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectDirectory } from '../connect/directory';
import {
  customerAddressOf,
  contactIdOf,
  instanceOf,
  type ContactFlowEventLike,
} from '../routing/contact-event';
import { findLastAgent, type LookupResult } from '../routing/find-last-agent';
import { fallbackResponse, type LastAgentResponse, type LookupOutcome } from '../routing/response';
import { RoutingMapRepository } from '../salesforce/routing-map';
import { SalesforceSession } from '../salesforce/session';
import { VoiceCallRepository } from '../salesforce/voice-calls';
import { loadConfig, type LookupConfig } from '../shared/config';
import { DeadlineExceededError } from '../shared/errors';
import { logger, redact } from '../shared/logger';
import { parseCallerNumber } from '../shared/phone';
import { lastAgentPorts } from '../wiring/last-agent-ports';

/** Lambda's context, as far as the handler uses it. */
export interface InvocationContext {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
}

/** Time kept back from Lambda's own timeout so the fallback is still delivered. */
const LAMBDA_TIMEOUT_MARGIN_MS = 250;

interface Runtime {
  config: LookupConfig;
  session: SalesforceSession;
  voiceCalls: VoiceCallRepository;
  routingMap: RoutingMapRepository;
  directory: ConnectDirectory;
}

/** Built once per container; a bad configuration is kept as an error and reported per call. */
function createRuntime(): Runtime | Error {
  try {
    const config = loadConfig();
    const session = new SalesforceSession(config.salesforce, { requestTimeoutMs: config.deadlineMs });
    // One attempt: throttling should surface as "status unknown" now, not after back-off. A request
    // never outlives the lookup's deadline: a hung socket must not stall later invocations.
    const connect = new ConnectClient({
      maxAttempts: 1,
      requestHandler: {
        requestTimeout: config.deadlineMs,
        connectionTimeout: Math.min(1000, config.deadlineMs),
      },
    });
    return {
      config,
      session,
      voiceCalls: new VoiceCallRepository(session),
      routingMap: new RoutingMapRepository(session, config.routingMapTtlMs, config.callCenterId),
      directory: new ConnectDirectory(connect, {
        agentCacheTtlMs: config.agentCacheTtlMs,
        queueCacheTtlMs: config.queueCacheTtlMs,
      }),
    };
  } catch (e) {
    return e as Error;
  }
}

const runtime = createRuntime();
if (runtime instanceof Error)
  logger.error('find-last-agent is misconfigured; every call gets the fallback', { error: runtime.message });

export const handler = async (
  event: ContactFlowEventLike,
  context?: InvocationContext,
): Promise<LastAgentResponse> => {
  const started = performance.now();
  const contactId = contactIdOf(event);
  // Failures, and answers degraded by a soft failure (throttling) or an unreadable routing map,
  // are warnings: an operator should see them without turning on info logs.
  const log = (outcome: LookupOutcome, extra: Record<string, unknown> = {}): void => {
    const degraded =
      outcome === 'LOOKUP_FAILED' ||
      outcome === 'LOOKUP_TIMED_OUT' ||
      extra.softFailures !== undefined ||
      extra.routingMapUnreadable !== undefined;
    (degraded ? logger.warn : logger.info).call(logger, 'last-agent lookup', {
      outcome,
      contactId,
      durationMs: Math.round(performance.now() - started),
      ...extra,
    });
  };

  if (runtime instanceof Error) {
    log('LOOKUP_FAILED', { error: runtime.message });
    return fallbackResponse('LOOKUP_FAILED');
  }
  const { config } = runtime;

  const caller = parseCallerNumber(customerAddressOf(event), config.defaultCountry);
  if (!caller) {
    log('NO_CALLER_NUMBER', { channel: event?.Details?.ContactData?.Channel ?? '' });
    return fallbackResponse('NO_CALLER_NUMBER');
  }
  const instance = instanceOf(event, config.connectInstanceId);
  if (!instance) {
    log('LOOKUP_FAILED', {
      caller: caller.masked,
      error: 'no Connect instance in the event and CONNECT_INSTANCE_ID unset',
    });
    return fallbackResponse('LOOKUP_FAILED');
  }

  const remaining = context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
  const deadlineMs = Math.max(0, Math.min(config.deadlineMs, remaining - LAMBDA_TIMEOUT_MARGIN_MS));
  const sfBefore = runtime.session.requests;
  const connectBefore = runtime.directory.requests;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;

  try {
    const lookup = findLastAgent(
      lastAgentPorts({
        session: runtime.session,
        voiceCalls: runtime.voiceCalls,
        routingMap: runtime.routingMap,
        directory: runtime.directory,
        lookbackDays: config.lookbackDays,
        scvUsernameTemplate: config.scvUsernameTemplate,
        signal: abort.signal,
      }),
      { numberForms: caller.storedForms, instance, availableStatusNames: config.availableStatusNames },
    );
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceededError(deadlineMs)), deadlineMs);
    });
    // Late work is abandoned, never awaited: its rejection must not surface as unhandled.
    lookup.catch(() => undefined);
    const result: LookupResult = await Promise.race([lookup, deadline]);
    const { facts } = result;
    log(result.response.lookupOutcome, {
      caller: caller.masked,
      sfRequests: runtime.session.requests - sfBefore,
      connectRequests: runtime.directory.requests - connectBefore,
      voiceCallId: facts.call?.voiceCallId,
      mappedBy: facts.agent?.mappedBy,
      agentStatus: facts.state?.statusName,
      agentNextStatus: facts.state?.nextStatus,
      availability: facts.verdict?.reason,
      softFailures: result.softFailures.length > 0 ? result.softFailures.map(redact) : undefined,
      routingMapUnreadable: runtime.routingMap.lastReadError
        ? redact(runtime.routingMap.lastReadError)
        : undefined,
    });
    return result.response;
  } catch (e) {
    const outcome: LookupOutcome = e instanceof DeadlineExceededError ? 'LOOKUP_TIMED_OUT' : 'LOOKUP_FAILED';
    const err = e as Error & { errorCode?: string };
    log(outcome, {
      caller: caller.masked,
      error: redact(`${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`),
      errorCode: err?.errorCode,
      sfRequests: runtime.session.requests - sfBefore,
      connectRequests: runtime.directory.requests - connectBefore,
    });
    return fallbackResponse(outcome);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
};
