/**
 * Typed read of an agent's presence, for the lookup and for routing decisions (which queues the
 * agent serves, free slots per channel). Freshness is the caller's call: the item says how old
 * its newest event is.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { agentKey, type PresenceItem } from './presence-item';
import { PresenceTable } from './presence-table';

export interface PresenceRead {
  item: PresenceItem;
  /** Milliseconds since the newest event (state change or heartbeat) the item reflects. */
  ageMs: number;
}

export class PresenceReader {
  private readonly table: PresenceTable;
  /** Round trips made, for logs and the benchmark. */
  public requests = 0;

  public constructor(
    client: DynamoDBClient,
    tableName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.table = new PresenceTable(client, tableName);
  }

  /** The agent's item and its age; undefined when the table has none. */
  public async get(
    instanceId: string,
    connectUserId: string,
    signal?: AbortSignal,
  ): Promise<PresenceRead | undefined> {
    this.requests += 1;
    const item = await this.table.getAgent(agentKey(instanceId, connectUserId), signal);
    if (!item || item.kind !== 'agent') return undefined;
    return { item, ageMs: Math.max(0, this.now() - item.lastEventAt) };
  }
}
