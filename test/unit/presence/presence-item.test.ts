import { decodeAgentEvent, type AgentEvent } from '../../../lambdas/src/presence/agent-event';
import {
  agentStateOf,
  freeSlots,
  presenceFromEvent,
  statusTypeOf,
} from '../../../lambdas/src/presence/presence-item';
import { chatsToHandOver } from '../../../lambdas/src/presence/chat-handover';

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/i-1';
const OPTIONS = { availableStatusNames: ['Available'], ttlSeconds: 86_400 };

function event(type: string, status: string, next: string | null, contacts: unknown[] = []): AgentEvent {
  const r = decodeAgentEvent(
    Buffer.from(
      JSON.stringify({
        AgentARN: `${INSTANCE}/agent/a-1`,
        EventId: 'ev',
        EventTimestamp: '2026-12-01T10:00:00.000Z',
        EventType: type,
        CurrentAgentSnapshot: {
          AgentStatus: { Name: status },
          NextAgentStatus: next ? { Name: next } : null,
          Configuration: {
            RoutingProfile: {
              Concurrency: [
                { Channel: 'VOICE', MaximumSlots: 1 },
                { Channel: 'CHAT', MaximumSlots: 2 },
              ],
            },
          },
          Contacts: contacts,
        },
      }),
    ),
  );
  if (!r.ok) throw new Error(r.reason);
  return r.event;
}

const chat = (id: string, state = 'CONNECTED') => ({
  ContactId: id,
  InitialContactId: `init-${id}`,
  Channel: 'CHAT',
  State: state,
});

describe('presence items', () => {
  it('an Available agent with no contacts has a free voice slot and is available', () => {
    // Act
    const item = presenceFromEvent(event('STATE_CHANGE', 'Available', null), OPTIONS);

    // Assess
    expect(item).toMatchObject({
      pk: 'AGENT#i-1#a-1',
      statusType: 'routable',
      loggedIn: true,
      freeSlotsByChannel: { VOICE: 1, CHAT: 2 },
    });
    expect(item.expiresAt).toBe(Date.parse('2026-12-01T10:00:00.000Z') / 1000 + 86_400);
    expect(agentStateOf(item)).toEqual({
      loggedIn: true,
      statusName: 'Available',
      nextStatus: undefined,
      availableVoiceSlots: 1,
    });
  });

  it('a chat leaves chat slots and takes the voice slot (no cross-channel concurrency)', () => {
    // Act
    const item = presenceFromEvent(event('STATE_CHANGE', 'Available', null, [chat('c1')]), OPTIONS);

    // Assess
    expect(item.freeSlotsByChannel).toEqual({ VOICE: 0, CHAT: 1 });
    expect(item.connectedContactsByChannel).toEqual({ CHAT: ['c1'] });
  });

  it('keeps the pending next status', () => {
    // Act
    const item = presenceFromEvent(event('STATE_CHANGE', 'Available', 'Offline'), OPTIONS);

    // Assess
    expect(agentStateOf(item).nextStatus).toBe('Offline');
  });

  it('LOGOUT leaves a logged-out, offline agent with no contacts', () => {
    // Act
    const item = presenceFromEvent(event('LOGOUT', 'Available', null, [chat('c1')]), OPTIONS);

    // Assess
    expect(item).toMatchObject({
      loggedIn: false,
      statusName: 'Offline',
      statusType: 'offline',
      contacts: [],
    });
    expect(agentStateOf(item)).toEqual({ loggedIn: false });
  });

  it.each([
    ['Available', undefined, 'routable'],
    ['Offline', undefined, 'offline'],
    ['Lunch', undefined, 'custom'],
    ['Training', 'ROUTABLE', 'routable'],
  ])('status %s (type %s) is %s', (statusName, statusType, want) => {
    // Act / Assess
    expect(statusTypeOf({ statusName, statusType }, ['Available'])).toBe(want);
  });

  it('free slots never go below zero', () => {
    // Act / Assess
    expect(
      freeSlots({ CHAT: 1 }, [
        { contactId: 'a', channel: 'CHAT', state: 'CONNECTED' },
        { contactId: 'b', channel: 'CHAT', state: 'CONNECTED' },
      ]),
    ).toEqual({ CHAT: 0 });
  });
});

describe('chatsToHandOver', () => {
  it('picks connected chats when the next status is Offline', () => {
    // Act
    const chats = chatsToHandOver(
      event('STATE_CHANGE', 'Available', 'Offline', [
        chat('c1'),
        chat('c2', 'ENDED'),
        { ContactId: 'v1', Channel: 'VOICE', State: 'CONNECTED' },
      ]),
    );

    // Assess
    expect(chats.map((c) => c.contactId)).toEqual(['c1']);
  });

  it('picks them when the agent is already Offline', () => {
    // Act / Assess
    expect(chatsToHandOver(event('STATE_CHANGE', 'Offline', null, [chat('c1')]))).toHaveLength(1);
  });

  it('leaves them alone for another next status (Lunch)', () => {
    // Act / Assess
    expect(chatsToHandOver(event('STATE_CHANGE', 'Available', 'Lunch', [chat('c1')]))).toEqual([]);
  });
});
