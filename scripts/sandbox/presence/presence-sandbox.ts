/**
 * Agent presence in the sandbox, end to end as in production: the Connect emulator's agent events
 * go to a Kinesis stream (kinesalite), an event-source poller hands them in batches to the bundled
 * `agent-events` Lambda (its own process), which writes the presence table (dynalite) and marks
 * chats through the Connect emulator.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildLambdas } from '../../build';
import type { ConnectData } from '../sample-data';
import { SANDBOX_ACCOUNT_ID } from '../sample-data';
import type { BaseFaults, EmulatorServer } from '../emulator-server';
import { startAwsStandIns, type AwsStandIns } from './aws-stand-ins';
import { startDynamoProxy } from './dynamo-proxy';
import { LambdaContainer } from './lambda-container';
import { EventSourcePoller } from './poller';
import { AgentEventPublisher, CONNECT_HEARTBEAT_SECONDS } from './publisher';

const root = path.resolve(__dirname, '../../..');
export const AGENT_EVENTS_BUNDLE = path.join(root, 'dist/lambdas/agent-events/index.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The bundle `npm run build` makes; built here when missing or older than the Lambda sources. */
export async function ensureAgentEventsBundle(): Promise<string> {
  const fresh =
    existsSync(AGENT_EVENTS_BUNDLE) &&
    statSync(AGENT_EVENTS_BUNDLE).mtimeMs >= newestSource(path.join(root, 'lambdas/src'));
  if (!fresh) await buildLambdas(['agent-events']);
  return AGENT_EVENTS_BUNDLE;
}

export interface PresenceSandbox {
  standIns: AwsStandIns;
  /** DynamoDB as the Lambdas reach it: journal, latency and outage faults in front of dynalite. */
  dynamo: EmulatorServer<BaseFaults>;
  publisher: AgentEventPublisher;
  poller?: EventSourcePoller;
  /** What a Lambda needs to reach the table and the stream. */
  env: Record<string, string>;
  /** Starts the Lambda container and the poller (once the Connect emulator's URL is known). */
  startConsumer(lambdaEnv: Record<string, string>): Promise<void>;
  /** Resolves once every event published so far has been through the Lambda. */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startPresenceSandbox(
  data: ConnectData,
  region: string,
  options: { heartbeatSeconds?: number } = {},
): Promise<PresenceSandbox> {
  const bundle = await ensureAgentEventsBundle();
  const standIns = await startAwsStandIns(region);
  const dynamo = await startDynamoProxy(standIns.dynamoUrl);
  const publisher = new AgentEventPublisher(
    standIns.kinesis,
    standIns.streamName,
    data,
    (options.heartbeatSeconds ?? CONNECT_HEARTBEAT_SECONDS) * 1000,
  );
  let container: LambdaContainer | undefined;
  const sandbox: PresenceSandbox = {
    standIns,
    dynamo,
    publisher,
    env: {
      PRESENCE_TABLE: standIns.tableName,
      AGENT_EVENTS_STREAM: standIns.streamName,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_ENDPOINT_URL_KINESIS: standIns.kinesisUrl,
    },
    async startConsumer(lambdaEnv) {
      container = new LambdaContainer(bundle, {
        ...process.env,
        ...lambdaEnv,
        POWERTOOLS_SERVICE_NAME: 'agent-events',
      });
      sandbox.poller = new EventSourcePoller({
        kinesis: standIns.kinesis,
        streamName: standIns.streamName,
        streamArn: `arn:aws:kinesis:${region}:${SANDBOX_ACCOUNT_ID}:stream/${standIns.streamName}`,
        region,
        invoke: (event) => (container as LambdaContainer).invoke(event),
      });
      sandbox.poller.start();
      publisher.onPut = () => sandbox.poller?.wake();
      publisher.startHeartbeats();
    },
    async settle(timeoutMs = 20_000) {
      const last = await publisher.flush();
      await sandbox.poller?.processedThrough(last, timeoutMs);
    },
    async close() {
      await publisher.close();
      await sandbox.poller?.close();
      container?.close();
      await dynamo.close();
      await standIns.close();
    },
  };
  return sandbox;
}
