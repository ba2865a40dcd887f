import { MemoryStateStore } from '../../src/state/memory-store';
import { stateStoreContract } from './contract';

stateStoreContract('memory', () => new MemoryStateStore({ maxKeys: 10_000 }));

describe('memory store bounds', () => {
  test('beyond maxKeys the least recently used key goes first (a read counts as a use)', async () => {
    const store = new MemoryStateStore({ maxKeys: 3 });
    await store.set('a', 1, 60_000);
    await store.set('b', 2, 60_000);
    await store.set('c', 3, 60_000);
    await store.get('a');
    await store.set('d', 4, 60_000);
    expect(store.size).toBe(3);
    expect([await store.get('a'), await store.get('b'), await store.get('c'), await store.get('d')]).toEqual([1, undefined, 3, 4]);
  });

  test('expired keys are removed by a sweep without being read', async () => {
    let now = 0;
    const store = new MemoryStateStore({ maxKeys: 1000, sweepIntervalMs: 1000, now: () => now });
    for (let i = 0; i < 100; i++) await store.set(`conv:${i}`, { i }, 500);
    await store.increment('rate:u1', 500);
    await store.appendLog('log', { q: 'x' }, 10, 500);
    expect(store.size).toBe(102);
    now = 1000;
    await store.set('fresh', 1, 5000);
    expect(store.size).toBe(1);
  });

  test('a log holds exactly maxLen entries', async () => {
    const store = new MemoryStateStore({ maxKeys: 10 });
    for (let i = 0; i < 30; i++) await store.appendLog('log', i, 7);
    expect(await store.readLog('log')).toEqual([23, 24, 25, 26, 27, 28, 29]);
  });
});
