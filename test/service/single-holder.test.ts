import { silentLogger } from '../../src/logger';
import { SingleHolder, type ExclusiveJob } from '../../src/service';
import { MemoryStateStore, StateUnavailableError, type StateStore } from '../../src/state';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TIMINGS = { leaseMs: 300, renewEveryMs: 50, pollEveryMs: 30 };

/** A job that records when it runs, and how many run at once across "replicas". */
function jobs() {
  let running = 0;
  let most = 0;
  const log: string[] = [];
  const make = (name: string): ExclusiveJob => ({
    async start() {
      running++;
      most = Math.max(most, running);
      log.push(`${name} start`);
    },
    async stop() {
      running--;
      log.push(`${name} stop`);
    },
  });
  return { make, log, most: () => most, running: () => running };
}

test('one holder at a time; a clean end hands over at once, never two running', async () => {
  const store = new MemoryStateStore({ maxKeys: 100 });
  const j = jobs();
  const a = new SingleHolder({ store, name: 'gateway', logger: silentLogger(), ...TIMINGS }, j.make('a'));
  const b = new SingleHolder({ store, name: 'gateway', logger: silentLogger(), ...TIMINGS }, j.make('b'));
  expect(await a.begin()).toBe(true);
  expect(await b.begin()).toBe(false);
  await sleep(200);
  expect([a.active, b.active]).toEqual([true, false]);
  await a.end();
  await sleep(100);
  expect(b.active).toBe(true);
  await b.end();
  expect(j.log).toEqual(['a start', 'a stop', 'b start', 'b stop']);
  expect(j.most()).toBe(1);
});

test('a holder that dies (stops renewing) is replaced within a lease and a poll', async () => {
  const store = new MemoryStateStore({ maxKeys: 100 });
  const j = jobs();
  const a = new SingleHolder({ store, name: 'gateway', logger: silentLogger(), ...TIMINGS }, j.make('a'));
  const b = new SingleHolder({ store, name: 'gateway', logger: silentLogger(), ...TIMINGS }, j.make('b'));
  await a.begin();
  await b.begin();
  // "kill -9": a's timers stop, its job is gone with it.
  (a as unknown as { ended: boolean }).ended = true;
  clearTimeout((a as unknown as { timer: NodeJS.Timeout }).timer);
  await j.make('a').stop();
  const died = Date.now();
  while (!b.active) await sleep(10);
  expect(Date.now() - died).toBeLessThan(TIMINGS.leaseMs + TIMINGS.pollEveryMs + 150);
  await b.end();
});

test('a start that fails gives the lease back and rejects begin()', async () => {
  const store = new MemoryStateStore({ maxKeys: 100 });
  const failing = new SingleHolder({ store, name: 'gateway', logger: silentLogger(), ...TIMINGS }, {
    start: () => Promise.reject(new Error('Discord rejected DISCORD_TOKEN')),
    stop: async () => undefined,
  });
  await expect(failing.begin()).rejects.toThrow('DISCORD_TOKEN');
  expect(await store.acquireLease('lease:gateway', 'someone-else', 1000)).toBe(true);
  await failing.end();
});

test('store unreachable: the holder keeps its job; the others wait until it has been back a whole lease', async () => {
  const store = new MemoryStateStore({ maxKeys: 100 });
  let down = false;
  let upSince = 0;
  // The store as replicas see a Redis that goes away and comes back empty.
  const flaky: StateStore = Object.create(store, {
    acquireLease: { value: (...args: Parameters<StateStore['acquireLease']>) => (down ? Promise.reject(new StateUnavailableError('acquireLease')) : store.acquireLease(...args)) },
    upForMs: { value: () => (down ? 0 : Date.now() - upSince) },
  });
  const j = jobs();
  const a = new SingleHolder({ store: flaky, name: 'gateway', logger: silentLogger(), ...TIMINGS }, j.make('a'));
  const b = new SingleHolder({ store: flaky, name: 'gateway', logger: silentLogger(), ...TIMINGS }, j.make('b'));
  await a.begin();
  await b.begin();
  down = true;
  await sleep(TIMINGS.leaseMs + 100);
  expect([a.active, b.active]).toEqual([true, false]);
  store.clear(); // restarted without persistence: the lease is gone
  upSince = Date.now();
  down = false;
  await sleep(TIMINGS.leaseMs * 2);
  expect([a.active, b.active]).toEqual([true, false]);
  expect(j.most()).toBe(1);
  await Promise.all([a.end(), b.end()]);
});
