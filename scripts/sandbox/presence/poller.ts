/**
 * A small Kinesis event source mapping: reads the stream's shard (GetShardIterator, GetRecords),
 * hands batches to a Lambda handler and honours its partial batch response the way Lambda does
 * with ReportBatchItemFailures: the batch is retried from the lowest failed sequence number;
 * after `maxRetries` the failed record goes to the on-failure list and the rest carry on.
 */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export interface PollerOptions {
  kinesis: KinesisClient;
  streamName: string;
  streamArn: string;
  region: string;
  invoke: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | undefined>;
  batchSize?: number;
  /** Wait between empty reads (Lambda polls a shard about once a second); `wake()` cuts it short. */
  pollMs?: number;
  maxRetries?: number;
}

/** A record the mapping gave up on (Lambda's on-failure destination). */
export interface FailedRecord {
  sequenceNumber: string;
  partitionKey: string;
  attempts: number;
}

const seqLess = (a: string, b: string): boolean => BigInt(a) < BigInt(b);

export class EventSourcePoller {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private checkpoint: string | undefined;
  private readonly waiters: { seq: string; resolve: () => void }[] = [];
  public invocations = 0;
  public recordsDelivered = 0;
  public readonly onFailure: FailedRecord[] = [];
  public lastError: string | undefined;
  private wakeUp: (() => void) | undefined;
  /** A put landed while a read was in flight: read again before sleeping. */
  private woken = false;

  public constructor(private readonly o: PollerOptions) {}

  public start(): void {
    this.loop = this.run().catch((e: unknown) => {
      this.lastError = (e as Error).message;
      if (!this.stopped) console.error(`sandbox: agent event poller stopped: ${(e as Error).message}`);
    });
  }

  /** Resolves once every record up to `seq` has been handled (or given up on); bounded by timeoutMs. */
  public async processedThrough(seq: string | undefined, timeoutMs = 20_000): Promise<void> {
    if (!seq || (this.checkpoint && !seqLess(this.checkpoint, seq))) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`agent events not processed within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Reads the shard now (the sandbox's publisher calls it after a put, so nobody waits a poll). */
  public wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  public async close(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private advance(seq: string): void {
    this.checkpoint = seq;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i] as { seq: string; resolve: () => void };
      if (!seqLess(seq, w.seq)) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  private async run(): Promise<void> {
    const { kinesis, streamName } = this.o;
    const shards = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
    const shardId = shards.Shards?.[0]?.ShardId;
    if (!shardId) throw new Error(`stream ${streamName} has no shard`);
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (!this.stopped && iterator) {
      const out = await kinesis.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: this.o.batchSize ?? 100 }),
      );
      iterator = out.NextShardIterator;
      const records = out.Records ?? [];
      if (records.length === 0) {
        if (this.woken) {
          this.woken = false;
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.o.pollMs ?? 1000);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
        continue;
      }
      await this.deliver(
        records.map((r) =>
          this.lambdaRecord(
            shardId,
            r.SequenceNumber ?? '0',
            r.PartitionKey ?? '',
            r.Data,
            r.ApproximateArrivalTimestamp,
          ),
        ),
      );
    }
  }

  private lambdaRecord(
    shardId: string,
    seq: string,
    partitionKey: string,
    data: Uint8Array | undefined,
    at: Date | undefined,
  ): KinesisStreamRecord {
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey,
        sequenceNumber: seq,
        data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
        approximateArrivalTimestamp: (at ?? new Date()).getTime() / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${seq}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${this.o.streamArn.split(':')[4]}:role/agent-events`,
      awsRegion: this.o.region,
      eventSourceARN: this.o.streamArn,
    };
  }

  /** One batch through the handler, retried from its lowest failure as Lambda does. */
  private async deliver(batch: KinesisStreamRecord[]): Promise<void> {
    let remaining = batch;
    let attempts = 0;
    while (remaining.length > 0 && !this.stopped) {
      this.invocations += 1;
      let failedFrom: number;
      try {
        const res = await this.o.invoke({ Records: remaining });
        const failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        failedFrom = remaining.findIndex((r) => failed.has(r.kinesis.sequenceNumber));
        // An identifier that is no record of the batch fails the whole batch, as in Lambda.
        if (failed.size > 0 && failedFrom < 0) failedFrom = 0;
      } catch (e) {
        this.lastError = (e as Error).message;
        failedFrom = 0;
      }
      const done = failedFrom < 0 ? remaining : remaining.slice(0, failedFrom);
      this.recordsDelivered += done.length;
      const last = done[done.length - 1];
      if (last) this.advance(last.kinesis.sequenceNumber);
      if (failedFrom < 0) return;
      remaining = remaining.slice(failedFrom);
      if (done.length > 0) attempts = 0;
      attempts += 1;
      if (attempts > (this.o.maxRetries ?? 3)) {
        const [gaveUp, ...rest] = remaining as [KinesisStreamRecord, ...KinesisStreamRecord[]];
        this.onFailure.push({
          sequenceNumber: gaveUp.kinesis.sequenceNumber,
          partitionKey: gaveUp.kinesis.partitionKey,
          attempts,
        });
        console.error(
          `sandbox: agent event ${gaveUp.kinesis.sequenceNumber} failed ${attempts} times; sent to the on-failure list`,
        );
        this.advance(gaveUp.kinesis.sequenceNumber);
        remaining = rest;
        attempts = 0;
        continue;
      }
      await this.sleep(Math.min(2_000, 100 * 2 ** (attempts - 1)));
    }
  }
}
