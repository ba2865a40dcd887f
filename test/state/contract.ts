import type { StateStore } from '../../src/state/state-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What every StateStore promises, run against each implementation with real time (Redis keeps
 * its own clock). TTLs are short (with room for a busy machine), so the suite takes about a second.
 */
export function stateStoreContract(name: string, open: () => StateStore | Promise<StateStore>): void {
  describe(`${name}: the StateStore contract`, () => {
    let store: StateStore;
    let n = 0;
    // Each test its own keys, so a test never sees another's leftovers in a shared Redis.
    let key: (suffix: string) => string;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store?.close());
    beforeEach(() => {
      const test = ++n;
      key = (suffix) => `contract:${test}:${suffix}`;
    });

    test('set and get round-trip JSON values; a missing key is undefined', async () => {
      const state = { lang: 'fr', intent: 'ports', entities: { client: 'outlook' }, turns: [{ question: 'port imap ?', intent: 'ports' }] };
      await store.set(key('state'), state, 10_000);
      expect(await store.get(key('state'))).toEqual(state);
      await store.set(key('n'), 42, 10_000);
      await store.set(key('s'), 'texte accentué', 10_000);
      await store.set(key('null'), null, 10_000);
      expect([await store.get(key('n')), await store.get(key('s')), await store.get(key('null'))]).toEqual([42, 'texte accentué', null]);
      expect(await store.get(key('missing'))).toBeUndefined();
    });

    test('what comes back is a copy: changing it changes nothing stored', async () => {
      const value = { turns: ['a'] };
      await store.set(key('copy'), value, 10_000);
      value.turns.push('b');
      const read = await store.get<{ turns: string[] }>(key('copy'));
      read!.turns.push('c');
      expect(await store.get(key('copy'))).toEqual({ turns: ['a'] });
    });

    test('keys expire after their TTL; set replaces the value and the TTL', async () => {
      await store.set(key('short'), 'a', 150);
      await store.set(key('long'), 'b', 10_000);
      expect(await store.get(key('short'))).toBe('a');
      await sleep(200);
      expect(await store.get(key('short'))).toBeUndefined();
      expect(await store.get(key('long'))).toBe('b');
      await store.set(key('long'), 'c', 150);
      await sleep(200);
      expect(await store.get(key('long'))).toBeUndefined();
    });

    test('delete removes a key; deleting a missing key is fine', async () => {
      await store.set(key('d'), 1, 10_000);
      await store.delete(key('d'));
      await store.delete(key('never'));
      expect(await store.get(key('d'))).toBeUndefined();
    });

    test('no key without an expiry: a TTL that is not a positive number is refused', async () => {
      for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(store.set(key('x'), 1, ttl)).rejects.toThrow(RangeError);
        await expect(store.setIfAbsent(key('x'), 1, ttl)).rejects.toThrow(RangeError);
        await expect(store.increment(key('x'), ttl)).rejects.toThrow(RangeError);
        await expect(store.acquireLease(key('x'), 'a', ttl)).rejects.toThrow(RangeError);
      }
      await expect(store.set(key('x'), undefined, 1000)).rejects.toThrow(TypeError);
      expect(await store.get(key('x'))).toBeUndefined();
    });

    test('a key used for two things is refused as a caller bug (TypeError), not hidden', async () => {
      await store.set(key('conv'), { not: 'a counter' }, 10_000);
      await expect(store.increment(key('conv'), 10_000)).rejects.toThrow(TypeError);
      await store.appendLog(key('log'), { q: 1 }, 10);
      await expect(store.increment(key('log'), 10_000)).rejects.toThrow(TypeError);
      expect(store.health()).toBe('ok');
    });

    test('setIfAbsent: exactly one of many concurrent callers wins, and the winner’s value stays', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.setIfAbsent(key('event'), { by: i }, 10_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(key('event'))).toEqual({ by: results.indexOf(true) });
      expect(await store.setIfAbsent(key('event'), { by: 'late' }, 10_000)).toBe(false);
    });

    test('setIfAbsent succeeds again once the key has expired', async () => {
      expect(await store.setIfAbsent(key('dedupe'), 1, 150)).toBe(true);
      expect(await store.setIfAbsent(key('dedupe'), 2, 150)).toBe(false);
      await sleep(200);
      expect(await store.setIfAbsent(key('dedupe'), 3, 10_000)).toBe(true);
      expect(await store.get(key('dedupe'))).toBe(3);
    });

    test('increment counts in a fixed window, also under concurrency, then starts again', async () => {
      const counts = await Promise.all(Array.from({ length: 20 }, () => store.increment(key('user'), 250)));
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // The window does not slide: later increments do not push the expiry back.
      await sleep(60);
      expect(await store.increment(key('user'), 250)).toBe(21);
      await sleep(240);
      expect(await store.increment(key('user'), 250)).toBe(1);
      expect(await store.get(key('user'))).toBe(1);
    });

    test('a lease is exclusive: only its owner renews or releases it', async () => {
      expect(await store.acquireLease(key('case'), 'agent-a', 10_000)).toBe(true);
      expect(await store.acquireLease(key('case'), 'agent-b', 10_000)).toBe(false);
      expect(await store.acquireLease(key('case'), 'agent-a', 10_000)).toBe(true); // the owner again: still its own
      expect(await store.renewLease(key('case'), 'agent-b', 10_000)).toBe(false);
      expect(await store.releaseLease(key('case'), 'agent-b')).toBe(false);
      expect(await store.renewLease(key('case'), 'agent-a', 10_000)).toBe(true);
      expect(await store.releaseLease(key('case'), 'agent-a')).toBe(true);
      expect(await store.releaseLease(key('case'), 'agent-a')).toBe(false);
      expect(await store.acquireLease(key('case'), 'agent-b', 10_000)).toBe(true);
    });

    test('concurrent acquirers: one lease, one owner', async () => {
      const won = await Promise.all(Array.from({ length: 30 }, (_, i) => store.acquireLease(key('lock'), `replica-${i}`, 10_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(await store.get(key('lock'))).toBe(`replica-${won.indexOf(true)}`);
    });

    test('a lease ends by itself unless renewed; a renewal keeps it', async () => {
      expect(await store.acquireLease(key('crashed'), 'a', 150)).toBe(true);
      expect(await store.acquireLease(key('renewed'), 'a', 150)).toBe(true);
      await sleep(80);
      expect(await store.renewLease(key('renewed'), 'a', 400)).toBe(true);
      await sleep(120);
      expect(await store.acquireLease(key('crashed'), 'b', 10_000)).toBe(true);
      expect(await store.renewLease(key('crashed'), 'a', 10_000)).toBe(false);
      expect(await store.acquireLease(key('renewed'), 'b', 10_000)).toBe(false);
    });

    test('a log keeps its newest entries in order, bounded', async () => {
      for (let i = 0; i < 350; i++) await store.appendLog(key('log'), { i, question: `q${i}` }, 20);
      const all = await store.readLog<{ i: number }>(key('log'));
      // Redis trims whole blocks (MAXLEN ~): at least maxLen stay, and at most about 100 more.
      expect(all.length).toBeGreaterThanOrEqual(20);
      expect(all.length).toBeLessThanOrEqual(120);
      expect(all.map((e) => e.i)).toEqual(Array.from({ length: all.length }, (_, j) => 350 - all.length + j));
      expect((await store.readLog<{ i: number }>(key('log'), 3)).map((e) => e.i)).toEqual([347, 348, 349]);
      expect(await store.readLog(key('no-log'))).toEqual([]);
    });

    test('health is ok', () => {
      expect(store.health()).toBe('ok');
    });
  });
}
