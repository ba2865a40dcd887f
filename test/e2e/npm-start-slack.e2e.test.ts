import { FakeSlackWebApi } from '../fakes/slack-web-api';
import { slashCommand, slackSignature, eventEnvelope, mention } from '../adapters/slack/builders';
import { BotProcess } from './bot-process';

const SIGNING_SECRET = 'e2e-signing-secret-fedcba9876543210';

/** The bot started as an operator would (`npm start` and environment variables), driven over HTTP. */
describe('npm start with Slack configured', () => {
  const api = new FakeSlackWebApi();
  let bot: BotProcess;

  const post = (body: string, contentType = 'application/x-www-form-urlencoded') => {
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${bot.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body) },
      body,
    });
  };

  beforeAll(async () => {
    await api.start();
    api.behaviour.users = { UFR: { locale: 'fr-FR' }, UEN: { locale: 'en-US' } };
    bot = new BotProcess({
      SLACK_BOT_TOKEN: api.behaviour.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.apiUrl,
      PORT: '0',
      RATE_LIMIT_MESSAGES: '3',
      LOG_LEVEL: 'info',
    });
    await bot.ready();
  }, 30_000);

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await api.close();
  });

  test('answers a French slash command within the ack, ephemeral', async () => {
    const response = await post(slashCommand({ text: 'quel est le port imap ?', user_id: 'UFR', response_url: api.responseUrl('fr1') }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { response_type: string; text: string; blocks: unknown };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('993');
    expect(JSON.stringify(body.blocks)).toContain('(IMAP)');
  });

  test('answers a mention in its thread', async () => {
    const event = mention('<@UBOT> what is the smtp port?', { user: 'UEN', channel: 'C9' });
    expect((await post(JSON.stringify(eventEnvelope(event)), 'application/json')).status).toBe(200);
    const call = await api.nth('chat.postMessage');
    expect(call.args.thread_ts).toBe(event.ts);
    expect(call.args.text).toContain('465');
  });

  test('health says Slack is connected; metrics count the messages', async () => {
    expect(await (await fetch(`${bot.base}/healthz`)).json()).toEqual({ status: 'ok', adapters: { slack: true } });
    expect(await (await fetch(`${bot.base}/metrics`)).text()).toMatch(/mailconfig_messages_total\{platform="slack",intent="ports",lang="fr"\} 1/);
  });

  test('a user over the rate limit gets one notice, then silence; others still get answers', async () => {
    const ask = (user: string) => post(slashCommand({ text: 'imap port?', user_id: user, response_url: api.responseUrl(user) })).then((r) => r.text());
    for (let i = 0; i < 2; i++) expect(await ask('UEN')).toContain('993');
    expect(await ask('UEN')).toContain('faster than I can answer');
    expect(await ask('UEN')).toBe('');
    expect(await ask('UOTHER')).toContain('993');
  });

  test('unsigned requests get 401', async () => {
    const response = await fetch(`${bot.base}/slack/events`, { method: 'POST', body: 'command=/mailconfig&text=x' });
    expect(response.status).toBe(401);
  });

  test('SIGTERM: exits 0 within 10 seconds, and the logs never held a secret', async () => {
    const t0 = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(bot.stderr).not.toContain(api.behaviour.botToken);
    expect(bot.stderr).not.toContain(SIGNING_SECRET);
    const answered = bot.logs.filter((l) => l.msg === 'message answered');
    expect(answered.length).toBeGreaterThanOrEqual(5);
    for (const line of answered) expect(line).toEqual(expect.objectContaining({ platform: 'slack', lang: expect.any(String), intent: expect.any(String), confidence: expect.any(Number), latencyMs: expect.any(Number) }));
  });
});
