// ioredis rather than node-redis: it has a per-command time-out built in (`commandTimeout`), fails
// commands at once while disconnected (`enableOfflineQueue: false`) and reconnects by itself with
// our back-off (`retryStrategy`), which is the whole fault behaviour wanted here; its Lua commands
// are cached by SHA and re-sent when a restarted Redis has forgotten them; and it is one package
// with its own types (node-redis's `redis` also brings the search, JSON, bloom and time-series modules).
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { MemoryStateStore } from './memory-store';
import { redactRedisUrl } from './redis-url';
import {
  checkedCount,
  checkedTtl,
  DEFAULT_LOG_RETENTION_MS,
  familyOf,
  fromJson,
  StateUnavailableError,
  toJson,
  type FamilyLimits,
  type StateHealth,
  type StateOperation,
  type StateStore,
} from './state-store';

/**
 * The metrics the store feeds, as the store sees them (the bot's `Metrics` has them): declared
 * here so that the state depends on no metrics library.
 */
export interface StateMetrics {
  /** Outages begun. */
  stateOutages: { inc(): void };
  /** Operations answered from local memory, by operation. */
  stateFallbacks: { inc(labels: { op: StateOperation }): void };
  /** 1 while degraded, else 0. */
  stateDegraded: { set(value: number): void };
}

export interface RedisStateStoreOptions {
  /** redis:// or rediss:// URL, possibly with a password: it is only ever logged redacted. */
  url: string;
  /** Put before every key (REDIS_PREFIX). */
  prefix: string;
  logger: Logger;
  metrics?: StateMetrics;
  /** Longest wait for one command before answering from memory. Default 500 ms. */
  commandTimeoutMs?: number;
  /** Longest wait for a connection (and for `ready()` at start-up). Default 2 s. */
  connectTimeoutMs?: number;
  /** After a failed or timed-out command, memory answers for this long before Redis is tried again. Default 1 s. */
  retryAfterFailureMs?: number;
  /** Reconnection back-off: doubles from 50 ms up to about this (±20% jitter). Default 5 s. */
  maxReconnectDelayMs?: number;
  /** Keys the local fallback keeps at most. Default 100,000. */
  fallbackMaxKeys?: number;
  /** Keys kept at most per family, in Redis and in the fallback (the least recently written go first). */
  familyLimits?: FamilyLimits;
}

// Keeps a bounded family's index (a sorted set of its keys by time written) and drops its oldest
// keys beyond the limit. KEYS[2] index; ARGV[i] the key's TTL, ARGV[i+1] the family's limit (0:
// none), ARGV[i+2] now. The index expires with the longest-lived of its keys. Deletions go by
// chunks, since Lua's unpack() has a small stack (a limit lowered by configuration may drop many).
const KEEP_FAMILY_BOUNDED = (i: number) => `
if tonumber(ARGV[${i + 1}]) > 0 then
  redis.call('ZADD', KEYS[2], ARGV[${i + 2}], KEYS[1])
  if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[${i}]) then redis.call('PEXPIRE', KEYS[2], ARGV[${i}]) end
  local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[${i + 1}])
  while over > 0 do
    local oldest = redis.call('ZRANGE', KEYS[2], 0, math.min(over, 500) - 1)
    redis.call('DEL', unpack(oldest))
    redis.call('ZREM', KEYS[2], unpack(oldest))
    over = over - #oldest
  end
end`;

// Each script is one atomic step on the server: no other client runs between its commands.
const SCRIPTS = {
  // KEYS[1] key, KEYS[2] family index; ARGV[1] JSON, ARGV[2] TTL ms, ARGV[3] limit, ARGV[4] now,
  // ARGV[5] '1' to store only when absent. 1 when stored.
  stateSet: {
    numberOfKeys: 2,
    lua: `if ARGV[5] == '1' then
  if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 0 end
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end${KEEP_FAMILY_BOUNDED(2)}
return 1`,
  },
  // KEYS[1] counter, KEYS[2] family index; ARGV[1] window ms, ARGV[2] limit, ARGV[3] now. The
  // expiry is set on the first count only (a fixed window), and on any counter found without
  // one, so that no key ever lives for ever.
  stateIncrement: {
    numberOfKeys: 2,
    lua: `local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if count == 1 then${KEEP_FAMILY_BOUNDED(1)}
end
return count`,
  },
  // KEYS[1] lease, ARGV[1] owner (JSON), ARGV[2] lease ms. Free, or already ours: take (or extend) it.
  stateAcquireLease: {
    numberOfKeys: 1,
    lua: `local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`,
  },
  // Compare-and-set: only the owner renews or releases, never someone who took it after expiry.
  stateRenewLease: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
  },
  stateReleaseLease: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  },
  // KEYS[1] stream, ARGV[1] max length, ARGV[2] retention ms, ARGV[3] entry JSON. The stream gets
  // its expiry in the same step as its entry, so it never exists without one.
  stateAppendLog: {
    numberOfKeys: 1,
    lua: `redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'json', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  },
} as const;

interface ScriptCommands {
  stateSet(key: string, index: string, json: string, ttlMs: number, limit: number, now: number, onlyIfAbsent: '0' | '1'): Promise<number>;
  stateIncrement(key: string, index: string, windowMs: number, limit: number, now: number): Promise<number>;
  stateAcquireLease(key: string, owner: string, leaseMs: number): Promise<number>;
  stateRenewLease(key: string, owner: string, leaseMs: number): Promise<number>;
  stateReleaseLease(key: string, owner: string): Promise<number>;
  stateAppendLog(key: string, maxLen: number, retentionMs: number, json: string): Promise<number>;
}
type ScriptedRedis = Redis & ScriptCommands;

/**
 * State shared by replicas in Redis, with every key under `prefix` and with an expiry. When
 * Redis cannot be reached (at start-up or mid-traffic, or a command takes too long), each
 * operation is answered from a local memory store instead: callers never see a Redis error and
 * never wait more than the command time-out. One warning is logged per outage and one info
 * when Redis is back; the client reconnects by itself with back-off.
 *
 * What was written to memory during an outage stays local and is dropped when Redis is back:
 * Redis is the one truth whenever it answers (a conversation started during the outage may
 * lose its context, which is better than two truths).
 */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis' as const;
  private readonly client: ScriptedRedis;
  private readonly fallback: MemoryStateStore;
  private readonly redactedUrl: string;
  private readonly retryAfterFailureMs: number;
  private readonly connectTimeoutMs: number;
  /** 'starting' until the first connection succeeds or fails; 'down' from a failure until Redis answers again. */
  private state: 'starting' | 'up' | 'down' = 'starting';
  private downSince = 0;
  /** When the Redis server itself started (INFO's uptime), learnt at each connection; 0 until known. */
  private serverStartedAt = 0;
  /** While Redis is down but the connection stays open (a hung server), a PING now and then finds it back. */
  private probe?: NodeJS.Timeout;
  private skipRedisUntil = 0;
  private closing = false;
  private readonly settled: Promise<void>;

  constructor(private readonly options: RedisStateStoreOptions) {
    this.redactedUrl = redactRedisUrl(options.url);
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 1000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    const maxDelay = options.maxReconnectDelayMs ?? 5000;
    this.fallback = new MemoryStateStore({ maxKeys: options.fallbackMaxKeys ?? 100_000, familyLimits: options.familyLimits });
    this.client = new Redis(options.url, {
      commandTimeout: options.commandTimeoutMs ?? 500,
      connectTimeout: this.connectTimeoutMs,
      // Fail at once while disconnected (memory answers) instead of queueing behind a reconnection.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // Doubling back-off with jitter, so that replicas do not all knock at the same instant.
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 16), maxDelay) * (0.8 + Math.random() * 0.4),
      scripts: SCRIPTS,
      connectionName: 'mailconfig-bot',
      enableAutoPipelining: true,
    }) as ScriptedRedis;
    this.settled = new Promise((resolve) => {
      const timer = setTimeout(resolve, this.connectTimeoutMs);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once('ready', done);
      this.client.once('error', done);
    });
    this.client.on('ready', () => {
      this.markUp();
      void this.learnServerStart();
    });
    // Without an 'error' listener the client would crash the process; the outage is logged once by markDown.
    this.client.on('error', (error: Error) => this.markDown(error));
    this.client.on('close', () => this.markDown(new Error('connection closed')));
    this.setDegradedGauge();
  }

  /** Resolves once the first connection has succeeded or failed (at most the connect time-out): start-up waits for it. */
  ready(): Promise<void> {
    return this.settled;
  }

  health(): StateHealth {
    return this.state === 'up' ? 'ok' : 'degraded';
  }

  /** How long the Redis server has been running (it loses its keys at a restart without persistence). */
  upForMs(): number {
    return this.state === 'up' && this.serverStartedAt ? Date.now() - this.serverStartedAt : 0;
  }

  /** Asks the server how long it has been up; where INFO is not allowed, counts from this connection. */
  private async learnServerStart(): Promise<void> {
    this.serverStartedAt = 0;
    const connectedAt = Date.now();
    const info = await this.client.info('server').catch(() => '');
    const uptime = Number(/^uptime_in_seconds:(\d+)/m.exec(info)?.[1]);
    this.serverStartedAt = Number.isFinite(uptime) ? connectedAt - uptime * 1000 : connectedAt;
  }

  private key(key: string): string {
    return `${this.options.prefix}${key}`;
  }

  /** The sorted set indexing a bounded family's keys, and the family's limit (0: unbounded). */
  private family(key: string): [index: string, limit: number] {
    const family = familyOf(key);
    return [`${this.options.prefix}~index:${family}`, this.options.familyLimits?.[family] ?? 0];
  }

  private markUp(): void {
    if (this.state === 'up' || this.closing) return;
    const wasDown = this.state === 'down';
    this.state = 'up';
    this.skipRedisUntil = 0;
    clearInterval(this.probe);
    this.probe = undefined;
    this.setDegradedGauge();
    if (wasDown) {
      // Redis is the truth again: what was kept locally meanwhile must not come back in the next outage.
      this.fallback.clear();
      this.options.logger.info({ event: 'state_restored', redis: this.redactedUrl, downMs: Date.now() - this.downSince }, 'Redis is reachable again: state is shared again');
    } else {
      this.options.logger.info({ event: 'state_connected', redis: this.redactedUrl }, 'connected to Redis: state is shared between replicas');
    }
  }

  private markDown(error: unknown): void {
    if (this.state === 'down' || this.closing) return;
    const atStart = this.state === 'starting';
    this.state = 'down';
    this.downSince = Date.now();
    this.options.metrics?.stateOutages.inc();
    this.setDegradedGauge();
    this.probe = setInterval(() => {
      if (this.client.status === 'ready') this.client.ping().then(() => this.markUp(), () => undefined);
    }, this.retryAfterFailureMs);
    this.probe.unref();
    this.options.logger.warn(
      { event: 'state_degraded', redis: this.redactedUrl, reason: describe(error) },
      atStart
        ? 'Redis cannot be used at start-up: state is kept in this process\'s memory until it can (retrying by itself)'
        : 'Redis cannot be used: state is kept in this process\'s memory until it is back (retrying by itself)',
    );
  }

  private setDegradedGauge(): void {
    this.options.metrics?.stateDegraded.set(this.state === 'up' ? 0 : 1);
  }

  /**
   * Runs one operation on Redis, or on the local memory when Redis is not connected, fails or is
   * too slow; without `viaMemory` (leases), rejects with StateUnavailableError instead.
   */
  private async run<T>(op: StateOperation, viaRedis: () => Promise<T>, viaMemory?: () => Promise<T>): Promise<T> {
    if (this.client.status === 'ready' && Date.now() >= this.skipRedisUntil) {
      try {
        const result = await viaRedis();
        this.markUp();
        return result;
      } catch (error) {
        // A key used for two things is the caller's bug, refused as the memory store refuses it.
        if (error instanceof Error && /WRONGTYPE|ERR value is not an integer/.test(error.message)) throw new TypeError(`${op}: ${error.message}`);
        // Connection lost, time-out, or a refusal such as OOM or READONLY: memory answers meanwhile.
        this.skipRedisUntil = Date.now() + this.retryAfterFailureMs;
        this.markDown(error);
      }
    }
    if (!viaMemory) throw new StateUnavailableError(op);
    this.options.metrics?.stateFallbacks.inc({ op });
    return viaMemory();
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.run(
      'get',
      async () => fromJson<T>(await this.client.get(this.key(key))),
      () => this.fallback.get<T>(key),
    );
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const ttl = checkedTtl(ttlMs);
    const json = toJson(value);
    await this.run(
      'set',
      async () => {
        await this.write(key, json, ttl, '0');
      },
      () => this.fallback.set(key, value, ttl),
    );
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const ttl = checkedTtl(ttlMs);
    const json = toJson(value);
    return this.run(
      'setIfAbsent',
      async () => (await this.write(key, json, ttl, '1')) === 1,
      () => this.fallback.setIfAbsent(key, value, ttl),
    );
  }

  /** SET (NX) in one step with the upkeep of the key's family bound. */
  private write(key: string, json: string, ttl: number, onlyIfAbsent: '0' | '1'): Promise<number> {
    const [index, limit] = this.family(key);
    return this.client.stateSet(this.key(key), index, json, ttl, limit, Date.now(), onlyIfAbsent);
  }

  async delete(key: string): Promise<void> {
    await this.run(
      'delete',
      async () => {
        await this.client.del(this.key(key));
      },
      () => this.fallback.delete(key),
    );
  }

  async increment(key: string, windowMs: number): Promise<number> {
    const window = checkedTtl(windowMs, 'windowMs');
    return this.run(
      'increment',
      async () => {
        const [index, limit] = this.family(key);
        return Number(await this.client.stateIncrement(this.key(key), index, window, limit, Date.now()));
      },
      () => this.fallback.increment(key, window),
    );
  }

  async acquireLease(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const lease = checkedTtl(leaseMs, 'leaseMs');
    return this.run(
      'acquireLease',
      async () => (await this.client.stateAcquireLease(this.key(key), toJson(owner), lease)) === 1,
    );
  }

  async renewLease(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const lease = checkedTtl(leaseMs, 'leaseMs');
    return this.run(
      'renewLease',
      async () => (await this.client.stateRenewLease(this.key(key), toJson(owner), lease)) === 1,
    );
  }

  async releaseLease(key: string, owner: string): Promise<boolean> {
    return this.run(
      'releaseLease',
      async () => (await this.client.stateReleaseLease(this.key(key), toJson(owner))) === 1,
    );
  }

  async appendLog(stream: string, entry: unknown, maxLen: number, retentionMs = DEFAULT_LOG_RETENTION_MS): Promise<void> {
    const max = checkedCount(maxLen, 'maxLen');
    const retention = checkedTtl(retentionMs, 'retentionMs');
    const json = toJson(entry);
    await this.run(
      'appendLog',
      async () => {
        await this.client.stateAppendLog(this.key(stream), max, retention, json);
      },
      () => this.fallback.appendLog(stream, entry, max, retention),
    );
  }

  async readLog<T = unknown>(stream: string, limit?: number): Promise<T[]> {
    const count = limit === undefined ? undefined : checkedCount(limit, 'limit');
    return this.run(
      'readLog',
      async () => {
        const key = this.key(stream);
        const rows = count === undefined ? await this.client.xrange(key, '-', '+') : (await this.client.xrevrange(key, '+', '-', 'COUNT', count)).reverse();
        return rows.flatMap(([, fields]) => {
          const at = fields.indexOf('json');
          const value = at < 0 ? undefined : fromJson<T>(fields[at + 1]);
          return value === undefined ? [] : [value];
        });
      },
      () => this.fallback.readLog<T>(stream, count),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.probe);
    await this.fallback.close();
    if (this.client.status === 'ready') {
      // QUIT lets replies in flight arrive; a Redis that does not answer is simply dropped.
      const quit = this.client.quit().catch(() => undefined);
      const timer = new Promise((resolve) => setTimeout(resolve, this.connectTimeoutMs).unref());
      await Promise.race([quit, timer]);
    }
    // Also stops reconnection attempts; after a clean QUIT there is nothing left to stop.
    if (this.client.status !== 'end') this.client.disconnect();
  }
}

/** An error as a short log field, with any Redis URL in it redacted. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return redactRedisUrl(text).slice(0, 300);
}
