import { RecentKeys, TtlCache } from '../../src/lib/ttl-cache';

describe('TtlCache', () => {
  test('entries expire after their time-to-live', () => {
    let now = 0;
    const cache = new TtlCache<string>(1000, 10, () => now);
    cache.set('fr', 'fr-FR');
    now = 999;
    expect(cache.get('fr')).toBe('fr-FR');
    now = 1000;
    expect(cache.get('fr')).toBeUndefined();
  });

  test('the oldest entries go first when full', () => {
    const cache = new TtlCache<number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    expect(cache.size).toBe(2);
  });
});

test('RecentKeys says yes once per key until it expires', () => {
  let now = 0;
  const seen = new RecentKeys(100, 10, () => now);
  expect(seen.firstTime('C1:1.1')).toBe(true);
  expect(seen.firstTime('C1:1.1')).toBe(false);
  expect(seen.firstTime('C1:1.2')).toBe(true);
  now = 100;
  expect(seen.firstTime('C1:1.1')).toBe(true);
});
