/**
 * Composition of `find-last-agent`: the configuration, the Salesforce session and repositories,
 * the Connect directory and the presence reader, built once per container.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConnectDirectory } from '../connect/directory';
import { PresenceReader } from '../presence/presence-reader';
import type { LookupPorts } from '../routing/find-last-agent';
import { RoutingMapRepository } from '../salesforce/routing-map';
import { SalesforceSession, type SessionOptions } from '../salesforce/session';
import { VoiceCallRepository } from '../salesforce/voice-calls';
import { loadConfig, type LookupConfig } from '../shared/config';
import { lastAgentPorts } from './last-agent-ports';
import type { RehearsalWire } from './rehearsal';

/** What a `find-last-agent` container holds between calls. */
export interface Runtime {
  config: LookupConfig;
  session: SalesforceSession;
  voiceCalls: VoiceCallRepository;
  routingMap: RoutingMapRepository;
  directory: ConnectDirectory;
  presence?: PresenceReader;
}

/** What a runtime may be built on instead of the environment and the wire (the rehearsal's). */
export interface RuntimeOptions {
  config?: LookupConfig;
  /** Canned exchanges for Salesforce and AWS in place of the network. */
  wire?: RehearsalWire;
  /** Where the Salesforce session's signing key comes from (default: inline or Secrets Manager). */
  keyProvider?: SessionOptions['keyProvider'];
}

/** Built once per container; a bad configuration is kept as an error and reported per call. */
export function createRuntime(options: RuntimeOptions = {}): Runtime | Error {
  try {
    const config = options.config ?? loadConfig();
    const session = new SalesforceSession(config.salesforce, {
      requestTimeoutMs: config.deadlineMs,
      send: options.wire?.salesforceSend,
      keyProvider: options.keyProvider,
    });
    // One attempt: throttling should surface as "status unknown" now, not after back-off. Each
    // request is aborted with the invocation's budget; the timeouts here are only a backstop.
    const connect = new ConnectClient({
      maxAttempts: 1,
      requestHandler: {
        requestTimeout: config.deadlineMs,
        throwOnRequestTimeout: true,
        connectionTimeout: Math.min(1000, config.deadlineMs),
      },
      ...options.wire?.aws,
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
              ...options.wire?.aws,
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
