/**
 * The chat handover's protocol against a fake table and Connect port: claim, mark, complete;
 * a chat already done is skipped, a chat held by another attempt or a failed mark is a retryable
 * failure (the claim is given back), a chat Connect no longer knows is completed as gone.
 */
import type { AgentEvent, AgentSnapshot, SnapshotContact } from '../../../lambdas/src/presence/agent-event';
import {
  chatsToHandOver,
  ContactGoneError,
  handOverChats,
  HANDOVER_ATTRIBUTES,
  type ContactAttributesPort,
} from '../../../lambdas/src/presence/chat-handover';
import type { ClaimOutcome, PresenceTable } from '../../../lambdas/src/presence/presence-table';
import { agentEvent, EVENT_AT } from './fixtures';

const NOW = EVENT_AT + 250;

const event = (current?: Partial<AgentSnapshot>): AgentEvent => agentEvent('STATE_CHANGE', current);

const chat = (contactId: string, patch: Partial<SnapshotContact> = {}): SnapshotContact => ({
  contactId,
  initialContactId: `init-${contactId}`,
  channel: 'CHAT',
  state: 'CONNECTED',
  ...patch,
});

function setup(claims: ClaimOutcome[], update: ContactAttributesPort['update'] = jest.fn()) {
  const table = {
    claimChat: jest.fn(async () => claims.shift() ?? { claimed: true, token: 'tok' }),
    completeChat: jest.fn(async () => undefined),
    releaseChat: jest.fn(async () => undefined),
  };
  const contacts = { update: jest.fn(update) };
  const signal = new AbortController().signal;
  const deps = { table: table as unknown as PresenceTable, contacts, now: () => NOW, signal };
  return { table, contacts, deps, signal };
}

describe('handOverChats', () => {
  it('claims, marks with the attributes the disconnect flow reads, and completes each chat', async () => {
    // Prepare
    const { table, contacts, deps, signal } = setup([
      { claimed: true, token: 'tok-1' },
      { claimed: true, token: 'tok-2' },
    ]);

    // Act
    const result = await handOverChats(
      event(),
      [chat('c-1'), chat('c-2', { initialContactId: undefined })],
      deps,
    );

    // Assess
    expect(result).toEqual({ marked: 2, alreadyDone: 0, gone: 0 });
    expect(HANDOVER_ATTRIBUTES).toEqual({
      flag: 'agentGoingOffline',
      at: 'agentGoingOfflineAt',
      connectUserId: 'agentGoingOfflineAgentId',
    });
    const attributes = {
      agentGoingOffline: 'true',
      agentGoingOfflineAt: '2026-12-01T10:00:00.000Z',
      agentGoingOfflineAgentId: 'a-1',
    };
    expect(contacts.update.mock.calls).toEqual([
      [{ instanceId: 'i-1', initialContactId: 'init-c-1', attributes }, signal],
      [{ instanceId: 'i-1', initialContactId: 'c-2', attributes }, signal],
    ]);
    expect(table.claimChat.mock.calls).toEqual([
      ['CHAT#i-1#c-1', NOW, signal],
      ['CHAT#i-1#c-2', NOW, signal],
    ]);
    expect(table.completeChat.mock.calls).toEqual([
      ['CHAT#i-1#c-1', 'tok-1', { state: 'done', connectUserId: 'a-1', at: NOW }, signal],
      ['CHAT#i-1#c-2', 'tok-2', { state: 'done', connectUserId: 'a-1', at: NOW }, signal],
    ]);
    expect(table.releaseChat).not.toHaveBeenCalled();
  });

  it('skips a chat a previous delivery already marked', async () => {
    // Prepare
    const { table, contacts, deps } = setup([{ claimed: false, state: 'done' }]);

    // Act
    const result = await handOverChats(event(), [chat('c-1'), chat('c-2')], deps);

    // Assess
    expect(result).toEqual({ marked: 1, alreadyDone: 1, gone: 0 });
    expect(contacts.update).toHaveBeenCalledTimes(1);
    expect(contacts.update.mock.calls[0]?.[0].initialContactId).toBe('init-c-2');
    expect(table.completeChat).toHaveBeenCalledTimes(1);
  });

  it('fails (to be retried) while another attempt holds the chat, without marking it', async () => {
    // Prepare
    const { contacts, table, deps } = setup([{ claimed: false, state: 'busy' }]);

    // Act
    const run = handOverChats(event(), [chat('c-1')], deps);

    // Assess
    await expect(run).rejects.toThrow('chat c-1 is being handed over by another attempt');
    expect(contacts.update).not.toHaveBeenCalled();
    expect(table.completeChat).not.toHaveBeenCalled();
  });

  it('completes a chat Connect no longer knows as gone', async () => {
    // Prepare
    const { table, deps, signal } = setup([], async () => {
      throw new ContactGoneError('ResourceNotFoundException: no such contact');
    });

    // Act
    const result = await handOverChats(event(), [chat('c-1')], deps);

    // Assess
    expect(result).toEqual({ marked: 0, alreadyDone: 0, gone: 1 });
    expect(table.completeChat).toHaveBeenCalledWith(
      'CHAT#i-1#c-1',
      'tok',
      { state: 'gone', connectUserId: 'a-1', at: NOW },
      signal,
    );
    expect(table.releaseChat).not.toHaveBeenCalled();
  });

  it('gives the claim back and fails when the mark is throttled, even if the release fails too', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const { table, deps, signal } = setup([{ claimed: true, token: 'tok-9' }], async () => {
      throw throttled;
    });
    table.releaseChat.mockRejectedValueOnce(new Error('table down'));

    // Act
    const run = handOverChats(event(), [chat('c-1'), chat('c-2')], deps);

    // Assess
    await expect(run).rejects.toBe(throttled);
    expect(table.releaseChat).toHaveBeenCalledWith('CHAT#i-1#c-1', 'tok-9', signal);
    expect(table.completeChat).not.toHaveBeenCalled();
    expect(table.claimChat).toHaveBeenCalledTimes(1);
  });

  it('names its error for the logs', () => {
    // Act / Assess
    expect(new ContactGoneError('x').name).toBe('ContactGoneError');
  });
});

describe('chatsToHandOver', () => {
  const held = [
    chat('c-1'),
    chat('c-2', { state: 'CONNECTED_ONHOLD' }),
    chat('c-3', { state: 'CONNECTING' }),
    chat('c-4', { state: 'ENDED' }),
    chat('t-1', { channel: 'TASK' }),
  ];

  it.each([
    ['next status Offline', { statusName: 'Available', nextStatusName: 'offline' }],
    ['status Offline', { statusName: 'OFFLINE' }],
    ['a status of type offline with another name', { statusName: 'Gone home', statusType: 'OFFLINE' }],
  ])('hands over connected and held chats on %s', (_label, snap) => {
    // Act
    const chats = chatsToHandOver(event({ ...snap, contacts: held }));

    // Assess
    expect(chats.map((c) => c.contactId)).toEqual(['c-1', 'c-2']);
  });

  it.each([
    ['a routable status', { statusName: 'Available', statusType: 'ROUTABLE' }],
    ['a custom status', { statusName: 'Lunch', nextStatusName: 'Break', statusType: 'CUSTOM' }],
  ])('keeps the chats on %s', (_label, snap) => {
    // Act / Assess
    expect(chatsToHandOver(event({ ...snap, contacts: held }))).toEqual([]);
  });

  it('has nothing to hand over without a snapshot', () => {
    // Act / Assess
    expect(chatsToHandOver(event())).toEqual([]);
  });
});
