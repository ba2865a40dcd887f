import { App } from '../src/app';
import { loadConfig } from '../src/config';
import { Capture, terminalInput } from './helpers/streams';
import { LogCapture } from './helpers/log-capture';

describe('the running bot', () => {
  let app: App;
  const output = new Capture();
  const logs = new LogCapture();

  beforeAll(async () => {
    app = new App(loadConfig({ PORT: '0', LOG_LEVEL: 'info', UNANSWERED_LOG_FILE: 'off' }), { stdin: terminalInput(), stdout: output, logStream: logs });
    await app.start();
  });
  afterAll(() => app.stop());

  test('serves /healthz and /metrics on its one HTTP server', async () => {
    const base = `http://127.0.0.1:${app.httpPort}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', adapters: {} });
    await app.service.handle({ platform: 'test', conversationId: 'c', userId: 'u', text: 'imap port?' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('mailconfig_messages_total{platform="test",intent="ports",lang="en"} 1');
    expect(metrics).toContain('mailconfig_answer_seconds_bucket');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  test('/healthz says 503 and which adapter is down', async () => {
    app.adapters.push({ name: 'slack', start: async () => undefined, stop: async () => undefined, isReady: () => false });
    const health = await fetch(`http://127.0.0.1:${app.httpPort}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', adapters: { slack: false } });
    app.adapters.pop();
  });
});
