import { rateLimitAwareFetch, type RateLimitWait } from '../../../src/adapters/slack/rate-limit-fetch';

/** The per-request 429 handling, without a network: scripted answers, a recorded sleep. */
function scripted(statuses: Array<[number, string?]>) {
  const sent: Array<RequestInit | undefined> = [];
  const slept: number[] = [];
  const waits: RateLimitWait[] = [];
  const fetchFn = (async (_input: unknown, init?: RequestInit) => {
    const [status, retryAfter] = statuses[sent.length] ?? [200];
    sent.push(init);
    return new Response(status === 200 ? '{"ok":true}' : null, { status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });
  }) as typeof fetch;
  const wrapped = rateLimitAwareFetch({ retries: 2, timeoutMs: 1000, maxWaitMs: 10_000, fetchFn, sleep: async (ms) => void slept.push(ms), onRateLimited: (w) => waits.push(w) });
  return { wrapped, sent, slept, waits };
}

const URL_ = 'http://127.0.0.1:1/api/chat.postMessage';

test('waits Retry-After, then sends the same request again, with a fresh time-out', async () => {
  const s = scripted([[429, '2'], [200]]);
  const response = await s.wrapped(URL_, { method: 'POST', body: 'a=1' });
  expect(response.status).toBe(200);
  expect(s.slept).toEqual([2000]);
  expect(s.sent).toHaveLength(2);
  expect(s.sent[1]).toMatchObject({ method: 'POST', body: 'a=1' });
  expect(s.sent[1]?.signal).toBeInstanceOf(AbortSignal);
  expect(s.waits).toEqual([{ method: 'chat.postMessage', retryAfterSeconds: 2, attempt: 1, retrying: true }]);
});

test('gives up after its retries, returning the 429 for the client to fail the call', async () => {
  const s = scripted([[429, '1'], [429, '1'], [429, '1'], [200]]);
  expect((await s.wrapped(URL_, {})).status).toBe(429);
  expect(s.sent).toHaveLength(3);
  expect(s.waits.map((w) => w.retrying)).toEqual([true, true, false]);
});

test('a 429 without a readable Retry-After, or one too long, is not retried', async () => {
  for (const header of [undefined, 'soon', '3600']) {
    const s = scripted([[429, header], [200]]);
    expect((await s.wrapped(URL_, {})).status).toBe(429);
    expect(s.sent).toHaveLength(1);
    expect(s.slept).toEqual([]);
  }
});

test('other statuses pass through untouched (the client retries 5xx itself)', async () => {
  const s = scripted([[500], [200]]);
  expect((await s.wrapped(URL_, {})).status).toBe(500);
  expect(s.sent).toHaveLength(1);
});
