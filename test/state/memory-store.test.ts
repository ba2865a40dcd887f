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

  test('a family limit drops that family\'s least recently used keys only', async () => {
    const store = new MemoryStateStore({ maxKeys: 1000, familyLimits: { seen: 3 } });
    await store.set('conv:a', 1, 60_000);
    for (let i = 0; i < 10; i++) await store.setIfAbsent(`seen:${i}`, 1, 60_000);
    await store.increment('rate:u', 60_000);
    expect(store.familySize('seen')).toBe(3);
    expect(await store.get('seen:9')).toBe(1);
    expect(await store.get('seen:6')).toBeUndefined();
    expect([await store.get('conv:a'), await store.get('rate:u')]).toEqual([1, 1]);
    await store.delete('seen:9');
    expect(store.familySize('seen')).toBe(2);
    expect(store.upForMs()).toBe(Infinity);
  });

  test('a log holds exactly maxLen entries', async () => {
    const store = new MemoryStateStore({ maxKeys: 10 });
    for (let i = 0; i < 30; i++) await store.appendLog('log', i, 7);
    expect(await store.readLog('log')).toEqual([23, 24, 25, 26, 27, 28, 29]);
  });
});
