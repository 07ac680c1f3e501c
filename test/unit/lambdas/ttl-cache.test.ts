import { TtlCache } from '../../../lambdas/src/shared/ttl-cache';

/** A cache on a clock the test moves. */
function cacheAt(ttlMs: number, maxEntries: number) {
  const clock = { now: 1_000 };
  return { cache: new TtlCache<string, number>(ttlMs, maxEntries, () => clock.now), clock };
}

describe('TtlCache', () => {
  it('never holds more than its bound, dropping the least recently written', () => {
    // Prepare
    const { cache } = cacheAt(60_000, 2);

    // Act
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);

    // Assess: 'b' was the oldest write once 'a' was written again
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(10);
    expect(cache.get('c')).toBe(3);
  });

  it('keeps a bound of one to the newest entry', () => {
    const { cache } = cacheAt(60_000, 1);
    cache.set('a', 1);
    cache.set('b', 2);
    expect([cache.size, cache.has('a'), cache.get('b')]).toEqual([1, false, 2]);
  });

  it('forgets an entry exactly when its time to live ends', () => {
    // Prepare
    const { cache, clock } = cacheAt(100, 10);
    cache.set('a', 1);

    // Act / Assess
    clock.now += 99;
    expect(cache.get('a')).toBe(1);
    clock.now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('lets one entry live shorter than the default', () => {
    const { cache, clock } = cacheAt(60_000, 10);
    cache.set('miss', 0, 50);
    cache.set('hit', 1);
    clock.now += 50;
    expect([cache.has('miss'), cache.has('hit')]).toEqual([false, true]);
  });

  it('tells a cached falsy value from a missing one', () => {
    const { cache } = cacheAt(60_000, 10);
    cache.set('zero', 0);
    expect(cache.has('zero')).toBe(true);
    expect(cache.has('none')).toBe(false);
  });
});
