import { judgeAvailability } from '../../../lambdas/src/routing/availability';

describe('judgeAvailability: an agent without a status name', () => {
  it.each([[['Available']], [['']], [['Available', '']]])(
    'is not routable whatever the configured names (%j)',
    (names) => {
      // Act
      const verdict = judgeAvailability({ loggedIn: true, availableVoiceSlots: 1 }, names);

      // Assess
      expect(verdict).toEqual({ available: false, reason: 'status-not-routable' });
    },
  );
});
