/**
 * DynamoDB (dynalite) and Kinesis (kinesalite) on 127.0.0.1, in memory, with the presence table
 * and the agent event stream created as the CDK app creates them (key `pk`, TTL `expiresAt`;
 * one shard). The AWS SDK talks to them over real HTTP with `AWS_ENDPOINT_URL_DYNAMODB` and
 * `AWS_ENDPOINT_URL_KINESIS`.
 */
import type { AddressInfo, Server } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';

// Local runs may be on Node 20 (deployed Lambdas run nodejs22.x): the SDK's notice is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const PRESENCE_TABLE_NAME = 'scv-last-agent-presence';
export const AGENT_EVENTS_STREAM_NAME = 'scv-last-agent-agent-events';

export interface AwsStandIns {
  dynamoUrl: string;
  kinesisUrl: string;
  tableName: string;
  streamName: string;
  dynamo: DynamoDBClient;
  kinesis: KinesisClient;
  close(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what} did not become active`);
}

/** A client for the stand-ins; Kinesis over HTTP/1.1 (kinesalite has no HTTP/2). */
export function sandboxKinesisClient(url: string, region: string): KinesisClient {
  return new KinesisClient({
    region,
    endpoint: url,
    credentials: CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
  });
}

export async function startAwsStandIns(region: string): Promise<AwsStandIns> {
  const ddbServer: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const kinServer: Server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 10,
  });
  const dynamoUrl = await listen(ddbServer);
  const kinesisUrl = await listen(kinServer);
  const dynamo = new DynamoDBClient({ region, endpoint: dynamoUrl, credentials: CREDENTIALS });
  const kinesis = sandboxKinesisClient(kinesisUrl, region);
  const close = async (): Promise<void> => {
    dynamo.destroy();
    kinesis.destroy();
    await Promise.all([ddbServer, kinServer].map((s) => new Promise<void>((r) => s.close(() => r()))));
  };
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: PRESENCE_TABLE_NAME,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await until(
      async () =>
        (await dynamo.send(new DescribeTableCommand({ TableName: PRESENCE_TABLE_NAME }))).Table
          ?.TableStatus === 'ACTIVE',
      'the presence table',
    );
    // dynalite does not expire items; the call documents the table as deployed (and may be refused).
    await dynamo
      .send(
        new UpdateTimeToLiveCommand({
          TableName: PRESENCE_TABLE_NAME,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      )
      .catch(() => undefined);
    await kinesis.send(new CreateStreamCommand({ StreamName: AGENT_EVENTS_STREAM_NAME, ShardCount: 1 }));
    await until(
      async () =>
        (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: AGENT_EVENTS_STREAM_NAME })))
          .StreamDescriptionSummary?.StreamStatus === 'ACTIVE',
      'the agent event stream',
    );
  } catch (e) {
    await close();
    throw e;
  }
  return {
    dynamoUrl,
    kinesisUrl,
    tableName: PRESENCE_TABLE_NAME,
    streamName: AGENT_EVENTS_STREAM_NAME,
    dynamo,
    kinesis,
    close,
  };
}
