import { createSlackAdapter } from '../../../src/adapters/slack';
import { HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/logger';
import { FakeSlackWebApi } from '../../fakes/slack-web-api';
import { createTestService } from '../../helpers/bot';
import { visibleText } from './blocks';
import { directMessage, eventEnvelope, slashCommand } from './builders';
import { SIGNING_SECRET, startHttpHarness, TEST_WEB_API_POLICY } from './harness';
import { failOnUnhandledRejections } from './guards';

/** Start-up checks, Web API failure handling and stopping. */
failOnUnhandledRejections();

describe('start-up', () => {
  const api = new FakeSlackWebApi();
  beforeAll(() => api.start());
  afterAll(() => api.close());

  function adapterWith(botToken: string, apiUrl: string, http = new HttpServer(silentLogger())) {
    return createSlackAdapter({
      service: createTestService(),
      logger: silentLogger(),
      http,
      config: { botToken, mode: 'http', signingSecret: SIGNING_SECRET, apiUrl },
      webApiPolicy: TEST_WEB_API_POLICY,
    });
  }

  test('a rejected token fails start() with a message naming SLACK_BOT_TOKEN, without the token', async () => {
    const http = new HttpServer(silentLogger());
    const adapter = adapterWith('xoxb-wrong-token-123', api.apiUrl, http);
    const failure = adapter.start();
    await expect(failure).rejects.toThrow(/SLACK_BOT_TOKEN \(invalid_auth\)/);
    await expect(failure).rejects.not.toThrow(/xoxb-wrong-token-123/);
    expect(adapter.isReady()).toBe(false);
    // auth.test went to SLACK_API_URL, and no route was added.
    expect(api.callsTo('auth.test').at(-1)?.token).toBe('xoxb-wrong-token-123');
    const port = await http.listen(0, '127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    await http.close();
  });

  test('an unreachable SLACK_API_URL fails start() with a message naming it', async () => {
    const closed = new FakeSlackWebApi();
    await closed.start();
    const url = closed.apiUrl;
    await closed.close();
    await expect(adapterWith(api.behaviour.botToken, url).start()).rejects.toThrow(/Could not reach the Slack Web API at http:\/\/127\.0\.0\.1:\d+\/api\/.*SLACK_API_URL/);
  });
});

describe('Web API calls and stopping', () => {
  test('a 429 is retried after its Retry-After, and the answer still arrives', async () => {
    const h = await startHttpHarness();
    try {
      h.api.behaviour.rateLimitOnce.set('chat.postMessage', 1);
      await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { channel: 'D1' }))));
      const retried = await h.api.nth('chat.postMessage', 2);
      const first = h.api.callsTo('chat.postMessage')[0];
      expect(retried.at - first.at).toBeGreaterThanOrEqual(950);
      expect(retried.args.channel).toBe('D1');
    } finally {
      await h.close();
    }
  });

  test("a slow users.info does not hold a slash command past Slack's 3 seconds", async () => {
    const h = await startHttpHarness();
    try {
      h.api.behaviour.users.USLOW = { locale: 'en-US' };
      h.api.behaviour.delayMs.set('users.info', 1600);
      const started = Date.now();
      const res = await h.post(slashCommand({ text: 'imap port', user_id: 'USLOW', response_url: h.api.responseUrl('slow') }));
      expect(Date.now() - started).toBeLessThan(1500);
      expect(res.status).toBe(200);
      // Answered without the locale: the text alone decides, here in English.
      expect(visibleText((await res.json()) as { text: string })).toContain('993');
    } finally {
      await h.close();
    }
  });

  test('stop() waits for an answer in flight, then refuses new requests with 503', async () => {
    const h = await startHttpHarness();
    try {
      expect(h.adapter.isReady()).toBe(true);
      h.api.behaviour.delayMs.set('chat.postMessage', 400);
      await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { channel: 'D1' }))));
      await h.api.nth('chat.postMessage');
      const started = Date.now();
      await h.adapter.stop();
      // The delayed chat.postMessage was still being answered: stop() waited for it.
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(h.adapter.isReady()).toBe(false);
      const late = await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { channel: 'D2' }))));
      expect(late.status).toBe(503);
    } finally {
      await h.close();
    }
  });
});
