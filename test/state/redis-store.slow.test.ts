import { createLogger } from '../../src/logger';
import { Metrics } from '../../src/ops/metrics';
import { createStateStore, MemoryStateStore, StateUnavailableError, type StateStore } from '../../src/state';
import { RedisStateStore, type RedisStateStoreOptions } from '../../src/state/redis-store';
import { LogCapture } from '../helpers/log-capture';
import { RedisServer } from '../helpers/redis-server';
import { stateStoreContract } from './contract';

// Characters that need escaping in a URL, so the redaction is tested on the hard case.
const PASSWORD = 'pa55:w0rd@with/odd?chars';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: RedisServer;
const logs = new LogCapture();
const logger = createLogger('info', logs);
const opened: StateStore[] = [];

/** A store on the test server, with short fault timings; closed after its test (so it logs nothing in the next one). */
async function open(overrides: Partial<RedisStateStoreOptions> = {}): Promise<RedisStateStore> {
  const store = await connect(overrides);
  opened.push(store);
  return store;
}

async function connect(overrides: Partial<RedisStateStoreOptions> = {}): Promise<RedisStateStore> {
  const store = new RedisStateStore({
    url: server.url,
    prefix: 'test:',
    logger,
    commandTimeoutMs: 200,
    connectTimeoutMs: 1000,
    retryAfterFailureMs: 100,
    maxReconnectDelayMs: 100,
    ...overrides,
  });
  await store.ready();
  return store;
}

const events = (name: string) => logs.lines.filter((line) => line.event === name);

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}

beforeAll(async () => {
  server = await RedisServer.start({ password: PASSWORD });
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await server?.dispose();
});

// The contract closes its own store after its suite.
stateStoreContract('redis', () => connect({ prefix: 'test:contract:' }));

describe('Redis keys', () => {
  test('every key the contract suite left has an expiry, and all are under the prefix', async () => {
    const inspector = server.client();
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await inspector.scan(cursor, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      expect(keys.length).toBeGreaterThan(10);
      expect(keys.filter((key) => !key.startsWith('test:contract:'))).toEqual([]);
      const ttls = await Promise.all(keys.map((key) => inspector.pttl(key)));
      expect(keys.filter((_, i) => !(ttls[i] > 0))).toEqual([]);
    } finally {
      inspector.disconnect();
    }
  });

  test('two replicas share state: one setIfAbsent and one lease win across both', async () => {
    const [a, b] = [await open(), await open()];
    const wins = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).setIfAbsent('shared:event:1', i, 10_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await a.acquireLease('shared:case:7', 'replica-a', 10_000)).toBe(true);
    expect(await b.acquireLease('shared:case:7', 'replica-b', 10_000)).toBe(false);
    expect(await b.releaseLease('shared:case:7', 'replica-b')).toBe(false);
    await a.set('shared:conv', { lang: 'en' }, 10_000);
    expect(await b.get('shared:conv')).toEqual({ lang: 'en' });
    expect([await a.increment('shared:rate', 10_000), await b.increment('shared:rate', 10_000)]).toEqual([1, 2]);
  });

  test('a family limit bounds its keys in Redis (the oldest written go), with an index that expires too', async () => {
    const store = await open({ prefix: 'test:bounded:', familyLimits: { seen: 50, rate: 20 } });
    for (let i = 0; i < 300; i++) {
      await store.setIfAbsent(`seen:${i}`, 1, 60_000);
      await store.increment(`rate:user-${i % 40}`, 60_000);
    }
    await store.set('conv:x', { lang: 'fr' }, 60_000);
    const inspector = server.client();
    try {
      const keys = await inspector.keys('test:bounded:*');
      expect(keys.filter((k) => k.startsWith('test:bounded:seen:'))).toHaveLength(50);
      expect(keys.filter((k) => k.startsWith('test:bounded:rate:'))).toHaveLength(20);
      expect(await store.get('seen:299')).toBe(1);
      expect(await store.get('seen:0')).toBeUndefined();
      expect(await store.setIfAbsent('seen:299', 1, 60_000)).toBe(false);
      const ttls = await Promise.all(keys.map((k) => inspector.pttl(k)));
      expect(keys.filter((_, i) => !(ttls[i] > 0))).toEqual([]);
      expect(await inspector.zcard('test:bounded:~index:seen')).toBe(50);
    } finally {
      inspector.disconnect();
    }
  });

  test('operations asked for together go in one call, in order, and a failing one fails alone', async () => {
    const store = await open({ prefix: 'test:batch:' });
    await store.appendLog('log', { q: 'x' }, 10);
    const inspector = server.client();
    try {
      // Script calls, whether ioredis sends the script itself (EVAL) or its digest (EVALSHA).
      const calls = async () => [...(await inspector.info('commandstats')).matchAll(/cmdstat_eval(?:sha)?:calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      const before = await calls();
      // A message's de-duplication, rate count and conversation read, as the service asks for them.
      const [first, count, conversation, again, misuse, written, read] = await Promise.allSettled([
        store.setIfAbsent('seen:slack:E1', 1, 60_000),
        store.increment('rate:slack:U1', 60_000),
        store.get('conv:slack:C1'),
        store.setIfAbsent('seen:slack:E1', 1, 60_000),
        store.increment('log', 60_000),
        store.set('conv:slack:C1', { lang: 'fr' }, 60_000),
        store.get('conv:slack:C1'),
      ]);
      expect(await calls()).toBe(before + 1);
      expect([first, count, conversation, again].map((r) => r.status === 'fulfilled' && r.value)).toEqual([true, 1, undefined, false]);
      expect(misuse.status === 'rejected' && misuse.reason).toBeInstanceOf(TypeError);
      expect(written.status).toBe('fulfilled');
      expect(read.status === 'fulfilled' && read.value).toEqual({ lang: 'fr' });
      expect(store.health()).toBe('ok');
    } finally {
      inspector.disconnect();
    }
  });

  test('createStateStore: memory without REDIS_URL, Redis with it', async () => {
    const memory = await createStateStore({}, logger);
    expect(memory).toBeInstanceOf(MemoryStateStore);
    const shared = await createStateStore({ redis: { url: server.url, prefix: 'test:factory:' } }, logger);
    opened.push(shared, memory);
    expect(shared.kind).toBe('redis');
    expect(shared.health()).toBe('ok');
    await shared.set('k', 1, 10_000);
    const inspector = server.client();
    expect(await inspector.get('test:factory:k')).toBe('1');
    inspector.disconnect();
  });
});

describe('Redis faults', () => {
  beforeEach(() => {
    logs.lines = [];
  });

  test('unreachable at start-up: start-up goes on, answers come from memory, one warning', async () => {
    const metrics = new Metrics(false);
    const started = Date.now();
    const store = await open({ url: `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:1`, metrics });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(store.health()).toBe('degraded');
    await store.set('a', { x: 1 }, 10_000);
    expect(await store.get('a')).toEqual({ x: 1 });
    expect(await store.setIfAbsent('a', 2, 10_000)).toBe(false);
    expect(await store.increment('r', 10_000)).toBe(1);
    await sleep(400); // several reconnection attempts fail meanwhile: still one warning
    expect(events('state_degraded')).toHaveLength(1);
    expect(events('state_degraded')[0]).toMatchObject({ level: 40, redis: 'redis://:[redacted]@127.0.0.1:1' });
    expect((await metrics.stateOutages.get()).values[0].value).toBe(1);
    expect((await metrics.stateDegraded.get()).values[0].value).toBe(1);
    const fallbacks = (await metrics.stateFallbacks.get()).values;
    expect(fallbacks.find((v) => v.labels.op === 'set')?.value).toBe(1);
  });

  test('a wrong password: degraded, one warning that says why, and the password is not in it', async () => {
    const store = await open({ url: `redis://:not-${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}` });
    await sleep(300);
    expect(store.health()).toBe('degraded');
    expect(events('state_degraded')).toHaveLength(1);
    expect(String(events('state_degraded')[0].reason)).toMatch(/WRONGPASS|NOAUTH|invalid/i);
    expect(await store.setIfAbsent('x', 1, 1000)).toBe(true);
  });

  test('leases are never answered from memory: while Redis is unreachable they reject, and upForMs is 0', async () => {
    const store = await open({ url: `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:1` });
    await expect(store.acquireLease('lease:gateway', 'a', 10_000)).rejects.toThrow(StateUnavailableError);
    await expect(store.renewLease('lease:gateway', 'a', 10_000)).rejects.toThrow(StateUnavailableError);
    await expect(store.releaseLease('lease:gateway', 'a')).rejects.toThrow(StateUnavailableError);
    expect(store.upForMs()).toBe(0);
    const up = await open();
    await sleep(30);
    expect(up.upForMs()).toBeGreaterThan(0);
    // The server's own uptime: a store connected just now to a server up for a while says so.
    await sleep(1000);
    const late = await open();
    await sleep(30);
    expect(late.upForMs()).toBeGreaterThanOrEqual(1000);
  });

  test('Redis killed mid-traffic: no call throws, one warning; restarted: ok again, one info, shared again', async () => {
    const metrics = new Metrics(false);
    const store = await open({ metrics });
    expect(store.health()).toBe('ok');
    let stop = false;
    let calls = 0;
    const failures: unknown[] = [];
    // Several "messages" at once, each touching the store the way the bot will.
    const traffic = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = 0; !stop; i++) {
        try {
          await store.increment(`rate:user-${worker}`, 60_000);
          await store.setIfAbsent(`event:${worker}:${i}`, 1, 60_000);
          await store.set(`conv:${worker}`, { turn: i }, 60_000);
          await store.get(`conv:${worker}`);
          await store.appendLog('unanswered', { worker, i }, 100);
          calls += 5;
        } catch (error) {
          failures.push(error);
        }
        await sleep(5);
      }
    });
    await sleep(150);
    await server.kill();
    await sleep(400);
    expect(store.health()).toBe('degraded');
    const callsWhileDown = calls;
    await sleep(100);
    expect(calls).toBeGreaterThan(callsWhileDown); // answering goes on, from memory
    await server.start();
    await waitFor(() => store.health() === 'ok');
    await sleep(100);
    stop = true;
    await Promise.all(traffic);

    expect(failures).toEqual([]);
    expect(events('state_degraded')).toHaveLength(1);
    expect(events('state_restored')).toHaveLength(1);
    expect((await metrics.stateOutages.get()).values[0].value).toBe(1);
    expect((await metrics.stateDegraded.get()).values[0].value).toBe(0);
    expect((await metrics.stateFallbacks.get()).values.reduce((sum, v) => sum + v.value, 0)).toBeGreaterThan(0);
    // Shared again: what one replica writes, another reads.
    const other = await open();
    await store.set('after', 'back', 10_000);
    expect(await other.get('after')).toBe('back');
  });

  test('a Redis that hangs: every call returns within the command time-out, then ok again', async () => {
    const store = await open();
    await store.set('before', 1, 10_000);
    server.pause();
    try {
      const started = Date.now();
      const results = await Promise.all([store.get('before'), store.increment('r', 10_000), store.setIfAbsent('e', 1, 10_000)]);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(results).toEqual([undefined, 1, true]); // from memory, which never had "before"
      expect(store.health()).toBe('degraded');
      expect(events('state_degraded')).toHaveLength(1);
    } finally {
      server.resume();
    }
    await sleep(150);
    await store.get('before'); // the first call after the pause finds Redis again
    expect(store.health()).toBe('ok');
    expect(await store.get('before')).toBe(1);
    expect(events('state_restored')).toHaveLength(1);
  });

  test('the password never reached the logs, in any form', () => {
    for (const form of [PASSWORD, encodeURIComponent(PASSWORD), 'pa55']) expect(logs.raw).not.toContain(form);
  });
});
