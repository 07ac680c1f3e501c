/**
 * The presence-or-Connect choice on its edges: the freshness bound is inclusive, a spent budget
 * is not turned into a Connect call, and a missing miss-reporter or an odd rejection changes
 * nothing about the answer.
 */
import type { ConnectDirectory } from '../../../lambdas/src/connect/directory';
import type { PresenceItem } from '../../../lambdas/src/presence/presence-item';
import type { PresenceReader } from '../../../lambdas/src/presence/presence-reader';
import { Budget } from '../../../lambdas/src/shared/budget';
import { agentStateReader, type AvailabilityDeps } from '../../../lambdas/src/wiring/availability-port';

const INSTANCE = { instanceId: 'i-1', instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/i-1' };
const MAX_AGE_MS = 150_000;
const ITEM = {
  pk: 'AGENT#i-1#a-1',
  kind: 'agent',
  loggedIn: true,
  statusName: 'Available',
  inboundQueues: [],
  freeSlotsByChannel: { VOICE: 1 },
} as unknown as PresenceItem;
const FROM_CONNECT = { loggedIn: true, statusName: 'Lunch', availableVoiceSlots: 0 };

function setup(get: PresenceReader['get'] | undefined, withMisses = true) {
  const getAgentState = jest.fn().mockResolvedValue(FROM_CONNECT);
  const misses: string[] = [];
  const deps: AvailabilityDeps = {
    directory: { getAgentState } as unknown as ConnectDirectory,
    presence: get && ({ get: jest.fn(get) } as unknown as PresenceReader),
    presenceMaxAgeMs: MAX_AGE_MS,
    ...(withMisses ? { onPresenceMiss: (r: string) => misses.push(r) } : {}),
  };
  return { reader: agentStateReader(deps), getAgentState, misses };
}

describe('agentStateReader edges', () => {
  it('still trusts an item exactly as old as the bound', async () => {
    // Prepare
    const { reader, getAgentState } = setup(async () => ({ item: ITEM, ageMs: MAX_AGE_MS }));

    // Act
    const state = await reader('a-1', INSTANCE, Budget.start(1000));

    // Assess
    expect(state).toMatchObject({ statusName: 'Available', source: 'presence' });
    expect(getAgentState).not.toHaveBeenCalled();
  });

  it('says how stale an item was, in whole seconds', async () => {
    // Prepare
    const { reader, misses } = setup(async () => ({ item: ITEM, ageMs: 151_400 }));

    // Act
    await reader('a-1', INSTANCE, Budget.start(1000));

    // Assess
    expect(misses).toEqual(['stale (151 s)']);
  });

  it('reports no miss when no presence table is configured', async () => {
    // Prepare
    const { reader, misses, getAgentState } = setup(undefined);

    // Act
    const state = await reader('a-1', INSTANCE, Budget.start(1000));

    // Assess
    expect(state).toEqual({ ...FROM_CONNECT, source: 'connect' });
    expect(getAgentState).toHaveBeenCalledTimes(1);
    expect(misses).toEqual([]);
  });

  it('does not call Connect once the budget is spent: the read failure is the answer', async () => {
    // Prepare
    const budget = Budget.start(1000);
    const aborted = Object.assign(new Error('aborted'), { name: 'AbortError' });
    const { reader, getAgentState, misses } = setup(async () => {
      budget.end();
      throw aborted;
    });

    // Act / Assess
    await expect(reader('a-1', INSTANCE, budget)).rejects.toBe(aborted);
    expect(getAgentState).not.toHaveBeenCalled();
    expect(misses).toEqual([]);
  });

  it('names a rejection that is not an Error as Error', async () => {
    // Prepare
    const { reader, misses } = setup(() => Promise.reject(undefined));

    // Act
    const state = await reader('a-1', INSTANCE, Budget.start(1000));

    // Assess
    expect(state.source).toBe('connect');
    expect(misses).toEqual(['unreadable: Error']);
  });

  it.each([
    ['a stale item', async () => ({ item: ITEM, ageMs: MAX_AGE_MS + 1 })],
    ['an unreadable table', () => Promise.reject(new Error('down'))],
  ])('falls back to Connect on %s without a miss reporter', async (_label, get) => {
    // Prepare
    const { reader, getAgentState } = setup(get as PresenceReader['get'], false);

    // Act
    const state = await reader('a-1', INSTANCE, Budget.start(1000));

    // Assess
    expect(state).toEqual({ ...FROM_CONNECT, source: 'connect' });
    expect(getAgentState).toHaveBeenCalledTimes(1);
  });
});
