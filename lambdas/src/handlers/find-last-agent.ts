/**
 * `find-last-agent`: invoked by the inbound Connect flow (ResponseValidation STRING_MAP). Finds the
 * caller's last agent in Salesforce, maps them to Connect and checks they can take the call.
 *
 * It never throws and always answers within its deadline: Connect retries a throw up to three
 * times while the caller waits, and any answer this Lambda gives must route the call somewhere.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectDirectory } from '../connect/directory';
import { PresenceReader } from '../presence/presence-reader';
import {
  instanceOf,
  LOOKUP_CHANNELS,
  readContactEvent,
  type InstanceArnParts,
} from '../routing/contact-event';
import { findLastAgent, type LookupResult } from '../routing/find-last-agent';
import {
  fallbackResponse,
  withRoutingCriteria,
  type LastAgentJsonResponse,
  type LastAgentResponse,
  type LookupOutcome,
} from '../routing/response';
import type { InstanceRef } from '../routing/types';
import { RoutingMapRepository } from '../salesforce/routing-map';
import { SalesforceSession } from '../salesforce/session';
import { VoiceCallRepository } from '../salesforce/voice-calls';
import { Budget } from '../shared/budget';
import { loadConfig, type LookupConfig } from '../shared/config';
import { DeadlineExceededError, SalesforceBackoffError } from '../shared/errors';
import { logger, redact } from '../shared/logger';
import { publishLookupMetrics } from '../shared/metrics';
import { parseCallerNumber } from '../shared/phone';
import { lastAgentPorts } from '../wiring/last-agent-ports';

/** Lambda's context, as far as the handler uses it. */
export interface InvocationContext {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
  /** arn:aws:lambda:REGION:ACCOUNT:function:NAME — where this Lambda (and its Connect client) runs. */
  invokedFunctionArn?: string;
}

/** Time kept back from Lambda's own timeout so the fallback is still delivered. */
const LAMBDA_TIMEOUT_MARGIN_MS = 250;

interface Runtime {
  config: LookupConfig;
  session: SalesforceSession;
  voiceCalls: VoiceCallRepository;
  routingMap: RoutingMapRepository;
  directory: ConnectDirectory;
  presence?: PresenceReader;
}

/** Built once per container; a bad configuration is kept as an error and reported per call. */
function createRuntime(): Runtime | Error {
  try {
    const config = loadConfig();
    const session = new SalesforceSession(config.salesforce, { requestTimeoutMs: config.deadlineMs });
    // One attempt: throttling should surface as "status unknown" now, not after back-off. Each
    // request is aborted with the invocation's budget; the timeouts here are only a backstop.
    const connect = new ConnectClient({
      maxAttempts: 1,
      requestHandler: {
        requestTimeout: config.deadlineMs,
        throwOnRequestTimeout: true,
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
      // One attempt inside the deadline: a slow table falls back to Connect, it does not retry.
      presence: config.presenceTable
        ? new PresenceReader(
            new DynamoDBClient({
              maxAttempts: 1,
              requestHandler: { requestTimeout: Math.min(1000, config.deadlineMs), connectionTimeout: 500 },
            }),
            config.presenceTable,
          )
        : undefined,
    };
  } catch (e) {
    return e as Error;
  }
}

const runtime = createRuntime();
if (runtime instanceof Error)
  logger.error('find-last-agent is misconfigured; every call gets the fallback', { error: runtime.message });

function portsOf(rt: Runtime, onPresenceMiss?: (reason: string) => void): ReturnType<typeof lastAgentPorts> {
  return lastAgentPorts({
    session: rt.session,
    voiceCalls: rt.voiceCalls,
    routingMap: rt.routingMap,
    directory: rt.directory,
    routingLookbackDays: rt.config.routingLookbackDays,
    scvUsernameTemplate: rt.config.scvUsernameTemplate,
    presence: rt.presence,
    presenceMaxAgeMs: rt.config.presenceMaxAgeMs,
    onPresenceMiss,
  });
}

/** How long the pre-warm may run; Lambda's init phase allows 10 s. */
export const PREWARM_MS = 5000;
/** A number from the fictional 555-01xx range: parsing it loads what the first caller's parse would. */
const PREWARM_NUMBER = '+12025550100';
/** The nil UUID: no Connect user has it, so the pre-warm's presence read finds nothing. */
const PREWARM_AGENT_ID = '00000000-0000-0000-0000-000000000000';
let prewarming: Promise<void> | undefined;

/**
 * The container's cold-start work, which needs nothing from a caller: the token grant (with the
 * private key from Secrets Manager), the routing map, the configured instance's queue list, the
 * phone-number parser, one VoiceCall query and one presence-table read. Started at module load in Lambda and awaited by the deployed entry
 * module (init.mjs) in the init phase, so a provisioned-concurrency container answers its first
 * call at warm speed. It runs on its own budget through the same shared flights as a call (a
 * call arriving meanwhile joins them), is bounded by `PREWARM_MS` and never rejects: what fails
 * is left to the first call.
 */
export function prewarm(): Promise<void> {
  prewarming ??= (async () => {
    if (runtime instanceof Error) return;
    const started = performance.now();
    const sample = parseCallerNumber(PREWARM_NUMBER, runtime.config.defaultCountry);
    const budget = Budget.start(PREWARM_MS);
    const ports = portsOf(runtime);
    const instanceId = runtime.config.connectInstanceId;
    const work = async (): Promise<void> => {
      await (instanceId
        ? ports.warmUp({ instanceId, instanceArn: '' }, budget)
        : Promise.all([runtime.session.connection(budget), runtime.routingMap.load(budget)]));
      // One VoiceCall query for a number nobody has, and one presence read for an agent nobody is:
      // the first caller's requests then run on code V8 has already compiled, an SDK client whose
      // middleware and endpoint are resolved, and connections already open.
      await Promise.all([
        sample ? ports.findLastAnsweredCall(sample.storedForms, budget) : undefined,
        instanceId ? runtime.presence?.get(instanceId, PREWARM_AGENT_ID, budget.signal) : undefined,
      ]);
    };
    try {
      await Promise.race([work(), budget.expired]);
      logger.info('pre-warmed', { durationMs: Math.round(performance.now() - started) });
    } catch (e) {
      logger.warn('pre-warm did not finish; the first call completes it', {
        durationMs: Math.round(performance.now() - started),
        error: redact(`${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? String(e)}`),
      });
    } finally {
      budget.end();
    }
  })();
  return prewarming;
}

// In Lambda the work starts with the module; elsewhere (tests, sandbox, bench) whoever loads the
// bundle decides when, by calling prewarm().
if (process.env.AWS_LAMBDA_FUNCTION_NAME) void prewarm();

/**
 * Why this Lambda cannot serve the event's instance, if it cannot: its Connect client (and IAM
 * role) belong to one region and account, and a lookup against another instance would fail late
 * (ResourceNotFound, AccessDenied) or read the wrong one. The account is compared when Lambda
 * gives it (the function ARN in the context).
 */
export function instanceMismatch(
  instance: InstanceRef | InstanceArnParts,
  own: { region?: string; functionArn?: string },
): string | undefined {
  if (!('region' in instance)) return undefined;
  const [, , , region, account] = (own.functionArn ?? '').split(':');
  const ownRegion = region || own.region;
  if (ownRegion && instance.region !== ownRegion)
    return `the contact's instance is in ${instance.region}; this Lambda serves ${ownRegion}: deploy find-last-agent in the instance's region`;
  if (account && /^\d{12}$/.test(account) && instance.accountId !== account)
    return `the contact's instance is in account ${instance.accountId}; this Lambda runs in ${account}: deploy find-last-agent in the instance's account`;
  return undefined;
}

const lookUp = async (event: unknown, context?: InvocationContext): Promise<LastAgentResponse> => {
  const started = performance.now();
  // Validated before anything from the event reaches a log record: bounded strings only.
  const contact = readContactEvent(event);
  const contactId = contact.contactId;
  // Failures, and answers degraded by a soft failure (throttling) or an unreadable routing map,
  // are warnings: an operator should see them without turning on info logs. A back-off is warned
  // about once when it starts, so the calls it answers log at info.
  const log = (outcome: LookupOutcome, extra: Record<string, unknown> = {}): void => {
    const degraded =
      (outcome === 'LOOKUP_FAILED' ||
        outcome === 'LOOKUP_TIMED_OUT' ||
        extra.softFailures !== undefined ||
        extra.routingMapUnreadable !== undefined) &&
      extra.backedOff === undefined;
    (degraded ? logger.warn : logger.info).call(logger, 'last-agent lookup', {
      outcome,
      contactId,
      channel: contact.channel,
      durationMs: Math.round(performance.now() - started),
      ...extra,
    });
    publishLookupMetrics(outcome, performance.now() - started, extra);
  };

  if (runtime instanceof Error) {
    log('LOOKUP_FAILED', { error: redact(runtime.message) });
    return fallbackResponse('LOOKUP_FAILED');
  }
  const { config } = runtime;

  const remaining = context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
  const deadlineMs = Math.max(0, Math.min(config.deadlineMs, remaining - LAMBDA_TIMEOUT_MARGIN_MS));
  const sfBefore = runtime.session.requests;
  const connectBefore = runtime.directory.requests;
  // The one place an invocation's budget is made: every port call below runs on it (or a child),
  // and ending it in `finally` aborts whatever is still in flight once the answer is given.
  const budget = Budget.start(deadlineMs);
  let presenceMiss: string | undefined;
  try {
    const lookupChannel = LOOKUP_CHANNELS.has(contact.channel);
    const instance = instanceOf(contact, config.connectInstanceId);
    const mismatch = instance
      ? instanceMismatch(instance, {
          region: config.awsRegion,
          functionArn:
            typeof context?.invokedFunctionArn === 'string' ? context.invokedFunctionArn : undefined,
        })
      : undefined;
    const caller = lookupChannel
      ? parseCallerNumber(contact.customerAddress, config.defaultCountry)
      : undefined;
    if (!caller) {
      log('NO_CALLER_NUMBER');
      return fallbackResponse('NO_CALLER_NUMBER');
    }
    if (!instance) {
      log('LOOKUP_FAILED', {
        caller: caller.masked,
        error: 'no Connect instance in the event and CONNECT_INSTANCE_ID unset',
      });
      return fallbackResponse('LOOKUP_FAILED');
    }
    if (mismatch) {
      log('LOOKUP_FAILED', { caller: caller.masked, error: mismatch });
      return fallbackResponse('LOOKUP_FAILED');
    }

    try {
      const lookup = findLastAgent(
        portsOf(runtime, (reason) => (presenceMiss = reason)),
        { numberForms: caller.storedForms, instance, availableStatusNames: config.availableStatusNames },
        budget,
      );
      // Late work is abandoned, never awaited: its rejection must not surface as unhandled.
      lookup.catch(() => undefined);
      const result: LookupResult = await Promise.race([lookup, budget.expired]);
      const { facts } = result;
      log(result.response.lookupOutcome, {
        caller: caller.masked,
        sfRequests: runtime.session.requests - sfBefore,
        connectRequests: runtime.directory.requests - connectBefore,
        lastVoiceCallId: facts.call?.lastVoiceCallId,
        mappedBy: facts.agent?.mappedBy,
        agentStatus: facts.state?.statusName,
        agentNextStatus: facts.state?.nextStatus,
        availability: facts.verdict?.reason,
        availabilitySource: facts.availabilitySource,
        presenceMiss,
        softFailures: result.softFailures.length > 0 ? result.softFailures.map(redact) : undefined,
        routingMapUnreadable: runtime.routingMap.lastReadError
          ? redact(runtime.routingMap.lastReadError)
          : undefined,
      });
      return result.response;
    } catch (e) {
      const outcome: LookupOutcome =
        e instanceof DeadlineExceededError ? 'LOOKUP_TIMED_OUT' : 'LOOKUP_FAILED';
      const err = e as Error & { errorCode?: unknown };
      log(outcome, {
        caller: caller.masked,
        error: redact(`${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`),
        errorCode: typeof err?.errorCode === 'string' ? err.errorCode.slice(0, 64) : undefined,
        backedOff: e instanceof SalesforceBackoffError ? true : undefined,
        sfRequests: runtime.session.requests - sfBefore,
        connectRequests: runtime.directory.requests - connectBefore,
      });
      return fallbackResponse(outcome);
    }
  } finally {
    budget.end();
  }
};

/** The preferred-agent flow (ResponseValidation JSON) also gets the routing criteria it asked for. */
export const handler = async (
  event: unknown,
  context?: InvocationContext,
): Promise<LastAgentResponse | LastAgentJsonResponse> =>
  withRoutingCriteria(await lookUp(event, context), parametersOf(event));

/** The invocation's parameters (LambdaInvocationAttributes), read defensively. */
function parametersOf(event: unknown): Record<string, unknown> | undefined {
  const details = (event as { Details?: { Parameters?: unknown } } | null | undefined)?.Details;
  const parameters = details?.Parameters;
  return parameters && typeof parameters === 'object' ? (parameters as Record<string, unknown>) : undefined;
}
