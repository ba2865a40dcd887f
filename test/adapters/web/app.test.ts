import { createServer, type Server } from 'node:net';
import { App } from '../../../src/app';
import { loadConfig, type Config } from '../../../src/config';
import { FakeSlackWebApi } from '../../fakes/slack-web-api';
import { Capture, terminalInput } from '../../helpers/streams';
import { LogCapture } from '../../helpers/log-capture';

const QUIET = { LOG_LEVEL: 'silent', UNANSWERED_LOG_FILE: 'off' };

async function started(config: Config): Promise<{ app: App; notices: Capture; base: string }> {
  const notices = new Capture();
  const app = new App(config, { stdin: terminalInput(), stdout: new Capture(), logStream: new LogCapture(), notices });
  await app.start();
  return { app, notices, base: `http://127.0.0.1:${app.httpPort}` };
}

const ask = (base: string, body: Record<string, unknown>) =>
  fetch(`${base}/chat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('the console chat also serves the web chat, prints its address, and answers from the same core', async () => {
  // The default port taken by something else: the bot takes another and says which.
  const busy: Server = createServer();
  await new Promise<void>((resolve) => busy.listen(0, resolve));
  const busyPort = (busy.address() as { port: number }).port;
  const { app, notices, base } = await started({ ...loadConfig({ ...QUIET, RATE_LIMIT_MESSAGES: '2' }), port: busyPort });
  try {
    expect(app.httpPort).not.toBe(busyPort);
    expect(notices.text).toBe(`Web chat: http://localhost:${app.httpPort}/chat\n`);
    expect((await fetch(`${base}/chat`)).status).toBe(200);

    const first = (await (await ask(base, { text: 'quel est le port IMAP ?' })).json()) as { session: string; reply: { lang: string; paragraphs: string[] } };
    expect(first.reply.lang).toBe('fr');
    expect(first.reply.paragraphs[0]).toContain('993');
    // A follow-up in the same session continues the conversation.
    const followUp = (await (await ask(base, { session: first.session, text: 'et pour POP ?' })).json()) as { reply: unknown };
    expect(JSON.stringify(followUp.reply)).toContain('995');
    // RATE_LIMIT_MESSAGES=2: one polite notice, then 429.
    const notice = (await (await ask(base, { session: first.session, text: 'smtp ?' })).json()) as { reply: { kind: string } };
    expect(notice.reply.kind).toBe('notice');
    expect((await ask(base, { session: first.session, text: 'smtp ?' })).status).toBe(429);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('mailconfig_messages_total{platform="web",intent="ports",lang="fr"} 2');
    // Health lists platforms to be connected to; the web chat is this server itself.
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', adapters: {} });
  } finally {
    await app.stop();
    busy.close();
  }
});

test('WEBCHAT_ENABLED=false: no web chat, and no HTTP server for the console chat alone', async () => {
  const off = await started(loadConfig({ ...QUIET, WEBCHAT_ENABLED: 'false' }));
  expect(off.app.httpPort).toBeUndefined();
  expect(off.notices.text).toBe('');
  await off.app.stop();
  const withPort = await started(loadConfig({ ...QUIET, WEBCHAT_ENABLED: 'false', PORT: '0' }));
  expect((await fetch(`${withPort.base}/chat`)).status).toBe(404);
  expect((await fetch(`${withPort.base}/chat/widget.js`)).status).toBe(404);
  await withPort.app.stop();
});

test('"Talk to a human" from the website posts the case to SLACK_SUPPORT_CHANNEL and tells the user', async () => {
  const api = new FakeSlackWebApi();
  await api.start();
  const { app, base } = await started(
    loadConfig({ ...QUIET, PORT: '0', SLACK_BOT_TOKEN: api.behaviour.botToken, SLACK_SIGNING_SECRET: 'web-e2e-secret', SLACK_API_URL: api.apiUrl, SLACK_SUPPORT_CHANNEL: 'CSUPPORT' }),
  );
  try {
    const { session } = (await (await ask(base, { text: 'Outlook cannot send, error 0x800CCC0E', lang: 'en' })).json()) as { session: string };
    const response = await fetch(`${base}/chat/api/handoff`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session, lang: 'en' }) });
    const { reply } = (await response.json()) as { reply: { title: string; paragraphs: string[] } };
    expect(reply.title).toBe('An agent has your question');
    const post = await api.nth('chat.postMessage');
    expect(post.args.channel).toBe('CSUPPORT');
    expect(post.args.text).toContain('0x800CCC0E');
    expect(JSON.stringify(post.args.blocks)).toMatch(/web chat|chat web/);
  } finally {
    await app.stop();
    await api.close();
  }
});
