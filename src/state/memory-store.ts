import { checkedCount, checkedTtl, DEFAULT_LOG_RETENTION_MS, familyOf, fromJson, toJson, type FamilyLimits, type StateHealth, type StateStore } from './state-store';

export interface MemoryStateStoreOptions {
  /** Keys kept at most (logs count as one key each); the least recently used go first beyond it. */
  maxKeys: number;
  /** Keys kept at most per family, besides `maxKeys`: beyond it, that family's least recently used go first. */
  familyLimits?: FamilyLimits;
  /** Expired keys are all removed at most this often (on a write), besides when read. Default 30 s. */
  sweepIntervalMs?: number;
  now?: () => number;
}

/** A value (JSON text) or a log (JSON texts, oldest first), with its expiry time. */
type Entry = { json: string; log?: undefined; expires: number } | { json?: undefined; log: string[]; expires: number };

/**
 * The state of one process: a Map in recency order (least recently used first), every key with
 * an expiry. Values are kept as JSON text so that callers see what they would see with Redis: a
 * copy, never the object they stored (no caller can change another's state by mutating it).
 */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  /** The keys of each bounded family, least recently used first. */
  private readonly families = new Map<string, Set<string>>();
  private readonly now: () => number;
  private readonly sweepIntervalMs: number;
  private nextSweep: number;

  constructor(private readonly options: MemoryStateStoreOptions) {
    checkedCount(options.maxKeys, 'maxKeys');
    for (const [family, limit] of Object.entries(options.familyLimits ?? {})) {
      checkedCount(limit, `familyLimits.${family}`);
      this.families.set(family, new Set());
    }
    this.now = options.now ?? Date.now;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 30_000;
    this.nextSweep = this.now() + this.sweepIntervalMs;
  }

  /** The live entry under `key`, made most recently used; expired entries are removed on the way. */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.remove(key);
      return undefined;
    }
    this.touch(key, entry);
    return entry;
  }

  /** Makes `key` the most recently used, in the whole store and in its family. */
  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const family = this.families.get(familyOf(key));
    if (family) {
      family.delete(key);
      family.add(key);
    }
  }

  private remove(key: string): void {
    this.entries.delete(key);
    this.families.get(familyOf(key))?.delete(key);
  }

  private put(key: string, entry: Entry): void {
    this.touch(key, entry);
    const now = this.now();
    if (now >= this.nextSweep) this.sweep(now);
    const name = familyOf(key);
    const family = this.families.get(name);
    const familyLimit = this.options.familyLimits?.[name] ?? Infinity;
    while (family && family.size > familyLimit) this.remove(family.values().next().value as string);
    while (this.entries.size > this.options.maxKeys) this.remove(this.entries.keys().next().value as string);
  }

  /** Removes every expired key (a full pass, so it runs at most once per sweep interval). */
  private sweep(now: number): void {
    this.nextSweep = now + this.sweepIntervalMs;
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.remove(key);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return fromJson<T>(this.live(key)?.json);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const ttl = checkedTtl(ttlMs);
    this.put(key, { json: toJson(value), expires: this.now() + ttl });
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const ttl = checkedTtl(ttlMs);
    const json = toJson(value);
    if (this.live(key)) return false;
    this.put(key, { json, expires: this.now() + ttl });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.remove(key);
  }

  async increment(key: string, windowMs: number): Promise<number> {
    const window = checkedTtl(windowMs, 'windowMs');
    const entry = this.live(key);
    if (!entry) {
      this.put(key, { json: '1', expires: this.now() + window });
      return 1;
    }
    const count = fromJson<unknown>(entry.json);
    // Same refusal as Redis's INCR on a value that is not a counter: a key used for two things is a bug.
    if (typeof count !== 'number' || !Number.isInteger(count)) throw new TypeError(`increment: "${key}" holds something other than a counter`);
    entry.json = String(count + 1);
    return count + 1;
  }

  async acquireLease(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const lease = checkedTtl(leaseMs, 'leaseMs');
    const holder = toJson(owner);
    const entry = this.live(key);
    if (entry && entry.json !== holder) return false;
    this.put(key, { json: holder, expires: this.now() + lease });
    return true;
  }

  async renewLease(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const lease = checkedTtl(leaseMs, 'leaseMs');
    const entry = this.live(key);
    if (!entry || entry.json !== toJson(owner)) return false;
    entry.expires = this.now() + lease;
    return true;
  }

  async releaseLease(key: string, owner: string): Promise<boolean> {
    const entry = this.live(key);
    if (!entry || entry.json !== toJson(owner)) return false;
    this.remove(key);
    return true;
  }

  async appendLog(stream: string, entry: unknown, maxLen: number, retentionMs = DEFAULT_LOG_RETENTION_MS): Promise<void> {
    const max = checkedCount(maxLen, 'maxLen');
    const retention = checkedTtl(retentionMs, 'retentionMs');
    const json = toJson(entry);
    const log = this.live(stream)?.log ?? [];
    log.push(json);
    if (log.length > max) log.splice(0, log.length - max);
    this.put(stream, { log, expires: this.now() + retention });
  }

  async readLog<T = unknown>(stream: string, limit?: number): Promise<T[]> {
    const log = this.live(stream)?.log ?? [];
    const newest = limit === undefined ? log : log.slice(-checkedCount(limit, 'limit'));
    return newest.flatMap((json) => {
      const value = fromJson<T>(json);
      return value === undefined ? [] : [value];
    });
  }

  health(): StateHealth {
    return 'ok';
  }

  upForMs(): number {
    return Infinity;
  }

  async ready(): Promise<void> {}

  /** Forgets everything (the Redis store empties its fallback this way when Redis is back). */
  clear(): void {
    this.entries.clear();
    for (const family of this.families.values()) family.clear();
  }

  /** Keys of one family held now (expired ones included until swept). */
  familySize(family: string): number {
    return this.families.get(family)?.size ?? [...this.entries.keys()].filter((key) => familyOf(key) === family).length;
  }

  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    this.clear();
  }
}
