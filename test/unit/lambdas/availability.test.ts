import { judgeAvailability } from '../../../lambdas/src/routing/availability';

const ROUTABLE = ['Available'];

describe('judgeAvailability', () => {
  it('is available when routable, with a free voice slot and nothing pending', () => {
    expect(
      judgeAvailability({ loggedIn: true, statusName: 'Available', availableVoiceSlots: 1 }, ROUTABLE),
    ).toEqual({
      available: true,
      reason: 'available',
    });
  });

  it('treats a pending next status (e.g. Offline) as unavailable, as Check staffing does not', () => {
    expect(
      judgeAvailability(
        { loggedIn: true, statusName: 'Available', nextStatus: 'Offline', availableVoiceSlots: 1 },
        ROUTABLE,
      ),
    ).toEqual({ available: false, reason: 'next-status-pending' });
  });

  it.each([
    [{ loggedIn: false }, 'not-logged-in'],
    [{ loggedIn: true, statusName: 'Offline', availableVoiceSlots: 0 }, 'status-not-routable'],
    [{ loggedIn: true, statusName: 'Lunch', availableVoiceSlots: 1 }, 'status-not-routable'],
    [{ loggedIn: true, statusName: 'Available', availableVoiceSlots: 0 }, 'no-free-voice-slot'],
    [{ loggedIn: true, statusName: 'Available' }, 'no-free-voice-slot'],
  ])('%j is unavailable (%s)', (state, reason) => {
    expect(judgeAvailability(state, ROUTABLE)).toEqual({ available: false, reason });
  });

  it('honours configured routable status names, case-insensitively', () => {
    expect(
      judgeAvailability({ loggedIn: true, statusName: 'ready', availableVoiceSlots: 1 }, [
        'Available',
        'Ready',
      ]).available,
    ).toBe(true);
  });
});
