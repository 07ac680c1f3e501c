/**
 * The presence table's item for one agent, built from an agent event (pure). One item per
 * instance and agent; what `find-last-agent` and preferred-agent routing read instead of calling
 * Connect's quota-limited GetCurrentUserData.
 */
import type { AgentState } from '../routing/types';
import type { AgentEvent, AgentSnapshot, InboundQueue, SnapshotContact } from './agent-event';

/** routable: can be offered contacts; offline: Connect's Offline; custom: Lunch, Break... */
export type StatusType = 'routable' | 'offline' | 'custom';

/** A contact the agent holds, as the last event showed it. */
export interface PresenceContact {
  contactId: string;
  initialContactId?: string;
  channel: string;
  state: string;
  queueArn?: string;
}

/** One agent's presence, as stored. Times are epoch milliseconds unless named `...At` ISO. */
export interface PresenceItem {
  pk: string;
  kind: 'agent';
  instanceId: string;
  /** The Connect user id (stored attribute name kept: items already in the table carry it). */
  agentId: string;
  agentArn: string;
  username?: string;
  /** False after LOGOUT: Connect no longer reports the agent. */
  loggedIn: boolean;
  statusName: string;
  statusType: StatusType;
  statusStartedAt?: string;
  nextStatusName?: string;
  nextStatusEnqueuedAt?: string;
  routingProfileArn?: string;
  routingProfileName?: string;
  /** The routing profile's inbound queues (ARN, id, channels): which queues this agent serves. */
  inboundQueues: InboundQueue[];
  /** Concurrency per channel; VOICE defaults to 1 when the record carries none. */
  maxSlotsByChannel: Record<string, number>;
  /** Slots Connect could still fill per channel (0 when another channel's contact is active). */
  freeSlotsByChannel: Record<string, number>;
  /** Connected (or on hold) contact ids by channel. */
  connectedContactsByChannel: Record<string, string[]>;
  contacts: PresenceContact[];
  lastEventId: string;
  lastEventType: string;
  /** EventTimestamp of the newest event applied. */
  lastEventAt: number;
  /**
   * `lastEventAt` and `lastEventId` in one string that sorts as the events do (timestamp, then
   * event id to break ties): writes are conditional on it. One comparison instead of three keeps
   * the condition cheap to evaluate for DynamoDB and its stand-in alike.
   */
  lastEventKey: string;
  /** DynamoDB TTL (epoch seconds): an agent who stops producing events disappears. */
  expiresAt: number;
}

export interface PresenceOptions {
  /** Status names that mean routable when the record carries no status type. */
  availableStatusNames: readonly string[];
  ttlSeconds: number;
}

const CONNECTED_STATES = new Set(['CONNECTED', 'CONNECTED_ONHOLD']);
const OFFLINE = 'offline';

/** Digits of an epoch-millisecond timestamp, zero-padded so the keys sort as numbers do. */
const EVENT_KEY_DIGITS = 15;

/** The order of an event among an agent's events: its timestamp, then its id. */
export function eventOrderKey(eventAt: number, eventId: string): string {
  return `${String(Math.max(0, Math.trunc(eventAt))).padStart(EVENT_KEY_DIGITS, '0')}#${eventId}`;
}

/** The table key of an agent's item. */
export function agentKey(instanceId: string, connectUserId: string): string {
  return `AGENT#${instanceId}#${connectUserId}`;
}

/** Whether a status name is Connect's Offline. */
export function isOfflineName(name: string | undefined): boolean {
  return name?.toLowerCase() === OFFLINE;
}

export function statusTypeOf(
  snapshot: Pick<AgentSnapshot, 'statusName' | 'statusType'>,
  availableStatusNames: readonly string[],
): StatusType {
  const t = snapshot.statusType?.toLowerCase();
  if (t === 'routable' || t === 'offline' || t === 'custom') return t;
  if (isOfflineName(snapshot.statusName)) return 'offline';
  const name = snapshot.statusName?.toLowerCase();
  return availableStatusNames.some((n) => n.toLowerCase() === name) ? 'routable' : 'custom';
}

/**
 * Free slots per channel. Without cross-channel concurrency (Connect's default) an agent with an
 * active contact on one channel is offered nothing on another, so those channels have 0.
 */
export function freeSlots(
  maxSlotsByChannel: Record<string, number>,
  contacts: readonly SnapshotContact[],
): Record<string, number> {
  const active: Record<string, number> = {};
  for (const c of contacts) active[c.channel] = (active[c.channel] ?? 0) + 1;
  const free: Record<string, number> = {};
  for (const [channel, max] of Object.entries(maxSlotsByChannel)) {
    const busyElsewhere = Object.keys(active).some((ch) => ch !== channel);
    free[channel] = busyElsewhere ? 0 : Math.max(0, max - (active[channel] ?? 0));
  }
  return free;
}

/** Builds the item an event leaves behind. */
export function presenceFromEvent(event: AgentEvent, options: PresenceOptions): PresenceItem {
  const loggedOut = event.eventType === 'LOGOUT';
  const snap = event.current;
  const contacts = loggedOut ? [] : (snap?.contacts ?? []);
  const rp = snap?.routingProfile;
  const maxSlotsByChannel = { VOICE: 1, ...(rp?.maxSlotsByChannel ?? {}) };
  const statusName = loggedOut ? 'Offline' : (snap?.statusName ?? 'Offline');
  const statusType = loggedOut
    ? 'offline'
    : statusTypeOf({ statusName, statusType: snap?.statusType }, options.availableStatusNames);
  const connectedContactsByChannel: Record<string, string[]> = {};
  for (const c of contacts) {
    if (!CONNECTED_STATES.has(c.state)) continue;
    (connectedContactsByChannel[c.channel] ??= []).push(c.contactId);
  }
  const item: PresenceItem = {
    pk: agentKey(event.instanceId, event.connectUserId),
    kind: 'agent',
    instanceId: event.instanceId,
    agentId: event.connectUserId,
    agentArn: event.agentArn,
    loggedIn: !loggedOut,
    statusName,
    statusType,
    inboundQueues: rp?.inboundQueues ?? [],
    maxSlotsByChannel,
    freeSlotsByChannel: statusType === 'routable' ? freeSlots(maxSlotsByChannel, contacts) : {},
    connectedContactsByChannel,
    contacts: contacts.map((c) => ({ ...c })),
    lastEventId: event.eventId,
    lastEventType: event.eventType,
    lastEventAt: event.eventAt,
    lastEventKey: eventOrderKey(event.eventAt, event.eventId),
    expiresAt: Math.floor(event.eventAt / 1000) + options.ttlSeconds,
  };
  // DynamoDB rejects undefined attribute values: only set what is known.
  const optional: Partial<PresenceItem> = {
    username: snap?.username,
    statusStartedAt: loggedOut ? new Date(event.eventAt).toISOString() : snap?.statusStartedAt,
    nextStatusName: loggedOut ? undefined : snap?.nextStatusName,
    nextStatusEnqueuedAt: loggedOut ? undefined : snap?.nextStatusEnqueuedAt,
    routingProfileArn: rp?.arn,
    routingProfileName: rp?.name,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(item, { [k]: v });
  return item;
}

/** The lookup's view of an item: the same shape GetCurrentUserData gives it. */
export function agentStateOf(item: PresenceItem): AgentState {
  if (!item.loggedIn) return { loggedIn: false };
  return {
    loggedIn: true,
    statusName: item.statusName,
    nextStatus: item.nextStatusName,
    availableVoiceSlots: item.freeSlotsByChannel.VOICE ?? 0,
    // The snapshot's voice queues answer "does the agent serve the last queue?" with no Connect
    // request; a record without them leaves the question to Connect's routing profile.
    ...(item.inboundQueues.length > 0
      ? {
          inboundQueueArns: item.inboundQueues
            .filter((q) => q.channels.length === 0 || q.channels.includes('VOICE'))
            .map((q) => q.arn),
        }
      : {}),
    ...(item.routingProfileArn ? { routingProfileId: item.routingProfileArn.split('/').pop() } : {}),
  };
}
