/**
 * Composition of `find-last-agent`: the configuration, the Salesforce session and repositories,
 * the Connect directory and the presence reader, built once per container, and the pre-warm that
 * runs the container's cold-start work before the first call.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectDirectory } from '../connect/directory';
import { PresenceReader } from '../presence/presence-reader';
import type { LookupPorts } from '../routing/find-last-agent';
import { RoutingMapRepository } from '../salesforce/routing-map';
import { SalesforceSession } from '../salesforce/session';
import { VoiceCallRepository } from '../salesforce/voice-calls';
import { Budget, withinBudget } from '../shared/budget';
import { loadConfig, type LookupConfig } from '../shared/config';
import { logger, redact } from '../shared/logger';
import { parseCallerNumber } from '../shared/phone';
import { lastAgentPorts } from './last-agent-ports';

/** What a `find-last-agent` container holds between calls. */
export interface Runtime {
  config: LookupConfig;
  session: SalesforceSession;
  voiceCalls: VoiceCallRepository;
  routingMap: RoutingMapRepository;
  directory: ConnectDirectory;
  presence?: PresenceReader;
}

/** Built once per container; a bad configuration is kept as an error and reported per call. */
export function createRuntime(): Runtime | Error {
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

/** The lookup's ports on this container's adapters; `onPresenceMiss` hears why the table did not answer. */
export function portsOf(rt: Runtime, onPresenceMiss?: (reason: string) => void): LookupPorts {
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

/** Counts the round trips to Salesforce and Connect from now on, for the lookup's log line. */
export function requestsSince(rt: Runtime): () => { sfRequests: number; connectRequests: number } {
  const sfBefore = rt.session.requests;
  const connectBefore = rt.directory.requests;
  return () => ({
    sfRequests: rt.session.requests - sfBefore,
    connectRequests: rt.directory.requests - connectBefore,
  });
}

/** How long the pre-warm may run; Lambda's init phase allows 10 s. */
export const PREWARM_MS = 5000;
/** A number from the fictional 555-01xx range: parsing it loads what the first caller's parse would. */
const PREWARM_NUMBER = '+12025550100';
/** The nil UUID: no Connect user has it, so the pre-warm's presence read finds nothing. */
const PREWARM_CONNECT_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The container's pre-warm for `runtime`: its cold-start work, which needs nothing from a caller:
 * the token grant (with the private key from Secrets Manager), the routing map, the configured
 * instance's queue list, the phone-number parser, one VoiceCall query and one presence-table read.
 * The returned function starts it on its first call and gives every caller the same promise. It
 * runs on its own budget through the same shared flights as a call (a call arriving meanwhile
 * joins them), is bounded by `PREWARM_MS` and never rejects: what fails is left to the first call.
 */
export function prewarmFor(runtime: Runtime | Error): () => Promise<void> {
  let prewarming: Promise<void> | undefined;
  return () => {
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
          instanceId ? runtime.presence?.get(instanceId, PREWARM_CONNECT_USER_ID, budget.signal) : undefined,
        ]);
      };
      try {
        await withinBudget(work(), budget);
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
  };
}
