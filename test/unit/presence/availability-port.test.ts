import type { ConnectDirectory } from '../../../lambdas/src/connect/directory';
import type { PresenceItem } from '../../../lambdas/src/presence/presence-item';
import type { PresenceReader } from '../../../lambdas/src/presence/presence-reader';
import { Budget } from '../../../lambdas/src/shared/budget';
import { agentStateReader } from '../../../lambdas/src/wiring/availability-port';
import { presenceItem } from './fixtures';

const INSTANCE = { instanceId: 'i-1', instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/i-1' };
const MAX_AGE_MS = 150_000;

const item = (patch: Partial<PresenceItem> = {}): PresenceItem =>
  presenceItem({ nextStatusName: 'Offline', ...patch });

function setup(read: () => Promise<{ item: PresenceItem; ageMs: number } | undefined>) {
  const getAgentState = jest
    .fn()
    .mockResolvedValue({ loggedIn: true, statusName: 'Available', availableVoiceSlots: 1 });
  const misses: string[] = [];
  const reader = agentStateReader({
    directory: { getAgentState } as unknown as ConnectDirectory,
    presence: { get: jest.fn(read) } as unknown as PresenceReader,
    presenceMaxAgeMs: MAX_AGE_MS,
    onPresenceMiss: (r) => misses.push(r),
  });
  return { reader, getAgentState, misses };
}

describe('agentStateReader', () => {
  it('answers from a fresh presence item without calling Connect', async () => {
    // Prepare
    const { reader, getAgentState } = setup(async () => ({ item: item(), ageMs: 1_000 }));

    // Act
    const state = await reader('a-1', INSTANCE, Budget.start(1000));

    // Assess
    expect(state).toEqual({
      loggedIn: true,
      statusName: 'Available',
      nextStatus: 'Offline',
      availableVoiceSlots: 1,
      source: 'presence',
    });
    expect(getAgentState).not.toHaveBeenCalled();
  });

  it.each([
    ['a stale item', async () => ({ item: item(), ageMs: MAX_AGE_MS + 1 }), /stale/],
    ['no item', async () => undefined, /no item/],
    [
      'an unreadable table',
      async () => {
        throw Object.assign(new Error('down'), { name: 'TimeoutError' });
      },
      /unreadable: TimeoutError/,
    ],
  ])('falls back to GetCurrentUserData on %s', async (_label, read, why) => {
    // Prepare
    const { reader, getAgentState, misses } = setup(read as () => Promise<undefined>);

    // Act
    const state = await reader('a-1', INSTANCE, Budget.start(1000));

    // Assess
    expect(state.source).toBe('connect');
    expect(getAgentState).toHaveBeenCalledTimes(1);
    expect(misses[0]).toMatch(why);
  });

  it('uses Connect only when no presence table is configured', async () => {
    // Prepare
    const getAgentState = jest.fn().mockResolvedValue({ loggedIn: false });
    const reader = agentStateReader({
      directory: { getAgentState } as unknown as ConnectDirectory,
      presenceMaxAgeMs: MAX_AGE_MS,
    });

    // Act / Assess
    expect(await reader('a-1', INSTANCE, Budget.start(1000))).toEqual({ loggedIn: false, source: 'connect' });
  });
});
