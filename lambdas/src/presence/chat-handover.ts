/**
 * Chat handover (seed 003). Connect has no API that moves an active CHAT contact away from its
 * agent: TransferContact takes TASK and EMAIL only, StopContact ends the chat for the customer too,
 * DisconnectParticipant needs the participant's own token. What works is to mark the contact with
 * attributes its disconnect flow reads: when the agent leaves, the flow tells the customer and puts
 * the chat back in its queue with raised priority.
 *
 * Each chat is marked once: a conditional marker in the presence table is claimed before
 * UpdateContactAttributes and completed after it, so a redelivered event finds it done.
 */
import type { AgentEvent, SnapshotContact } from './agent-event';
import { isOfflineName } from './presence-item';
import { chatMarkerKey, type PresenceTable } from './presence-table';

/** Contact attributes the chat disconnect flow reads (`$.Attributes.agentGoingOffline`). */
export const HANDOVER_ATTRIBUTES = {
  flag: 'agentGoingOffline',
  at: 'agentGoingOfflineAt',
  /** The Connect user id of the agent going offline (attribute name kept: flows read it). */
  connectUserId: 'agentGoingOfflineAgentId',
} as const;

/** The Connect call the handover needs: UpdateContactAttributes. */
export interface ContactAttributesPort {
  update(
    input: { instanceId: string; initialContactId: string; attributes: Record<string, string> },
    signal?: AbortSignal,
  ): Promise<void>;
}

/** Connect refused the contact itself (ended, unknown): retrying cannot help. */
export class ContactGoneError extends Error {
  public override readonly name = 'ContactGoneError';
}

const HELD_STATES = new Set(['CONNECTED', 'CONNECTED_ONHOLD']);

/**
 * The chats to hand over: the agent's connected CHAT contacts, when their next status is Offline
 * or they are already Offline (or logged out) while still holding them.
 */
export function chatsToHandOver(event: AgentEvent): SnapshotContact[] {
  const snap = event.current;
  if (!snap) return [];
  const goingOffline =
    isOfflineName(snap.nextStatusName) ||
    isOfflineName(snap.statusName) ||
    snap.statusType?.toLowerCase() === 'offline';
  if (!goingOffline) return [];
  return snap.contacts.filter((c) => c.channel === 'CHAT' && HELD_STATES.has(c.state));
}

export interface HandoverResult {
  marked: number;
  alreadyDone: number;
  gone: number;
}

/** Marks each chat once. Throws (a retryable record failure) when a chat could not be marked yet. */
export async function handOverChats(
  event: AgentEvent,
  chats: readonly SnapshotContact[],
  deps: { table: PresenceTable; contacts: ContactAttributesPort; now: () => number; signal?: AbortSignal },
): Promise<HandoverResult> {
  const result: HandoverResult = { marked: 0, alreadyDone: 0, gone: 0 };
  for (const chat of chats) {
    const key = chatMarkerKey(event.instanceId, chat.contactId);
    const claim = await deps.table.claimChat(key, deps.now(), deps.signal);
    if (!claim.claimed) {
      if (claim.state === 'done') {
        result.alreadyDone += 1;
        continue;
      }
      throw new Error(`chat ${chat.contactId} is being handed over by another attempt`);
    }
    // A chat that ended meanwhile needs no mark, but its marker is completed all the same, so a
    // redelivered event does not try again.
    let state: 'done' | 'gone' = 'done';
    try {
      await deps.contacts.update(
        {
          instanceId: event.instanceId,
          initialContactId: chat.initialContactId ?? chat.contactId,
          attributes: {
            [HANDOVER_ATTRIBUTES.flag]: 'true',
            [HANDOVER_ATTRIBUTES.at]: new Date(event.eventAt).toISOString(),
            [HANDOVER_ATTRIBUTES.connectUserId]: event.connectUserId,
          },
        },
        deps.signal,
      );
    } catch (e) {
      if (!(e instanceof ContactGoneError)) {
        await deps.table.releaseChat(key, claim.token, deps.signal).catch(() => undefined);
        throw e;
      }
      state = 'gone';
    }
    await deps.table.completeChat(
      key,
      claim.token,
      { state, connectUserId: event.connectUserId, at: deps.now() },
      deps.signal,
    );
    if (state === 'done') result.marked += 1;
    else result.gone += 1;
  }
  return result;
}
