/**
 * The sandbox's Kinesis event source mapping against kinesalite: partial batch responses are
 * honoured as Lambda honours them (retry from the lowest failed sequence number; after the retries,
 * the record goes to the on-failure list and the rest carry on).
 */
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { startAwsStandIns, type AwsStandIns } from '../../scripts/sandbox/presence/aws-stand-ins';
import { EventSourcePoller } from '../../scripts/sandbox/presence/poller';

describe('EventSourcePoller', () => {
  let aws: AwsStandIns;

  beforeAll(async () => {
    aws = await startAwsStandIns('us-east-1');
  });
  afterAll(async () => {
    await aws.close();
  });

  it('retries from the first failed record and gives up on a poison record after its retries', async () => {
    // Prepare
    const seen: string[] = [];
    let failPoisonTimes = 0;
    let failThirdOnce = true;
    const poller = new EventSourcePoller({
      kinesis: aws.kinesis,
      streamName: aws.streamName,
      streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/x',
      region: 'us-east-1',
      maxRetries: 2,
      invoke: async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
        const failures: { itemIdentifier: string }[] = [];
        for (const r of event.Records) {
          const body = Buffer.from(r.kinesis.data, 'base64').toString();
          if (body === 'poison') {
            failPoisonTimes += 1;
            failures.push({ itemIdentifier: r.kinesis.sequenceNumber });
            break;
          }
          if (body === 'r3' && failThirdOnce) {
            failThirdOnce = false;
            failures.push({ itemIdentifier: r.kinesis.sequenceNumber });
            break;
          }
          seen.push(body);
        }
        return { batchItemFailures: failures };
      },
    });
    let last: string | undefined;
    for (const body of ['r1', 'r2', 'r3', 'poison', 'r5']) {
      last = (
        await aws.kinesis.send(
          new PutRecordCommand({ StreamName: aws.streamName, PartitionKey: 'a', Data: Buffer.from(body) }),
        )
      ).SequenceNumber;
    }

    // Act
    poller.start();
    poller.wake();
    await poller.processedThrough(last, 20_000);
    await poller.close();

    // Assess
    expect(seen).toEqual(['r1', 'r2', 'r3', 'r5']);
    expect(failPoisonTimes).toBe(3);
    expect(poller.onFailure).toHaveLength(1);
    expect(poller.onFailure[0]?.attempts).toBe(3);
  });
});
