/**
 * The chat handover's once-per-chat protocol (claim → mark → complete, or release on failure) and
 * the Connect call that marks the chat, against a recording fake table and a mocked Connect client.
 */
import {
  ConnectClient,
  InvalidParameterException,
  InvalidRequestException,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectContactAttributes } from '../../../lambdas/src/connect/contact-attributes';
import type { AgentEvent, SnapshotContact } from '../../../lambdas/src/presence/agent-event';
import {
  chatsToHandOver,
  ContactGoneError,
  handOverChats,
  HANDOVER_ATTRIBUTES,
  type ContactAttributesPort,
} from '../../../lambdas/src/presence/chat-handover';
import { processAgentEvent } from '../../../lambdas/src/presence/process-event';
import type { ClaimOutcome, PresenceTable, WriteOutcome } from '../../../lambdas/src/presence/presence-table';

const EVENT_AT = Date.parse('2026-12-01T10:00:00.000Z');
const NOW = EVENT_AT + 5_000;

const chat = (contactId: string, patch: Partial<SnapshotContact> = {}): SnapshotContact => ({
  contactId,
  channel: 'CHAT',
  state: 'CONNECTED',
  ...patch,
});

function agentEvent(
  patch: Partial<AgentEvent['current'] & object> = {},
  eventType = 'STATE_CHANGE',
): AgentEvent {
  return {
    eventId: 'ev-1',
    eventType: eventType as AgentEvent['eventType'],
    eventAt: EVENT_AT,
    agentArn: 'arn:aws:connect:us-east-1:123456789012:instance/i-1/agent/a-1',
    instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/i-1',
    instanceId: 'i-1',
    connectUserId: 'a-1',
    current: { statusName: 'Available', nextStatusName: 'Offline', contacts: [chat('c1')], ...patch },
  };
}

/** A table fake that records every step, answering claims from `claims` in order. */
function fakeTable(claims: ClaimOutcome[] = [], write: WriteOutcome = 'applied') {
  const steps: string[] = [];
  const completed: unknown[] = [];
  const table = {
    apply: jest.fn(async () => write),
    claimChat: jest.fn(async (key: string, now: number) => {
      steps.push(`claim ${key} @${now}`);
      return claims.shift() ?? { claimed: true, token: `tok-${key}` };
    }),
    completeChat: jest.fn(async (key: string, token: string, outcome: unknown) => {
      steps.push(`complete ${key} ${token}`);
      completed.push(outcome);
    }),
    releaseChat: jest.fn(async (key: string, token: string) => {
      steps.push(`release ${key} ${token}`);
    }),
  };
  return { table: table as unknown as PresenceTable, steps, completed, mock: table };
}

function fakeContacts(fail?: (id: string) => Error | undefined) {
  const updates: Parameters<ContactAttributesPort['update']>[0][] = [];
  const contacts: ContactAttributesPort = {
    update: async (input) => {
      const e = fail?.(input.initialContactId);
      if (e) throw e;
      updates.push(input);
    },
  };
  return { contacts, updates };
}

describe('chatsToHandOver', () => {
  it.each([
    ['a next status of Offline', { nextStatusName: 'offline' }],
    ['an Offline status', { statusName: 'Offline', nextStatusName: undefined }],
    [
      'a status of type OFFLINE',
      { statusName: 'Gone home', statusType: 'OFFLINE', nextStatusName: undefined },
    ],
  ])('hands over connected and held chats on %s', (_why, patch) => {
    // Prepare
    const event = agentEvent({
      ...patch,
      contacts: [
        chat('c1'),
        chat('c2', { state: 'CONNECTED_ONHOLD' }),
        chat('c3', { state: 'ENDED' }),
        chat('v1', { channel: 'VOICE' }),
      ],
    });

    // Act / Assess
    expect(chatsToHandOver(event).map((c) => c.contactId)).toEqual(['c1', 'c2']);
  });

  it('hands over nothing for a routable agent or an event without a snapshot', () => {
    expect(chatsToHandOver(agentEvent({ nextStatusName: undefined, statusType: 'ROUTABLE' }))).toEqual([]);
    expect(chatsToHandOver({ ...agentEvent(), current: undefined })).toEqual([]);
  });
});

describe('handOverChats', () => {
  it('claims, marks with the flow attributes and completes each chat, by its initial contact', async () => {
    // Prepare
    const { table, steps, completed } = fakeTable();
    const { contacts, updates } = fakeContacts();
    const event = agentEvent();

    // Act
    const result = await handOverChats(event, [chat('c1', { initialContactId: 'init-1' }), chat('c2')], {
      table,
      contacts,
      now: () => NOW,
    });

    // Assess
    expect(result).toEqual({ marked: 2, alreadyDone: 0, gone: 0 });
    expect(steps).toEqual([
      `claim CHAT#i-1#c1 @${NOW}`,
      'complete CHAT#i-1#c1 tok-CHAT#i-1#c1',
      `claim CHAT#i-1#c2 @${NOW}`,
      'complete CHAT#i-1#c2 tok-CHAT#i-1#c2',
    ]);
    expect(updates).toEqual([
      {
        instanceId: 'i-1',
        initialContactId: 'init-1',
        attributes: {
          [HANDOVER_ATTRIBUTES.flag]: 'true',
          [HANDOVER_ATTRIBUTES.at]: '2026-12-01T10:00:00.000Z',
          [HANDOVER_ATTRIBUTES.connectUserId]: 'a-1',
        },
      },
      expect.objectContaining({ initialContactId: 'c2' }),
    ]);
    expect(HANDOVER_ATTRIBUTES).toEqual({
      flag: 'agentGoingOffline',
      at: 'agentGoingOfflineAt',
      connectUserId: 'agentGoingOfflineAgentId',
    });
    expect(completed).toEqual([
      { state: 'done', connectUserId: 'a-1', at: NOW },
      { state: 'done', connectUserId: 'a-1', at: NOW },
    ]);
  });

  it('skips a chat another delivery already marked, without calling Connect', async () => {
    // Prepare
    const { table, steps } = fakeTable([{ claimed: false, state: 'done' }]);
    const { contacts, updates } = fakeContacts();

    // Act
    const result = await handOverChats(agentEvent(), [chat('c1')], { table, contacts, now: () => NOW });

    // Assess
    expect(result).toEqual({ marked: 0, alreadyDone: 1, gone: 0 });
    expect(updates).toEqual([]);
    expect(steps).toEqual([`claim CHAT#i-1#c1 @${NOW}`]);
  });

  it('fails the record while another attempt holds the chat, so it is retried', async () => {
    // Prepare
    const { table } = fakeTable([{ claimed: false, state: 'busy' }]);
    const { contacts, updates } = fakeContacts();

    // Act
    const run = handOverChats(agentEvent(), [chat('c1')], { table, contacts, now: () => NOW });

    // Assess
    await expect(run).rejects.toThrow('chat c1 is being handed over by another attempt');
    expect(updates).toEqual([]);
  });

  it('completes the marker of a chat that ended meanwhile as gone', async () => {
    // Prepare
    const { table, steps, completed } = fakeTable();
    const { contacts } = fakeContacts(() => new ContactGoneError('ResourceNotFoundException: gone'));

    // Act
    const result = await handOverChats(agentEvent(), [chat('c1')], { table, contacts, now: () => NOW });

    // Assess
    expect(result).toEqual({ marked: 0, alreadyDone: 0, gone: 1 });
    expect(steps).toEqual([`claim CHAT#i-1#c1 @${NOW}`, 'complete CHAT#i-1#c1 tok-CHAT#i-1#c1']);
    expect(completed).toEqual([{ state: 'gone', connectUserId: 'a-1', at: NOW }]);
  });

  it('gives the claim back and fails when Connect throttles the mark, even if the release fails', async () => {
    // Prepare
    const { table, steps, mock } = fakeTable();
    mock.releaseChat.mockRejectedValueOnce(new Error('release failed too'));
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { contacts } = fakeContacts(() => throttled);

    // Act
    const run = handOverChats(agentEvent(), [chat('c1'), chat('c2')], { table, contacts, now: () => NOW });

    // Assess: the throttle, not the release failure, fails the record; c2 is left for the retry
    await expect(run).rejects.toBe(throttled);
    expect(mock.releaseChat).toHaveBeenCalledWith('CHAT#i-1#c1', 'tok-CHAT#i-1#c1', undefined);
    expect(steps).toEqual([`claim CHAT#i-1#c1 @${NOW}`]);
    expect(mock.completeChat).not.toHaveBeenCalled();
  });
});

describe('processAgentEvent', () => {
  const options = { availableStatusNames: ['Available'], ttlSeconds: 3600 };

  it('writes the item, then hands over the chats of an agent going Offline', async () => {
    // Prepare
    const { table, mock } = fakeTable();
    const { contacts, updates } = fakeContacts();

    // Act
    const result = await processAgentEvent(agentEvent(), { table, contacts, options, now: () => NOW });

    // Assess
    expect(result).toEqual({ write: 'applied', handover: { marked: 1, alreadyDone: 0, gone: 0 } });
    expect(mock.apply).toHaveBeenCalledWith(expect.objectContaining({ pk: 'AGENT#i-1#a-1' }), undefined);
    expect(updates).toHaveLength(1);
  });

  it('still completes a handover on a redelivered (duplicate) event', async () => {
    const { table } = fakeTable([], 'duplicate');
    const { contacts, updates } = fakeContacts();
    const result = await processAgentEvent(agentEvent(), { table, contacts, options, now: () => NOW });
    expect(result.handover.marked).toBe(1);
    expect(updates).toHaveLength(1);
  });

  it('hands over nothing for a stale event: a newer one decided already', async () => {
    // Prepare
    const { table, mock } = fakeTable([], 'stale');
    const { contacts, updates } = fakeContacts();

    // Act
    const result = await processAgentEvent(agentEvent(), { table, contacts, options, now: () => NOW });

    // Assess
    expect(result).toEqual({ write: 'stale', handover: { marked: 0, alreadyDone: 0, gone: 0 } });
    expect(mock.claimChat).not.toHaveBeenCalled();
    expect(updates).toEqual([]);
  });
});

describe('ConnectContactAttributes', () => {
  const connectMock = mockClient(ConnectClient);
  beforeEach(() => connectMock.reset());
  const input = { instanceId: 'i-1', initialContactId: 'init-1', attributes: { agentGoingOffline: 'true' } };

  it('sends UpdateContactAttributes on the given signal', async () => {
    // Prepare
    connectMock.on(UpdateContactAttributesCommand).resolves({});
    const port = new ConnectContactAttributes(new ConnectClient({ region: 'us-east-1' }));
    const signal = new AbortController().signal;

    // Act
    await port.update(input, signal);

    // Assess
    expect(port.requests).toBe(1);
    expect(connectMock).toHaveReceivedCommandWith(UpdateContactAttributesCommand, {
      InstanceId: 'i-1',
      InitialContactId: 'init-1',
      Attributes: { agentGoingOffline: 'true' },
    });
    expect((connectMock.commandCalls(UpdateContactAttributesCommand)[0]?.args as unknown[])[1]).toEqual({
      abortSignal: signal,
    });
  });

  it.each([
    new ResourceNotFoundException({ message: 'no such contact', $metadata: {} }),
    new InvalidParameterException({ message: 'contact ended', $metadata: {} }),
    new InvalidRequestException({ message: 'contact ended', $metadata: {} }),
  ])('reports a contact Connect no longer knows ($name) as gone', async (error) => {
    // Prepare
    connectMock.on(UpdateContactAttributesCommand).rejects(error);
    const port = new ConnectContactAttributes(new ConnectClient({ region: 'us-east-1' }));

    // Act
    const run = port.update(input);

    // Assess
    await expect(run).rejects.toBeInstanceOf(ContactGoneError);
    await expect(run).rejects.toMatchObject({
      name: 'ContactGoneError',
      message: `${error.name}: ${error.message}`,
      cause: error,
    });
  });

  it('lets throttling through as itself, so the record is retried', async () => {
    // Prepare
    const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
    connectMock.on(UpdateContactAttributesCommand).rejects(throttled);
    const port = new ConnectContactAttributes(new ConnectClient({ region: 'us-east-1' }));

    // Act / Assess
    await expect(port.update(input)).rejects.toBe(throttled);
  });
});
