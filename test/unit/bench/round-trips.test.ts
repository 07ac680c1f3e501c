import { roundTripDepth } from '../../../scripts/bench/round-trips';

const at = (ms: number): string => new Date(Date.UTC(2026, 10, 23, 8, 0, 0, ms)).toISOString();
const trip = (from: number, to: number) => ({ receivedAt: at(from), at: at(to) });

describe('roundTripDepth', () => {
  it('counts sequential requests one level each', () => {
    expect(roundTripDepth([trip(0, 40), trip(41, 81), trip(82, 97)])).toBe(3);
  });

  it('puts requests that overlap an open one on its level', () => {
    // Prepare: token, then VoiceCall ∥ routing map, then GetCurrentUserData
    const cold = [trip(0, 40), trip(41, 81), trip(42, 82), trip(83, 98)];

    // Act / Assess
    expect(roundTripDepth(cold)).toBe(3);
    expect(roundTripDepth([trip(0, 40), trip(1, 41)])).toBe(1);
  });

  it('is order-independent and 0 for no requests', () => {
    expect(roundTripDepth([trip(82, 97), trip(0, 40), trip(41, 81)])).toBe(3);
    expect(roundTripDepth([])).toBe(0);
  });
});
