/**
 * The Connect emulator's agent event stream: records shaped like the ones Amazon Connect puts on
 * the agent events Kinesis stream (see AWS's "Agent event stream" sample), built from the
 * emulator's user state, and the admin routes that change an agent's state from outside.
 *
 *   POST   /__sandbox/agents/{userId}  {status?, nextStatus?: string|null, contacts?, availableVoiceSlots?}
 *   DELETE /__sandbox/agents/{userId}  logs the agent out (LOGOUT)
 *   GET    /__sandbox/agents           every logged-in agent's state
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse } from '../emulator-server';
import type { ConnectAgentContact, ConnectData, ConnectUserState } from '../sample-data';
import { SANDBOX_ACCOUNT_ID } from '../sample-data';
import type { AgentChange, ConnectEmulator } from './connect-emulator';

export type AgentEventType = 'STATE_CHANGE' | 'HEART_BEAT' | 'LOGIN' | 'LOGOUT';

/** Chats per agent in the sandbox's routing profile (voice is always 1 in Connect). */
const CHAT_SLOTS = 2;

function statusArn(data: ConnectData, name: string): string {
  return `${data.instanceArn}/agent-state/${name.toLowerCase() === 'offline' ? 'offline' : name.toLowerCase()}`;
}

/**
 * The routing profile as the stream shows it: the agent's own profile (the one GetCurrentUserData
 * and ListRoutingProfileQueues report) with the standard queues it serves, voice and chat.
 */
export function routingProfileOf(data: ConnectData, s: ConnectUserState): Record<string, unknown> {
  const queue = (id: string, name: string) => ({
    ARN: `${data.instanceArn}/queue/${id}`,
    Name: name,
    Channels: ['VOICE', 'CHAT'],
  });
  const user = data.users.find((u) => u.id === s.userId);
  const profile =
    data.routingProfiles.find((p) => p.id === user?.routingProfileId) ?? data.routingProfiles[0];
  const served = data.queues.filter(
    (q) => q.queueType === 'STANDARD' && (profile?.queueNames.includes(q.name) ?? false),
  );
  const first = served[0];
  return {
    ARN: `${data.instanceArn}/routing-profile/${profile?.id ?? ''}`,
    Name: profile?.name ?? '',
    Concurrency: [
      { Channel: 'VOICE', MaximumSlots: s.maxVoiceSlots, AvailableSlots: s.availableVoiceSlots },
      { Channel: 'CHAT', MaximumSlots: CHAT_SLOTS, AvailableSlots: CHAT_SLOTS },
    ],
    DefaultOutboundQueue: first ? queue(first.id, first.name) : null,
    InboundQueues: served.map((q) => queue(q.id, q.name)),
  };
}

function contactOf(data: ConnectData, c: ConnectAgentContact, at: string): Record<string, unknown> {
  const q = data.queues.find((x) => x.id === c.queueId) ?? data.queues[0];
  return {
    Channel: c.channel,
    ConnectedToAgentTimestamp: c.state === 'CONNECTED' || c.state === 'CONNECTED_ONHOLD' ? at : null,
    ContactId: c.contactId,
    InitialContactId: c.initialContactId ?? c.contactId,
    InitiationMethod: 'API',
    Queue: q ? { ARN: `${data.instanceArn}/queue/${q.id}`, Name: q.name } : null,
    QueueTimestamp: at,
    State: c.state,
    StateStartTimestamp: at,
  };
}

/** A snapshot of one agent; "null" strings where Connect writes them. */
export function snapshotOf(data: ConnectData, s: ConnectUserState, at: string): Record<string, unknown> {
  const user = data.users.find((u) => u.id === s.userId);
  return {
    AgentStatus: { ARN: statusArn(data, s.status), Name: s.status, StartTimestamp: s.statusStartedAt },
    NextAgentStatus: s.nextStatus
      ? { ARN: statusArn(data, s.nextStatus), Name: s.nextStatus, EnqueuedTimestamp: at }
      : null,
    Configuration: {
      AgentHierarchyGroups: null,
      FirstName: user?.firstName ?? '',
      LastName: user?.lastName ?? '',
      Proficiencies: [],
      RoutingProfile: routingProfileOf(data, s),
      Username: user?.username ?? '',
    },
    Contacts: (s.contacts ?? []).map((c) => contactOf(data, c, at)),
  };
}

/** One agent event record's data, as Connect writes it. */
export function agentEventRecord(
  data: ConnectData,
  type: AgentEventType,
  userId: string,
  current: ConnectUserState | undefined,
  previous: ConnectUserState | undefined,
  at: Date = new Date(),
): Record<string, unknown> {
  const iso = at.toISOString();
  const offline: ConnectUserState = {
    userId,
    status: 'Offline',
    statusStartedAt: iso,
    availableVoiceSlots: 0,
    maxVoiceSlots: current?.maxVoiceSlots ?? previous?.maxVoiceSlots ?? 1,
  };
  return {
    AWSAccountId: SANDBOX_ACCOUNT_ID,
    AgentARN: `${data.instanceArn}/agent/${userId}`,
    CurrentAgentSnapshot: snapshotOf(data, current ?? offline, iso),
    EventId: randomUUID(),
    EventTimestamp: iso,
    EventType: type,
    InstanceARN: data.instanceArn,
    // Connect leaves the previous snapshot out of LOGIN and LOGOUT records.
    ...(type === 'STATE_CHANGE' || type === 'HEART_BEAT'
      ? { PreviousAgentSnapshot: snapshotOf(data, previous ?? current ?? offline, iso) }
      : {}),
    Version: '2019-05-25',
  };
}

/** The event a state change publishes. */
export function eventTypeOf(change: AgentChange): AgentEventType {
  if (!change.previous) return 'LOGIN';
  if (!change.current) return 'LOGOUT';
  return 'STATE_CHANGE';
}

const CONTACT_STATES = new Set(['CONNECTING', 'CONNECTED', 'CONNECTED_ONHOLD', 'ENDED']);
const CHANNELS = new Set(['VOICE', 'CHAT', 'TASK']);

function parseContacts(v: unknown): ConnectAgentContact[] {
  if (!Array.isArray(v)) throw new Error('contacts must be a list');
  return v.map((c: Record<string, unknown>) => {
    if (typeof c?.contactId !== 'string' || !c.contactId) throw new Error('every contact needs a contactId');
    const channel = String(c.channel ?? 'VOICE');
    const state = String(c.state ?? 'CONNECTED');
    if (!CHANNELS.has(channel)) throw new Error(`unknown channel ${channel}`);
    if (!CONTACT_STATES.has(state)) throw new Error(`unknown contact state ${state}`);
    return {
      contactId: c.contactId,
      ...(typeof c.initialContactId === 'string' ? { initialContactId: c.initialContactId } : {}),
      channel: channel as ConnectAgentContact['channel'],
      state: state as ConnectAgentContact['state'],
      ...(typeof c.queueId === 'string' ? { queueId: c.queueId } : {}),
    };
  });
}

/** The admin routes; each change goes through the emulator's setUserState, which publishes it. */
export function agentAdminRoutes(
  emulator: () => ConnectEmulator,
): (req: EmulatorRequest) => EmulatorResponse | undefined {
  return (req) => {
    const m = /^\/__sandbox\/agents(?:\/([^/]+))?$/.exec(req.url.pathname);
    if (!m) return undefined;
    const em = emulator();
    const userId = m[1] ? decodeURIComponent(m[1]) : undefined;
    if (!userId) {
      if (req.method !== 'GET') return { status: 405, body: { message: 'GET /__sandbox/agents' } };
      return { status: 200, body: { agents: em.data.userStates } };
    }
    if (!em.data.users.some((u) => u.id === userId))
      return { status: 404, body: { message: `no Connect user ${userId}` } };
    try {
      if (req.method === 'DELETE') {
        em.removeUserState(userId);
        return { status: 200, body: { loggedOut: userId } };
      }
      if (req.method !== 'POST') return { status: 405, body: { message: 'POST or DELETE' } };
      const body = JSON.parse(req.body || '{}') as Record<string, unknown>;
      const patch: Partial<ConnectUserState> = {};
      if (body.status !== undefined) {
        if (typeof body.status !== 'string' || !body.status) throw new Error('status must be a status name');
        patch.status = body.status;
      }
      if ('nextStatus' in body) {
        if (body.nextStatus !== null && typeof body.nextStatus !== 'string')
          throw new Error('nextStatus must be a status name or null');
        patch.nextStatus = (body.nextStatus as string | null) ?? undefined;
      }
      if (body.contacts !== undefined) patch.contacts = parseContacts(body.contacts);
      if (body.availableVoiceSlots !== undefined) {
        const n = Number(body.availableVoiceSlots);
        if (!Number.isInteger(n) || n < 0 || n > 1) throw new Error('availableVoiceSlots must be 0 or 1');
        patch.availableVoiceSlots = n;
      }
      em.setUserState(userId, patch);
      return { status: 200, body: em.data.userStates.find((s) => s.userId === userId) };
    } catch (e) {
      return { status: 400, body: { message: (e as Error).message } };
    }
  };
}
