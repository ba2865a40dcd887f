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
// keys beyond the limit (0: none). The index expires with the longest-lived of its keys.
// Deletions go by chunks, since Lua's unpack() has a small stack (a limit lowered by
// configuration may drop many).
const KEEP_FAMILY_BOUNDED = `local function keepBounded(key, index, ttl, limit, now)
  if limit <= 0 then return end
  redis.call('ZADD', index, now, key)
  if redis.call('PTTL', index) < ttl then redis.call('PEXPIRE', index, ttl) end
  local over = redis.call('ZCARD', index) - limit
  while over > 0 do
    local oldest = redis.call('ZRANGE', index, 0, math.min(over, 500) - 1)
    if #oldest == 0 then break end
    redis.call('DEL', unpack(oldest))
    redis.call('ZREM', index, unpack(oldest))
    over = over - #oldest
  end
end`;

/** Operations that go to Redis together (see `RedisStateStore.batched`), as the batch script names them. */
type BatchedKind = 'get' | 'set' | 'setnx' | 'incr' | 'del';

interface QueuedOperation {
  kind: BatchedKind;
  key: string;
  /** The JSON to store (set, setnx); '' otherwise. */
  value: string;
  /** TTL or window in ms (set, setnx, incr); 0 otherwise. */
  ttl: number;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

/** Operations sent in one script call at most: a busy moment makes several calls, never one long script. */
const MAX_BATCH = 200;

// Each script is one atomic step on the server: no other client runs between its commands.
const SCRIPTS = {
  // Runs key operations in order, in one round trip and one script call: the operations of every
  // message arriving at the same moment (a message's de-duplication, rate count and conversation
  // read go together). KEYS[2i-1] the i-th key, KEYS[2i] its family index; ARGV[1] now, then
  // per operation: kind, JSON value, TTL (or window) ms, family limit. The expiry of a counter is
  // set on the first count only (a fixed window), and on any counter found without one, so that
  // no key ever lives for ever. An operation that fails (a key used for two things) answers
  // {'error', message} and the others still run.
  stateBatch: {
    lua: `${KEEP_FAMILY_BOUNDED}
local now = tonumber(ARGV[1])
local results = {}
for i = 1, #KEYS / 2 do
  local key, index = KEYS[2 * i - 1], KEYS[2 * i]
  local kind, value, ttl, limit = ARGV[4 * i - 2], ARGV[4 * i - 1], tonumber(ARGV[4 * i]), tonumber(ARGV[4 * i + 1])
  local ok, result = pcall(function()
    if kind == 'get' then return redis.call('GET', key) end
    if kind == 'del' then return redis.call('DEL', key) end
    if kind == 'incr' then
      local count = redis.call('INCR', key)
      if count == 1 or redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ttl) end
      if count == 1 then keepBounded(key, index, ttl, limit, now) end
      return count
    end
    if kind == 'setnx' then
      if not redis.call('SET', key, value, 'PX', ttl, 'NX') then return 0 end
    else
      redis.call('SET', key, value, 'PX', ttl)
    end
    keepBounded(key, index, ttl, limit, now)
    return 1
  end)
  if ok then
    results[i] = result
  else
    results[i] = { 'error', type(result) == 'table' and result.err or tostring(result) }
  end
end
return results`,
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
  /** numberOfKeys, then the keys, then the arguments (the number of keys varies). */
  stateBatch(numberOfKeys: number, ...keysThenArgs: Array<string | number>): Promise<unknown[]>;
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
  /** Operations waiting for the next batch (see `batched`). */
  private queued: QueuedOperation[] = [];
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
      // Off: the operations that count are already batched (see `batched`), and a pipeline
      // wrapped around each batch only costs CPU.
      enableAutoPipelining: false,
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
      async () => fromJson<T>((await this.batched('get', key)) as string | null),
      () => this.fallback.get<T>(key),
    );
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const ttl = checkedTtl(ttlMs);
    const json = toJson(value);
    await this.run(
      'set',
      async () => {
        await this.batched('set', key, json, ttl);
      },
      () => this.fallback.set(key, value, ttl),
    );
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const ttl = checkedTtl(ttlMs);
    const json = toJson(value);
    return this.run(
      'setIfAbsent',
      async () => (await this.batched('setnx', key, json, ttl)) === 1,
      () => this.fallback.setIfAbsent(key, value, ttl),
    );
  }

  async delete(key: string): Promise<void> {
    await this.run(
      'delete',
      async () => {
        await this.batched('del', key);
      },
      () => this.fallback.delete(key),
    );
  }

  async increment(key: string, windowMs: number): Promise<number> {
    const window = checkedTtl(windowMs, 'windowMs');
    return this.run(
      'increment',
      async () => Number(await this.batched('incr', key, '', window)),
      () => this.fallback.increment(key, window),
    );
  }

  /**
   * Queues a key operation for the next batch: the operations asked for within one turn of the
   * event loop go to Redis as one script call, in the order asked. A command costs the client
   * more CPU than answering from the cache: a message's five operations as five commands took
   * about 240 µs of the bot's CPU against 80 µs with memory state; batched, about 85 µs.
   */
  private batched(kind: BatchedKind, key: string, value = '', ttl = 0): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.flush());
      this.queued.push({ kind, key, value, ttl, resolve, reject });
    });
  }

  /** Sends what is queued, in calls of at most MAX_BATCH operations. */
  private flush(): void {
    const queued = this.queued;
    this.queued = [];
    for (let start = 0; start < queued.length; start += MAX_BATCH) this.send(queued.slice(start, start + MAX_BATCH));
  }

  private send(operations: QueuedOperation[]): void {
    const keys: string[] = [];
    const args: Array<string | number> = [Date.now()];
    for (const op of operations) {
      const [index, limit] = this.family(op.key);
      keys.push(this.key(op.key), index);
      args.push(op.kind, op.value, op.ttl, limit);
    }
    this.client.stateBatch(keys.length, ...keys, ...args).then(
      (results) => {
        operations.forEach((op, i) => {
          const result = results[i];
          // The operation's own failure (a key used for two things); the others stand.
          if (Array.isArray(result)) op.reject(new Error(String(result[1])));
          else op.resolve(result);
        });
      },
      // The call failed as a whole (connection lost, time-out): each operation falls back on its own.
      (error: unknown) => {
        for (const op of operations) op.reject(error);
      },
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
    // Operations asked for before closing still get their answer (QUIT waits for it).
    this.flush();
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
