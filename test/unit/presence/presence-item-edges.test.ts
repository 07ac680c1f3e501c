/**
 * Presence items on the edges: events without a snapshot, status types Connect sends, contacts
 * that are not connected, optional fields left out (DynamoDB rejects undefined), and the lookup's
 * view of the queues an agent serves.
 */
import {
  agentKey,
  agentStateOf,
  freeSlots,
  isOfflineName,
  presenceFromEvent,
  statusTypeOf,
  type PresenceItem,
} from '../../../lambdas/src/presence/presence-item';
import { agentEvent, EVENT_AT, presenceItem } from './fixtures';

const AT = EVENT_AT;
const OPTIONS = { availableStatusNames: ['Available', 'Ready'], ttlSeconds: 600 };
const Q_VOICE = { arn: 'arn:q/voice', id: 'voice', channels: ['VOICE'] };
const Q_CHAT = { arn: 'arn:q/chat', id: 'chat', channels: ['CHAT'] };
const Q_ANY = { arn: 'arn:q/any', id: 'any', channels: [] };

const event = agentEvent;

const contact = (contactId: string, channel: string, state: string) => ({ contactId, channel, state });

describe('status names and types', () => {
  it('keys an agent by instance and agent id', () => {
    // Act / Assess
    expect(agentKey('i-1', 'a-1')).toBe('AGENT#i-1#a-1');
  });

  it.each([
    ['Offline', true],
    ['OFFLINE', true],
    ['Offline soon', false],
    [undefined, false],
  ])('isOfflineName(%s) is %s', (name, want) => {
    // Act / Assess
    expect(isOfflineName(name)).toBe(want);
  });

  it.each([
    ['Available', 'OFFLINE', 'offline'],
    ['Available', 'Custom', 'custom'],
    ['Lunch', 'routable', 'routable'],
    ['Offline', 'SOMETHING_NEW', 'offline'],
    ['ready', undefined, 'routable'],
    [undefined, undefined, 'custom'],
  ])('status %s of type %s is %s', (statusName, statusType, want) => {
    // Act / Assess
    expect(statusTypeOf({ statusName, statusType }, OPTIONS.availableStatusNames)).toBe(want);
  });
});

describe('freeSlots', () => {
  it('an active contact blocks other channels but leaves its own channel its remaining slots', () => {
    // Act
    const free = freeSlots({ VOICE: 1, CHAT: 3 }, [contact('c-1', 'CHAT', 'CONNECTED')]);

    // Assess
    expect(free).toEqual({ VOICE: 0, CHAT: 2 });
  });

  it('every slot is free without contacts', () => {
    // Act / Assess
    expect(freeSlots({ VOICE: 1, CHAT: 3 }, [])).toEqual({ VOICE: 1, CHAT: 3 });
  });
});

describe('presenceFromEvent', () => {
  it('LOGIN without a snapshot leaves a logged-in Offline agent with one voice slot and nothing else', () => {
    // Act
    const item = presenceFromEvent(event('LOGIN'), OPTIONS);

    // Assess
    expect(item).toEqual(
      presenceItem({
        statusName: 'Offline',
        statusType: 'offline',
        freeSlotsByChannel: {},
        lastEventId: 'ev-1',
        lastEventType: 'LOGIN',
        lastEventAt: AT,
        lastEventKey: `00${AT}#ev-1`,
        expiresAt: AT / 1000 + 600,
      }),
    );
    expect(Object.keys(item)).not.toContain('username');
    expect(Object.keys(item)).not.toContain('statusStartedAt');
  });

  it('keeps every known field of a full snapshot, and copies its contacts', () => {
    // Prepare
    const contacts = [
      contact('v-1', 'VOICE', 'CONNECTED_ONHOLD'),
      contact('c-1', 'CHAT', 'CONNECTED'),
      contact('c-2', 'CHAT', 'ENDED'),
      contact('c-3', 'CHAT', 'CONNECTING'),
    ];
    const ev = event('STATE_CHANGE', {
      statusName: 'Available',
      statusStartedAt: '2026-12-01T09:00:00.000Z',
      nextStatusName: 'Offline',
      nextStatusEnqueuedAt: '2026-12-01T09:59:00.000Z',
      username: 'ana',
      routingProfile: {
        arn: 'arn:rp/rp-1',
        name: 'Basic',
        inboundQueues: [Q_VOICE, Q_CHAT],
        maxSlotsByChannel: { VOICE: 2, CHAT: 5 },
      },
      contacts,
    });

    // Act
    const item = presenceFromEvent(ev, OPTIONS);

    // Assess
    expect(item).toMatchObject({
      username: 'ana',
      statusStartedAt: '2026-12-01T09:00:00.000Z',
      nextStatusName: 'Offline',
      nextStatusEnqueuedAt: '2026-12-01T09:59:00.000Z',
      routingProfileArn: 'arn:rp/rp-1',
      routingProfileName: 'Basic',
      inboundQueues: [Q_VOICE, Q_CHAT],
      maxSlotsByChannel: { VOICE: 2, CHAT: 5 },
      freeSlotsByChannel: { VOICE: 0, CHAT: 0 },
      connectedContactsByChannel: { VOICE: ['v-1'], CHAT: ['c-1'] },
    });
    expect(item.contacts).toEqual(contacts);
    expect(item.contacts[0]).not.toBe(contacts[0]);
  });

  it('a routing profile without concurrency keeps the default voice slot', () => {
    // Act
    const item = presenceFromEvent(
      event('STATE_CHANGE', {
        statusName: 'Ready',
        routingProfile: { inboundQueues: [], maxSlotsByChannel: {} },
      }),
      OPTIONS,
    );

    // Assess
    expect(item.maxSlotsByChannel).toEqual({ VOICE: 1 });
    expect(item.freeSlotsByChannel).toEqual({ VOICE: 1 });
  });

  it('a custom status (Lunch) has no free slots even with capacity', () => {
    // Act
    const item = presenceFromEvent(event('STATE_CHANGE', { statusName: 'Lunch' }), OPTIONS);

    // Assess
    expect(item.statusType).toBe('custom');
    expect(item.freeSlotsByChannel).toEqual({});
  });

  it('LOGOUT dates the Offline status from the event and forgets the next status', () => {
    // Act
    const item = presenceFromEvent(
      event('LOGOUT', {
        statusName: 'Available',
        statusStartedAt: '2026-12-01T08:00:00.000Z',
        nextStatusName: 'Offline',
        nextStatusEnqueuedAt: '2026-12-01T09:59:00.000Z',
      }),
      OPTIONS,
    );

    // Assess
    expect(item.statusStartedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(item).not.toHaveProperty('nextStatusName');
    expect(item).not.toHaveProperty('nextStatusEnqueuedAt');
  });
});

describe('agentStateOf', () => {
  const item = (patch: Partial<PresenceItem>): PresenceItem => ({
    ...presenceFromEvent(event('STATE_CHANGE', { statusName: 'Available' }), OPTIONS),
    ...patch,
  });

  it('answers which queues the agent takes voice calls from, and the routing profile id', () => {
    // Act
    const state = agentStateOf(
      item({
        inboundQueues: [Q_VOICE, Q_CHAT, Q_ANY],
        routingProfileArn: 'arn:aws:connect:x:instance/i-1/routing-profile/rp-9',
      }),
    );

    // Assess
    expect(state).toEqual({
      loggedIn: true,
      statusName: 'Available',
      nextStatus: undefined,
      availableVoiceSlots: 1,
      inboundQueueArns: ['arn:q/voice', 'arn:q/any'],
      routingProfileId: 'rp-9',
    });
  });

  it('has no voice slot when the item records none', () => {
    // Act / Assess
    expect(agentStateOf(item({ freeSlotsByChannel: { CHAT: 2 } })).availableVoiceSlots).toBe(0);
  });
});
