/**
 * One agent event through the pipeline with a fake table: the item is written first, the chats
 * are handed over unless the event is stale, and a redelivery (duplicate) still finishes them.
 */
import type { AgentEvent } from '../../../lambdas/src/presence/agent-event';
import { processAgentEvent } from '../../../lambdas/src/presence/process-event';
import type { PresenceTable, WriteOutcome } from '../../../lambdas/src/presence/presence-table';
import { agentEvent, EVENT_AT } from './fixtures';

const AT = EVENT_AT;
const OPTIONS = { availableStatusNames: ['Available'], ttlSeconds: 600 };

const event = (nextStatusName?: string): AgentEvent =>
  agentEvent('STATE_CHANGE', {
    statusName: 'Available',
    nextStatusName,
    contacts: [{ contactId: 'c-1', channel: 'CHAT', state: 'CONNECTED' }],
  });

function setup(write: WriteOutcome) {
  const table = {
    apply: jest.fn(async () => write),
    claimChat: jest.fn(async () => ({ claimed: true, token: 'tok' })),
    completeChat: jest.fn(async () => undefined),
    releaseChat: jest.fn(async () => undefined),
  };
  const contacts = { update: jest.fn(async () => undefined) };
  const signal = new AbortController().signal;
  const deps = {
    table: table as unknown as PresenceTable,
    contacts,
    options: OPTIONS,
    now: () => AT,
    signal,
  };
  return { table, contacts, deps, signal };
}

describe('processAgentEvent', () => {
  it.each(['applied', 'duplicate'] as const)(
    'writes the item, then hands the chats over when the write is %s',
    async (write) => {
      // Prepare
      const { table, contacts, deps, signal } = setup(write);

      // Act
      const result = await processAgentEvent(event('Offline'), deps);

      // Assess
      expect(result).toEqual({ write, handover: { marked: 1, alreadyDone: 0, gone: 0 } });
      expect(table.apply).toHaveBeenCalledWith(
        expect.objectContaining({ pk: 'AGENT#i-1#a-1', statusType: 'routable', expiresAt: AT / 1000 + 600 }),
        signal,
      );
      expect(contacts.update).toHaveBeenCalledTimes(1);
    },
  );

  it('hands nothing over for a stale event, even one that would', async () => {
    // Prepare
    const { table, contacts, deps } = setup('stale');

    // Act
    const result = await processAgentEvent(event('Offline'), deps);

    // Assess
    expect(result).toEqual({ write: 'stale', handover: { marked: 0, alreadyDone: 0, gone: 0 } });
    expect(table.claimChat).not.toHaveBeenCalled();
    expect(contacts.update).not.toHaveBeenCalled();
  });

  it('touches no chat marker when the agent is not going offline', async () => {
    // Prepare
    const { table, deps } = setup('applied');

    // Act
    const result = await processAgentEvent(event(), deps);

    // Assess
    expect(result).toEqual({ write: 'applied', handover: { marked: 0, alreadyDone: 0, gone: 0 } });
    expect(table.claimChat).not.toHaveBeenCalled();
  });
});
