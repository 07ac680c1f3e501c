/**
 * Agent events per second through the bundled `agent-events` handler, in its own process, into the
 * sandbox's presence table: batches of 100 records from 200 agents, as a busy stream delivers them.
 * The handler writes to dynalite itself, not through the sandbox's journal front: the figure is
 * the handler's and the table's, not the test instrument's.
 */
import { randomUUID } from 'node:crypto';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { agentEventRecord } from '../sandbox/connect/agent-events';
import { LambdaContainer } from '../sandbox/presence/lambda-container';
import type { Sandbox } from '../sandbox/sandbox';

const AGENTS = 200;
const BATCHES = 30;
const BATCH_SIZE = 100;

export async function measureAgentEvents(
  sandbox: Sandbox,
  bundle: string,
): Promise<{ perSecond: number; batches: number; failures: number }> {
  const dynamo = sandbox.presence?.standIns.dynamoUrl;
  if (!dynamo) throw new Error('the agent-event benchmark needs the sandbox with presence on');
  const container = new LambdaContainer(bundle, {
    ...process.env,
    ...sandbox.env,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo,
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  try {
    const agents = Array.from({ length: AGENTS }, () => randomUUID());
    const data = sandbox.data.connect;
    const start = Date.now();
    let seq = 0;
    const batch = (b: number): KinesisStreamEvent => ({
      Records: Array.from({ length: BATCH_SIZE }, (_, i) => {
        const userId = agents[(b * BATCH_SIZE + i) % AGENTS] as string;
        const state = {
          userId,
          status: i % 3 === 0 ? 'Lunch' : 'Available',
          statusStartedAt: new Date(start).toISOString(),
          availableVoiceSlots: 1,
          maxVoiceSlots: 1,
        };
        seq += 1;
        const record = agentEventRecord(data, 'STATE_CHANGE', userId, state, state, new Date(start + seq));
        return {
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `shardId-000000000000:${seq}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: 'arn:aws:iam::123456789012:role/agent-events',
          awsRegion: 'us-east-1',
          eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/agent-events',
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: String(record.AgentARN),
            sequenceNumber: String(seq),
            data: Buffer.from(JSON.stringify(record)).toString('base64'),
            approximateArrivalTimestamp: start / 1000,
          },
        };
      }),
    });
    // A first batch warms the container (connections, JIT), as a long-running consumer is.
    await container.invoke<KinesisStreamBatchResponse>(batch(0));
    let failures = 0;
    let ms = 0;
    for (let b = 1; b <= BATCHES; b++) {
      const event = batch(b);
      const t0 = performance.now();
      const res = await container.invoke<KinesisStreamBatchResponse>(event);
      ms += performance.now() - t0;
      failures += res.batchItemFailures.length;
    }
    if (failures > 0) throw new Error(`agent-events reported ${failures} failed records`);
    return { perSecond: Math.round((BATCHES * BATCH_SIZE) / (ms / 1000)), batches: BATCHES, failures };
  } finally {
    container.close();
  }
}
