/**
 * Puts the Connect emulator's agent events on the Kinesis stand-in, in order, partitioned by agent
 * ARN as Connect does, and sends each logged-in agent's HEART_BEAT when nothing else was published
 * for them for a heartbeat interval (Connect: 120 s).
 */
import { PutRecordCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { ConnectData, ConnectUserState } from '../sample-data';
import { agentEventRecord, type AgentEventType } from '../connect/agent-events';

export const CONNECT_HEARTBEAT_SECONDS = 120;

export class AgentEventPublisher {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly lastPublishedAt = new Map<string, number>();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private lastSequence: string | undefined;
  /** Records put, and put failures (logged to stderr; the sandbox keeps running). */
  public published = 0;
  public failed = 0;
  /** Called after each put (the sandbox wakes its poller). */
  public onPut: (() => void) | undefined;

  public constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    private readonly data: ConnectData,
    private readonly heartbeatMs = CONNECT_HEARTBEAT_SECONDS * 1000,
  ) {}

  /** Queues one event; puts happen one at a time so a shard sees them in publishing order. */
  public publish(
    type: AgentEventType,
    userId: string,
    current: ConnectUserState | undefined,
    previous: ConnectUserState | undefined,
  ): void {
    const record = agentEventRecord(this.data, type, userId, current, previous);
    this.lastPublishedAt.set(userId, Date.now());
    this.chain = this.chain.then(async () => {
      try {
        const out = await this.kinesis.send(
          new PutRecordCommand({
            StreamName: this.streamName,
            PartitionKey: String(record.AgentARN),
            Data: Buffer.from(JSON.stringify(record)),
          }),
        );
        this.published += 1;
        this.lastSequence = out.SequenceNumber;
        this.onPut?.();
      } catch (e) {
        this.failed += 1;
        console.error(`sandbox: agent event for ${userId} not published: ${(e as Error).message}`);
      }
    });
  }

  /** Resolves once every queued event is on the stream, with the last sequence number put. */
  public async flush(): Promise<string | undefined> {
    await this.chain;
    return this.lastSequence;
  }

  /** Heartbeats for agents who have been quiet for the interval (checked a few times per interval). */
  public startHeartbeats(): void {
    const tick = Math.max(50, Math.min(5_000, Math.floor(this.heartbeatMs / 4)));
    this.heartbeatTimer = setInterval(() => {
      const now = Date.now();
      for (const s of this.data.userStates) {
        if (now - (this.lastPublishedAt.get(s.userId) ?? 0) >= this.heartbeatMs)
          this.publish('HEART_BEAT', s.userId, s, s);
      }
    }, tick);
    this.heartbeatTimer.unref();
  }

  public async close(): Promise<void> {
    clearInterval(this.heartbeatTimer);
    await this.chain;
  }
}
