import fc from 'fast-check';
import { TtlCache } from '../../../lambdas/src/shared/ttl-cache';

/** A cache on a clock the test moves. */
function cacheAt(ttlMs: number, maxEntries: number) {
  const clock = { now: 1_000 };
  return { cache: new TtlCache<string, number>(ttlMs, maxEntries, () => clock.now), clock };
}

describe('TtlCache: bound and time to live', () => {
  it('re-writing a key at the bound evicts nothing else', () => {
    // Prepare
    const { cache } = cacheAt(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);

    // Act
    cache.set('b', 20);

    // Assess
    expect([cache.size, cache.get('a'), cache.get('b')]).toEqual([2, 1, 20]);
  });

  it('restarts the time to live of a re-written key', () => {
    // Prepare
    const { cache, clock } = cacheAt(100, 10);
    cache.set('a', 1);
    clock.now += 90;

    // Act
    cache.set('a', 2);
    clock.now += 90;

    // Assess
    expect(cache.get('a')).toBe(2);
  });

  it('drops an expired entry when it is read, so it stops counting against the bound', () => {
    // Prepare
    const { cache, clock } = cacheAt(100, 10);
    cache.set('a', 1);
    cache.set('b', 2, 1_000);
    clock.now += 100;

    // Act
    const has = cache.has('a');

    // Assess
    expect([has, cache.size]).toEqual([false, 1]);
  });

  it('empties on clear', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.clear();
    expect([cache.size, cache.has('a'), cache.has('b')]).toEqual([0, false, false]);
  });

  it('reads its clock from Date.now by default', () => {
    // Prepare: a time to live of 0 is over as soon as it is written, whatever the clock says
    const expired = new TtlCache<string, number>(0, 10);
    const alive = new TtlCache<string, number>(3_600_000, 10);

    // Act
    expired.set('a', 1);
    alive.set('a', 1);

    // Assess
    expect([expired.get('a'), alive.get('a')]).toEqual([undefined, 1]);
  });

  it('holds at most its bound and keeps the newest writes, for any sequence of writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')),
        (max, keys) => {
          // Prepare
          const { cache } = cacheAt(60_000, max);

          // Act
          keys.forEach((k, i) => cache.set(k, i));

          // Assess: the last `max` distinct keys written survive, with their last value
          const newest = [...new Map(keys.map((k, i) => [k, i])).entries()]
            .sort((x, y) => x[1] - y[1])
            .slice(-max);
          expect(cache.size).toBe(newest.length);
          for (const [k, i] of newest) expect(cache.get(k)).toBe(i);
        },
      ),
    );
  });
});
