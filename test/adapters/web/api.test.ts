import { caseReference } from '../../../src/adapters/web';
import { clientAddress, SESSION_ID } from '../../../src/adapters/web/http-policy';
import { renderText } from '../../../src/adapters/console/render-text';
import type { ConversationState, Reply } from '../../../src/core';
import { RateLimiter, type ConversationStore } from '../../../src/service';
import { createTestService } from '../../helpers/bot';
import { LogCapture } from '../../helpers/log-capture';
import { startWebChat } from './harness';

type Chat = Awaited<ReturnType<typeof startWebChat>>;

describe('web chat API', () => {
  let chat: Chat;
  const logs = new LogCapture();
  beforeAll(async () => {
    chat = await startWebChat({}, { logs });
  });
  afterAll(() => chat.close());

  test('a first message gets a new random session; the next ones continue it, with the page language as a hint', async () => {
    const first = await chat.post('/chat/api/messages', { text: 'IMAP port?' });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('set-cookie')).toBeNull();
    const { session, reply } = (await first.json()) as { session: string; reply: Reply };
    expect(session).toMatch(SESSION_ID);
    // 18 random bytes in base64url: 144 bits.
    expect(Buffer.from(session, 'base64url')).toHaveLength(18);
    expect(reply).toMatchObject({ lang: 'en', kind: 'answer' });
    expect(reply.paragraphs[0]).toContain('993');

    const second = await chat.post('/chat/api/messages', { session, text: 'et pour POP ?', lang: 'fr', choice: 'mc1|fr|ports' });
    expect(((await second.json()) as { session: string }).session).toBe(session);
    expect(chat.handle.mock.calls.at(-1)?.[0]).toEqual({ platform: 'web', conversationId: `web:${session}`, userId: session, text: 'et pour POP ?', choice: 'mc1|fr|ports', localeHint: 'fr' });

    const other = (await (await chat.post('/chat/api/messages', { text: 'x' })).json()) as { session: string };
    expect(other.session).not.toBe(session);
  });

  test('the conversation is the service\'s: a follow-up in the same session continues it, another session does not', async () => {
    const session = 'F'.repeat(24);
    await chat.post('/chat/api/messages', { session, text: 'quel est le port IMAP ?' });
    const followUp = (await (await chat.post('/chat/api/messages', { session, text: 'et pour POP ?' })).json()) as { reply: Reply };
    expect(renderText(followUp.reply)).toContain('995');
    const elsewhere = (await (await chat.post('/chat/api/messages', { session: 'G'.repeat(24), text: 'et pour POP ?' })).json()) as { reply: Reply };
    expect(renderText(elsewhere.reply)).not.toContain('993');
  });

  test.each([
    ['not JSON', 'text=hello', 400],
    ['an array', [], 400],
    ['no text', { session: 'a'.repeat(24) }, 400],
    ['a short session id', { text: 'x', session: 'abc' }, 400],
    ['a session id with odd characters', { text: 'x', session: `${'a'.repeat(22)}/..` }, 400],
    ['an unknown language', { text: 'x', lang: 'de' }, 400],
    ['a long choice', { text: 'x', choice: 'c'.repeat(101) }, 400],
    ['text over 16,000 characters', { text: 'x'.repeat(16_001) }, 400],
  ])('refuses %s: 400 with a reason', async (_what, body, status) => {
    const response = await chat.post('/chat/api/messages', body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: 'bad_request', reason: expect.any(String) });
  });

  test('JSON only, and size-limited', async () => {
    const form = await fetch(`${chat.base}/chat/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"text":"x"}' });
    expect(form.status).toBe(415);
    const huge = await chat.post('/chat/api/messages', { text: 'x', padding: 'p'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: 'too_large' });
  });

  test('unsafe links never leave the server: only https and mailto', async () => {
    chat.handle.mockResolvedValueOnce({
      lang: 'en',
      kind: 'answer',
      paragraphs: ['links'],
      links: [
        { label: 'ok', url: 'https://example.com/help' },
        { label: 'mail', url: 'mailto:support@example.com' },
        { label: 'js', url: 'javascript:alert(1)' },
        { label: 'data', url: 'data:text/html,<script>alert(1)</script>' },
        { label: 'plain', url: 'http://example.com' },
      ],
    });
    const { reply } = (await (await chat.post('/chat/api/messages', { text: 'links' })).json()) as { reply: { links: Array<{ label: string }> } };
    expect(reply.links.map((l) => l.label)).toEqual(['ok', 'mail']);
  });

  test('the service with nothing to say (rate-limited again) gives 429', async () => {
    chat.handle.mockResolvedValueOnce(null);
    const response = await chat.post('/chat/api/messages', { text: 'again' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await response.json()).toEqual({ error: 'rate_limited' });
  });

  test('handoff: needs a session; with no support desk, the support contact with its links', async () => {
    expect((await chat.post('/chat/api/handoff', { lang: 'en' })).status).toBe(400);
    const session = 'S'.repeat(24);
    await chat.post('/chat/api/messages', { session, text: 'Outlook cannot send' });
    const response = await chat.post('/chat/api/handoff', { session, lang: 'en' });
    expect(response.status).toBe(200);
    const { reply } = (await response.json()) as { session: string; reply: Reply };
    expect(reply).toMatchObject({ lang: 'en', kind: 'notice' });
    expect(reply.paragraphs[0]).toContain('support@example.com');
    expect(reply.links?.[0]).toEqual({ label: 'support@example.com', url: 'mailto:support@example.com' });
    const reference = caseReference(session);
    expect(chat.requestHuman.mock.calls.at(-1)?.[0]).toEqual({
      conversationId: `web:${session}`,
      chosen: 'en',
      requester: { platform: 'web', userId: session, label: `Un visiteur du site (référence ${reference})`, reference },
    });
  });

  describe('origins (CORS)', () => {
    test('a listed site gets its origin echoed; the preflight allows POST with a JSON body, no credentials', async () => {
      const origin = 'https://help.example.com';
      const preflight = await fetch(`${chat.base}/chat/api/messages`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
      const response = await chat.post('/chat/api/messages', { text: 'hi' }, { origin });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('vary')).toBe('origin');
    });

    test('the bot\'s own /chat page (same host) is allowed without being listed', async () => {
      const origin = chat.base;
      const response = await chat.post('/chat/api/messages', { text: 'hi' }, { origin });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    });

    test('any other site is refused, without CORS headers, and logged once', async () => {
      const origin = 'https://evil.example';
      const before = chat.handle.mock.calls.length;
      const preflight = await fetch(`${chat.base}/chat/api/messages`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const response = await chat.post('/chat/api/messages', { text: 'hi' }, { origin });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.json()).toEqual({ error: 'origin_not_allowed' });
      expect((await chat.post('/chat/api/handoff', { session: 'S'.repeat(24) }, { origin })).status).toBe(403);
      expect(chat.handle.mock.calls.length).toBe(before);
      expect(logs.lines.filter((l) => l.event === 'webchat_origin_refused')).toEqual([expect.objectContaining({ origin, level: 40 })]);
    });
  });

  test('GET on the API is not a route (405); no cookie anywhere', async () => {
    const response = await fetch(`${chat.base}/chat/api/messages`);
    expect(response.status).toBe(405);
  });
});

describe('web chat API limits', () => {
  test('per session the service\'s (RATE_LIMIT_MESSAGES: a notice, then 429), then per client address whatever the session', async () => {
    const service = createTestService({ limits: new RateLimiter({ limit: 3, windowMs: 60_000, maxUsers: 100 }) });
    const chat = await startWebChat({ perAddress: { limit: 6, windowMs: 60_000 } }, { service });
    try {
      const session = 'A'.repeat(24);
      const answers: Array<[number, string | undefined]> = [];
      for (let i = 0; i < 5; i++) {
        const response = await chat.post('/chat/api/messages', { session, text: 'imap port?' });
        answers.push([response.status, ((await response.json()) as { reply?: Reply }).reply?.kind]);
      }
      expect(answers).toEqual([[200, 'answer'], [200, 'answer'], [200, 'answer'], [200, 'notice'], [429, undefined]]);
      // A new session per message does not get round the address limit (6 requests from 127.0.0.1 in all).
      expect((await chat.post('/chat/api/messages', { text: 'x' })).status).toBe(200);
      const refused = await chat.post('/chat/api/messages', { text: 'x' });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
    } finally {
      await chat.close();
    }
  });

  test('X-Forwarded-For is ignored unless TRUST_PROXY says a proxy is there', async () => {
    const direct = await startWebChat({ perAddress: { limit: 2, windowMs: 60_000 } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await direct.post('/chat/api/messages', { text: 'x' }, { 'x-forwarded-for': `203.0.113.${i}` })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await direct.close();
    }
    const proxied = await startWebChat({ perAddress: { limit: 2, windowMs: 60_000 }, trustProxyHops: 1 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await proxied.post('/chat/api/messages', { text: 'x' }, { 'x-forwarded-for': `203.0.113.${i}` })).status);
      expect(statuses).toEqual([200, 200, 200]);
    } finally {
      await proxied.close();
    }
  });
});

describe('client address', () => {
  const request = (remoteAddress: string, forwarded?: string) => ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as never;

  test('read from the right, one entry per trusted proxy; what the client wrote further left is not believed', () => {
    expect(clientAddress(request('10.0.0.5', '198.51.100.7'), 0)).toBe('10.0.0.5');
    expect(clientAddress(request('10.0.0.5', '198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.5', '1.2.3.4, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.5', '1.2.3.4, 198.51.100.7, 10.0.0.9'), 2)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.5', '198.51.100.7'), 3)).toBe('198.51.100.7');
    expect(clientAddress(request('10.0.0.5', 'not-an-address'), 1)).toBe('10.0.0.5');
    expect(clientAddress(request('10.0.0.5'), 1)).toBe('10.0.0.5');
  });
});

test('handoff with a support desk: the case carries the visitor\'s reference, and so does what they are told', async () => {
  const chat = await startWebChat();
  const cases: Reply[] = [];
  chat.service.addSupportDesk({ platform: 'slack', post: async (supportCase) => (cases.push(supportCase), true) });
  try {
    const session = 'H'.repeat(24);
    await chat.post('/chat/api/messages', { session, text: 'my password is Hunter22 and outlook cannot send' });
    const { reply } = (await (await chat.post('/chat/api/handoff', { session, lang: 'en' })).json()) as { reply: Reply };
    const reference = caseReference(session);
    expect(reply.title).toBe('An agent has your question');
    expect(reply.paragraphs[0]).toContain(reference);
    expect(cases).toHaveLength(1);
    const text = renderText(cases[0]);
    expect(text).toContain(`Un visiteur du site (référence ${reference}) (chat web, anglais)`);
    expect(text).not.toContain('Hunter22');
  } finally {
    await chat.close();
  }
});

test('conversations live in the service\'s ConversationStore under web:<session>: another replica on the same store continues them', async () => {
  const kept = new Map<string, ConversationState>();
  const conversations: ConversationStore = { get: async (id) => kept.get(id), set: async (id, state) => void kept.set(id, state) };
  const [one, other] = await Promise.all([startWebChat({}, { service: createTestService({ conversations }) }), startWebChat({}, { service: createTestService({ conversations }) })]);
  try {
    const session = 'R'.repeat(24);
    await one.post('/chat/api/messages', { session, text: 'quel est le port IMAP ?' });
    expect([...kept.keys()]).toEqual([`web:${session}`]);
    const followUp = (await (await other.post('/chat/api/messages', { session, text: 'et pour POP ?' })).json()) as { reply: Reply };
    expect(renderText(followUp.reply)).toContain('995');
  } finally {
    await Promise.all([one.close(), other.close()]);
  }
});

test('stop: requests in flight finish; later ones get 503', async () => {
  const chat = await startWebChat();
  chat.handle.mockImplementationOnce(async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { lang: 'en', kind: 'answer', paragraphs: ['slow'] };
  });
  const inFlight = chat.post('/chat/api/messages', { text: 'slow' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const stopped = chat.adapter.stop();
  const late = await chat.post('/chat/api/messages', { text: 'late' });
  expect(late.status).toBe(503);
  expect((await inFlight).status).toBe(200);
  await stopped;
  await chat.close();
});
