/**
 * Shared state of the bot: conversation state, per-user rate limits, "Share in channel"
 * replies, handoff claims, event de-duplication, answer caches and leases. In memory for one
 * process (the default), in Redis when several replicas must agree (REDIS_URL).
 *
 * Every key lives for a limited time: there is no way to write a key without an expiry, so
 * nothing the bot stores can outlive its use or fill the server.
 *
 * Operations never reject because the shared store is unreachable (see RedisStateStore): they
 * answer from local memory instead. Leases are the one exception: a lease answered from one
 * replica's memory would let two replicas hold it, so while the shared store is unreachable
 * they reject with StateUnavailableError. Otherwise operations reject only on the caller's
 * mistakes: a TTL that is not a positive number (RangeError), a value with no JSON form, or a
 * key used for two things, such as counting on a stored object (TypeError).
 *
 * Keys are named `family:rest` ("conv:slack:T1:…"): a store may bound how many keys of one
 * family it keeps (`FamilyLimits`), dropping the least recently written first, so that one busy
 * family (events seen) can never push out another (conversations), and the key count stays
 * below the configured maxima whatever the traffic.
 */

/** 'degraded': the shared store cannot be reached and this replica answers from its own memory. */
export type StateHealth = 'ok' | 'degraded';

/** The operations, as named in metrics (fallbacks per operation). */
export type StateOperation =
  | 'get'
  | 'set'
  | 'setIfAbsent'
  | 'delete'
  | 'increment'
  | 'acquireLease'
  | 'renewLease'
  | 'releaseLease'
  | 'appendLog'
  | 'readLog';

/** The part of a key before its first ':' ("conv" for "conv:slack:T1:…"); the whole key when it has none. */
export function familyOf(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

/** Keys kept at most per family ("conv": 10000); families not listed are bounded only by the store's own limit. */
export type FamilyLimits = Readonly<Record<string, number>>;

/** A lease operation while the shared store cannot be reached: nobody can tell who holds the lease. */
export class StateUnavailableError extends Error {
  constructor(operation: StateOperation) {
    super(`${operation}: the shared state store cannot be reached`);
    this.name = 'StateUnavailableError';
  }
}

/** How long a log stream is kept after its last append when the caller does not say: 30 days. */
export const DEFAULT_LOG_RETENTION_MS = 30 * 24 * 3600 * 1000;

export interface StateStore {
  readonly kind: 'memory' | 'redis';

  /**
   * The value stored under `key`, or undefined when absent or expired. Values go through JSON:
   * what comes back is a copy (a Date comes back as its ISO string, undefined fields vanish).
   */
  get<T = unknown>(key: string): Promise<T | undefined>;

  /** Stores a JSON-serialisable value for `ttlMs` milliseconds (at least 1), replacing any other. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;

  /** Stores the value only when the key is absent; true when this call stored it (atomic: SET NX PX). */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;

  delete(key: string): Promise<void>;

  /**
   * Counts calls in a fixed window: the first call creates the counter (1) with an expiry of
   * `windowMs`; later calls add 1 without moving the expiry; after it, counting starts again at 1.
   */
  increment(key: string, windowMs: number): Promise<number>;

  /**
   * Takes the lease `key` for `owner` for `leaseMs`: true when `owner` now holds it (newly, or
   * already and now extended), false when someone else does. The lease ends by itself after
   * `leaseMs` unless renewed, so a crashed owner never holds it for ever. Leases reject with
   * StateUnavailableError while the shared store is unreachable (never answered from memory).
   */
  acquireLease(key: string, owner: string, leaseMs: number): Promise<boolean>;

  /** Extends the lease to `leaseMs` from now, only if `owner` still holds it; false otherwise. */
  renewLease(key: string, owner: string, leaseMs: number): Promise<boolean>;

  /** Ends the lease, only if `owner` holds it; false otherwise (expired, or someone else's). */
  releaseLease(key: string, owner: string): Promise<boolean>;

  /**
   * Appends a JSON entry to a bounded log (the unanswered questions shared by replicas). The
   * log keeps about the last `maxLen` entries: exactly in memory, at least `maxLen` and at most
   * about 100 more in Redis (trimming whole blocks is much cheaper). The log itself expires
   * `retentionMs` after its last append (default 30 days).
   */
  appendLog(stream: string, entry: unknown, maxLen: number, retentionMs?: number): Promise<void>;

  /** The log's entries, oldest first; with `limit`, only the newest `limit`. */
  readLog<T = unknown>(stream: string, limit?: number): Promise<T[]>;

  /** 'ok', or 'degraded' while the shared store is unreachable (the memory store is always 'ok'). */
  health(): StateHealth;

  /**
   * How long the shared store has been running, in ms (Redis: its server's uptime): Infinity
   * for the memory store, 0 while unreachable. A store that has just restarted may have lost
   * its keys (no persistence): a lease seen free then may still be in use by its last holder.
   */
  upForMs(): number;

  /** Resolves once the store is connected or has fallen back to memory (at most its connect time-out): start-up waits for it. */
  ready(): Promise<void>;

  /** Lets go of connections and timers; the store is not to be used afterwards. */
  close(): Promise<void>;
}

/** A time-to-live as an integer number of milliseconds (Redis PX wants one); throws on nonsense. */
export function checkedTtl(ms: number, what = 'ttlMs'): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`${what} must be a positive number of milliseconds (every key expires), got ${String(ms)}`);
  }
  return Math.ceil(ms);
}

/** A positive whole number of entries (log lengths, read limits). */
export function checkedCount(n: number, what: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new RangeError(`${what} must be a whole number above 0, got ${String(n)}`);
  return n;
}

/** The JSON text of a value to store; throws when the value has none (undefined, a function). */
export function toJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`a state value must be JSON-serialisable, got ${typeof value}`);
  return json;
}

/** Parses stored JSON; undefined for text that is not JSON (a key written by something else). */
export function fromJson<T>(json: string | null | undefined): T | undefined {
  if (json === null || json === undefined) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}
