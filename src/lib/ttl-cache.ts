/**
 * A small map whose entries expire, bounded in size (the oldest entries go first), so that
 * caches and de-duplication sets cannot grow without limit in a long-running process.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    /** How long an entry lives, in milliseconds (each `set` may override it). */
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Remembers keys for a while: `firstTime(key)` is true once, then false until the key expires. */
export class RecentKeys {
  private readonly seen: TtlCache<true>;

  constructor(ttlMs: number, maxEntries: number, now?: () => number) {
    this.seen = new TtlCache(ttlMs, maxEntries, now);
  }

  firstTime(key: string): boolean {
    if (this.seen.get(key)) return false;
    this.seen.set(key, true);
    return true;
  }
}
