import { App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Reply } from '../../src/core';
import { hostileInputs } from '../helpers/hostile-inputs';
import { Capture, terminalInput } from '../helpers/streams';
import { LogCapture } from '../helpers/log-capture';

/**
 * The same 10,000 hostile inputs as the other platforms' fuzz test, through the web chat's HTTP
 * API as a browser would send them: the server always answers, with a well-formed reply or a
 * clean refusal, and never anything a page could run.
 */
const problems: string[] = [];
function check(ok: boolean, what: string, input: string): void {
  if (!ok && problems.length < 20) problems.push(`${what} for input ${JSON.stringify(input.slice(0, 80))}`);
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

function checkReply(reply: Reply, input: string): void {
  check(reply.lang === 'fr' || reply.lang === 'en', 'no language', input);
  check(Array.isArray(reply.paragraphs) && reply.paragraphs.every((p) => typeof p === 'string'), 'paragraphs not strings', input);
  check(Boolean(reply.title || reply.paragraphs.join('').length > 10), 'empty reply', input);
  check(!strings(reply).some((s) => s.includes('{{')), 'uninterpolated placeholder', input);
  check((reply.links ?? []).every((l) => /^(https:|mailto:)/.test(l.url)), 'a link that is not https or mailto', input);
}

test('10,000 hostile inputs through POST /chat/api/messages', async () => {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', UNANSWERED_LOG_FILE: 'off', RATE_LIMIT_MESSAGES: '10000', RATE_LIMIT_WINDOW_SECONDS: '3600' });
  const app = new App(config, { stdin: terminalInput(), stdout: new Capture(), logStream: new LogCapture(), notices: new Capture() });
  await app.start();
  const url = `http://127.0.0.1:${app.httpPort}/chat/api/messages`;
  const post = (body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${app.httpPort}` }, body });
  try {
    const inputs = [...hostileInputs(10_000)];
    let answered = 0;
    // A few conversations at a time, as several visitors would.
    for (let i = 0; i < inputs.length; i += 8) {
      await Promise.all(
        inputs.slice(i, i + 8).map(async (text, j) => {
          const index = i + j;
          const session = `fuzz${String(index % 50).padStart(20, '0')}`;
          const forged = index % 10 === 0 ? { choice: text.slice(0, 100) } : {};
          const response = await post(JSON.stringify({ session, text, lang: index % 3 === 0 ? 'fr' : undefined, ...forged }));
          const body = (await response.json()) as { reply?: Reply; error?: string };
          // Past 16,000 characters: refused as too long (400), or as too large a body (413).
          if (text.length > 16_000) {
            check((response.status === 400 && body.error === 'bad_request') || (response.status === 413 && body.error === 'too_large'), `expected a refusal, got ${response.status}`, text);
            return;
          }
          check(response.status === 200, `status ${response.status} ${JSON.stringify(body)}`, text);
          if (body.reply) {
            checkReply(body.reply, text);
            answered++;
          }
        }),
      );
    }
    expect(problems).toEqual([]);
    expect(answered).toBeGreaterThan(9_990);

    // Odd bodies are refused cleanly, and nothing leaks into shared prototypes.
    for (const body of ['', 'null', '[]', '"text"', '{"text": 42}', '{"text": null}', '{"text": {"$gt": ""}}', '{"__proto__": {"polluted": 1}, "text": "x"}', '{"constructor": {"prototype": {"polluted": 1}}, "text": "x"}', '{"text":"x"'.repeat(3), '\u0000']) {
      const response = await post(body);
      expect([200, 400]).toContain(response.status);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${app.httpPort}/healthz`)).status).toBe(200);
  } finally {
    await app.stop();
  }
}, 180_000);
