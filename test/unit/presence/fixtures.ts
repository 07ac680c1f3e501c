/** Shared builders of the presence unit tests: one decoded agent event and one stored item. */
import type { AgentEvent, AgentSnapshot } from '../../../lambdas/src/presence/agent-event';
import type { PresenceItem } from '../../../lambdas/src/presence/presence-item';

/** EventTimestamp of the built events. */
export const EVENT_AT = Date.parse('2026-12-01T10:00:00.000Z');

/** Agent a-1 of instance i-1; `current` gets an empty contact list unless given one. */
export function agentEvent(
  eventType: AgentEvent['eventType'] = 'STATE_CHANGE',
  current?: Partial<AgentSnapshot>,
): AgentEvent {
  return {
    eventId: 'ev-1',
    eventType,
    eventAt: EVENT_AT,
    agentArn: 'arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/a-1',
    instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/i-1',
    instanceId: 'i-1',
    connectUserId: 'a-1',
    current: current && { contacts: [], ...current },
  };
}

/** Agent a-1's item: logged in, Available, one free voice slot. */
export function presenceItem(patch: Partial<PresenceItem> = {}): PresenceItem {
  return {
    pk: 'AGENT#i-1#a-1',
    kind: 'agent',
    instanceId: 'i-1',
    agentId: 'a-1',
    agentArn: 'arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/a-1',
    loggedIn: true,
    statusName: 'Available',
    statusType: 'routable',
    inboundQueues: [],
    maxSlotsByChannel: { VOICE: 1 },
    freeSlotsByChannel: { VOICE: 1 },
    connectedContactsByChannel: {},
    contacts: [],
    lastEventId: 'e',
    lastEventType: 'STATE_CHANGE',
    lastEventAt: 0,
    lastEventKey: '000000000000000#e',
    expiresAt: 0,
    ...patch,
  };
}
