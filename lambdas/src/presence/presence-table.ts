/**
 * The presence table (DynamoDB, key `pk`): agent items written conditionally on the event
 * timestamp, and chat handover markers that make "mark this chat" happen once per contact.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PresenceItem } from './presence-item';

/** What a conditional write did: applied, or skipped as older than / the same as what is stored. */
export type WriteOutcome = 'applied' | 'stale' | 'duplicate';

/** A chat handover marker's claim: taken now, already done, or held by another attempt. */
export type ClaimOutcome = { claimed: true; token: string } | { claimed: false; state: 'done' | 'busy' };

/** A claim older than this is taken over: the attempt that held it died between its steps. */
const CLAIM_LEASE_MS = 30_000;
/** Markers outlive any chat (Connect chats last at most 7 days). */
const MARKER_TTL_SECONDS = 8 * 24 * 3600;

export function chatMarkerKey(instanceId: string, contactId: string): string {
  return `CHAT#${instanceId}#${contactId}`;
}

function isConditionFailure(e: unknown): boolean {
  return (
    e instanceof ConditionalCheckFailedException || (e as Error)?.name === 'ConditionalCheckFailedException'
  );
}

export class PresenceTable {
  private readonly doc: DynamoDBDocumentClient;

  public constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    // The SDK's logger step filters every input and output for sensitive fields before handing
    // them to a logger that, here, discards them: about a twentieth of a record's CPU.
    // Stryker disable next-line StringLiteral: CPU only; the step it removes writes to a logger that discards
    this.doc.middlewareStack.remove('loggerMiddleware');
  }

  /**
   * Writes the item unless the stored one comes from a newer event (or the same event: a
   * redelivery). Ties on the timestamp are broken by event id so every replica converges.
   */
  public async apply(item: PresenceItem, signal?: AbortSignal): Promise<WriteOutcome> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          // An item without the key (none yet, or written before it existed) takes the event.
          ConditionExpression: 'attribute_not_exists(lastEventKey) OR lastEventKey < :key',
          ExpressionAttributeValues: { ':key': item.lastEventKey },
          // DynamoDB returns the stored item with the failure, saving a read per stale event.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        { abortSignal: signal },
      );
      return 'applied';
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // The error's item is in wire form (the document client does not convert errors); a
      // service that does not return it is asked.
      const returned = (e as { Item?: { lastEventId?: { S?: string } } }).Item;
      const storedId = returned
        ? returned.lastEventId?.S
        : (await this.getItem<PresenceItem>(item.pk, signal))?.lastEventId;
      return storedId === item.lastEventId ? 'duplicate' : 'stale';
    }
  }

  /** An agent's item (an eventually consistent read: the lookup takes an item a moment old); undefined when there is none. */
  public async getAgent(pk: string, signal?: AbortSignal): Promise<PresenceItem | undefined> {
    return this.getItem<PresenceItem>(pk, signal, false);
  }

  /** Takes the marker of one chat so only this attempt marks it. */
  public async claimChat(markerKey: string, now: number, signal?: AbortSignal): Promise<ClaimOutcome> {
    const token = `${now}-${Math.random().toString(36).slice(2, 10)}`;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: markerKey,
            kind: 'chat-handover',
            state: 'claimed',
            claimToken: token,
            claimedAt: now,
            expiresAt: Math.floor(now / 1000) + MARKER_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#s = :claimed AND claimedAt < :cutoff)',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':cutoff': now - CLAIM_LEASE_MS },
        }),
        { abortSignal: signal },
      );
      return { claimed: true, token };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const stored = await this.getItem<{ state?: string }>(markerKey, signal);
      return { claimed: false, state: stored?.state === 'claimed' ? 'busy' : 'done' };
    }
  }

  /** Records the outcome of a claimed chat: done (marked) or gone (the contact no longer exists). */
  public async completeChat(
    markerKey: string,
    token: string,
    outcome: { state: 'done' | 'gone'; connectUserId: string; at: number },
    signal?: AbortSignal,
  ): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: markerKey },
        UpdateExpression: 'SET #s = :state, agentId = :agent, doneAt = :at',
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: {
          ':state': outcome.state,
          ':agent': outcome.connectUserId,
          ':at': outcome.at,
          ':token': token,
        },
      }),
      { abortSignal: signal },
    );
  }

  /** Gives a claim back after a failed attempt, so the retry can take it at once. */
  public async releaseChat(markerKey: string, token: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: markerKey },
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
        { abortSignal: signal },
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }

  private async getItem<T>(pk: string, signal?: AbortSignal, consistent = true): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk }, ConsistentRead: consistent }),
      { abortSignal: signal },
    );
    return out.Item as T | undefined;
  }
}
