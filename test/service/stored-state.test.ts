import { MemoryStateStore } from '../../src/state';
import {
  conversationsInStore,
  deliveriesInStore,
  handoffClaimsInStore,
  keptRepliesInStore,
  rateLimitsInStore,
  stateFamilyLimits,
} from '../../src/service';
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
  expect(Object.keys(stateFamilyLimits({ conversations: 10 }))).toEqual(['conv', 'rate', 'seen', 'share', 'claim', 'lease']);
});
