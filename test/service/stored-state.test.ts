import { MemoryStateStore } from '../../src/state';
import {
  checkRateLimitInStore,
  conversationsInStore,
  deliveriesInStore,
  handoffClaimsInStore,
  keptRepliesInStore,
  rateLimitsInStore,
  reportCacheInStore,
  stateFamilyLimits,
} from '../../src/service';
import { DiagnosticsService, type DomainReport } from '../../src/diagnostics';
import { silentLogger } from '../../src/logger';
import type { ConversationState, Reply } from '../../src/core';

/** Two "replicas" are two users of one store: what one writes, the other reads. */
const shared = () => new MemoryStateStore({ maxKeys: 1000, familyLimits: stateFamilyLimits({ conversations: 100 }) });

test('conversations: written by one, continued by another, at most five turns, under conv:', async () => {
  const store = shared();
  const [a, b] = [conversationsInStore(store, 60_000), conversationsInStore(store, 60_000)];
  const turns = Array.from({ length: 8 }, (_, i) => ({ question: `q${i}`, intent: 'ports' as const }));
  const state: ConversationState = { lang: 'fr', intent: 'ports', entities: { protocol: 'imap' }, turns, lastReply: 'abc' };
  await a.set('slack:T1:C1:U1', state);
  const read = await b.get('slack:T1:C1:U1');
  expect(read).toEqual({ ...state, turns: turns.slice(-5) });
  expect(await store.get('conv:slack:T1:C1:U1')).toBeDefined();
});

test('rate limit: counted across users of one store; one notice, then silence', async () => {
  const store = shared();
  const [a, b] = [rateLimitsInStore(store, { limit: 3, windowMs: 60_000 }), rateLimitsInStore(store, { limit: 3, windowMs: 60_000 })];
  const admissions = [await a.admit('slack:U1'), await b.admit('slack:U1'), await a.admit('slack:U1'), await b.admit('slack:U1'), await a.admit('slack:U1')];
  expect(admissions).toEqual(['allow', 'allow', 'allow', 'notify', 'drop']);
  expect(await b.admit('slack:U2')).toBe('allow');
});

test('deliveries and claims: the first wins, copies lose; a claim released can be taken again', async () => {
  const store = shared();
  const deliveries = deliveriesInStore(store);
  expect(await Promise.all([deliveries.first('slack:Ev1'), deliveries.first('slack:Ev1'), deliveries.first('slack:Ev2')])).toEqual([true, false, true]);
  const claims = handoffClaimsInStore(store);
  expect(await claims.claim('c1')).toBe(true);
  expect(await claims.claim('c1')).toBe(false);
  await claims.release('c1');
  expect(await claims.claim('c1')).toBe(true);
});

test('kept replies: read back by anyone sharing the store', async () => {
  const store = shared();
  const reply: Reply = { lang: 'en', kind: 'answer', title: 'IMAP', paragraphs: ['Port 993.'] };
  const id = 'a4a1c2b6-2f0e-4b7e-9a51-2c1d0e9f8a77';
  await keptRepliesInStore(store).keep(id, reply);
  expect(await keptRepliesInStore(store).get(id)).toEqual(reply);
  expect(await keptRepliesInStore(store).get('not-an-id')).toBeUndefined();
});

test('every family is bounded: a flood of deliveries never pushes conversations out', async () => {
  const store = new MemoryStateStore({ maxKeys: 1000, familyLimits: { ...stateFamilyLimits({ conversations: 100 }), seen: 500 } });
  await conversationsInStore(store, 60_000).set('kept', { lang: 'en', intent: 'ports', entities: {}, turns: [] });
  const deliveries = deliveriesInStore(store);
  for (let i = 0; i < 2000; i++) await deliveries.first(`flood:${i}`);
  expect(store.familySize('seen')).toBe(500);
  expect(await conversationsInStore(store, 60_000).get('kept')).toBeDefined();
  expect(Object.keys(stateFamilyLimits({ conversations: 10 }))).toEqual(['conv', 'rate', 'seen', 'share', 'claim', 'lease', 'diag']);
});

describe('domain checks on several replicas (two services sharing one store)', () => {
  const report = (domain: string): DomainReport => ({ domain, reference: 'REF12345', checkedAt: '2026-12-06T10:00:00.000Z', durationMs: 12, checks: [{ id: 'mx', status: 'ok', code: 'mx.provider', params: {} }] });

  function replicas(store: MemoryStateStore, now: () => number) {
    const probed: string[] = [];
    const service = () =>
      new DiagnosticsService({
        enabled: true,
        logger: silentLogger(),
        check: async (domain) => {
          probed.push(domain);
          return report(domain);
        },
        // Each replica has its own log salt, as in production.
        rateLimit: checkRateLimitInStore(store, { limit: 2, windowMs: 600_000, now }),
        cache: reportCacheInStore(store),
      });
    return { a: service(), b: service(), probed };
  }

  test("a user's limit holds across replicas, and says how long is left in the window", async () => {
    const now = () => 600_000 * 1_666_666 + 240_000; // four minutes into a ten-minute window
    const { a, b } = replicas(shared(), now);
    const outcomes = [await a.check({ user: 'slack:U1', target: 'one.example' }), await b.check({ user: 'slack:U1', target: 'two.example' }), await a.check({ user: 'slack:U1', target: 'three.example' })];
    expect(outcomes.map((o) => o.kind)).toEqual(['report', 'report', 'rate_limited']);
    expect(outcomes[2]).toEqual({ kind: 'rate_limited', retryAfterMs: 360_000 });
    expect((await b.check({ user: 'slack:U2', target: 'three.example' })).kind).toBe('report');
  });

  test("a domain checked on one replica is answered from the report on the other, without probing again", async () => {
    const { a, b, probed } = replicas(shared(), Date.now);
    await a.check({ user: 'slack:U1', target: 'alice@shop.example' });
    const again = await b.check({ user: 'discord:42', target: 'shop.example' });
    expect(again).toMatchObject({ kind: 'report', cached: true, report: { domain: 'shop.example', reference: 'REF12345' } });
    expect(probed).toEqual(['shop.example']);
  });
});
