/**
 * A small in-memory cache with a time to live and a size bound, kept in module scope so warm
 * invocations reuse it. The bound matters: a busy contact center sees thousands of distinct agents
 * and callers, and a Lambda container lives for hours.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  public constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  public get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  public has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  public set(key: K, value: V, ttlMs: number = this.ttlMs): void {
    // Re-inserting moves the key to the end, so eviction drops the least recently written.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      // Stryker disable next-line ConditionalExpression: equivalent, Map.delete of a missing key is a no-op
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  public clear(): void {
    this.entries.clear();
  }

  public get size(): number {
    return this.entries.size;
  }
}
