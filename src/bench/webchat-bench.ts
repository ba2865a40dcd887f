import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { WIDGET_BUNDLE } from '../adapters/web';
import { App } from '../app';
import { loadConfig } from '../config';
import { PROJECT_ROOT } from '../paths';
import { readLabelled } from '../tools/evaluation';
import { launchChromium } from './chromium';
import { percentile, round } from './stats';

export interface WebChatFigures {
  questions: number;
  /** From the Enter key to the answer painted, in the browser's own clock. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  bundleBytes: number;
  bundleGzipBytes: number;
  browser: string;
}

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * The web chat as a visitor meets it: headless Chromium on a page of another origin embedding
 * the widget, the bot in this process, all on loopback. For each question, the page notes the
 * time of the Enter keydown and of the first frame after the answer's list item is added.
 */
export async function benchWebChat(count = 50): Promise<WebChatFigures> {
  const bundle = readFileSync(WIDGET_BUNDLE);
  const questions = ['devset.en.jsonl', 'devset.fr.jsonl']
    .flatMap((f) => readLabelled(path.join(PROJECT_ROOT, 'eval', f)))
    .filter((q) => !q.conv)
    .map((q) => q.q);
  const warmUp = 5;
  // Alternating languages, spread over the sets, so no two questions are alike.
  const picked = Array.from({ length: count + warmUp }, (_, i) => questions[(i * 37) % questions.length]);

  let hostPage = '';
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(hostPage);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', UNANSWERED_LOG_FILE: 'off', RATE_LIMIT_MESSAGES: '1000', WEBCHAT_ALLOWED_ORIGINS: siteOrigin });
  const input = Object.assign(new PassThrough(), { isTTY: false });
  const app = new App(config, { stdin: input, stdout: discard(), logStream: discard(), notices: discard() });
  await app.start();
  hostPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><script src="http://127.0.0.1:${app.httpPort}/chat/widget.js" defer data-open></script></head><body><p>Help page</p></body></html>`;

  const browser = await launchChromium();
  try {
    const tab = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await tab.goto(siteOrigin);
    const answers = tab.locator('mailconfig-chat li.bot');
    await answers.first().waitFor();
    // In the page: Enter (captured before the widget sees it) starts the clock; the next frame
    // after a new answer is added stops it.
    await tab.evaluate(`(() => {
      const root = document.querySelector('mailconfig-chat').shadowRoot;
      window.__times = [];
      let started = 0;
      root.querySelector('textarea').addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) started = performance.now(); }, true);
      new MutationObserver((records) => {
        if (!started || !records.some((r) => [...r.addedNodes].some((n) => n.classList && n.classList.contains('bot')))) return;
        const from = started;
        started = 0;
        requestAnimationFrame(() => setTimeout(() => window.__times.push(performance.now() - from), 0));
      }).observe(root.querySelector('.messages'), { childList: true });
    })()`);
    const box = tab.locator('mailconfig-chat textarea');
    for (let i = 0; i < picked.length; i++) {
      const before = await answers.count();
      await box.fill(picked[i]);
      await box.press('Enter');
      await answers.nth(before).waitFor();
      await tab.waitForFunction((n) => (globalThis as { __times?: number[] }).__times!.length >= n, i + 1);
    }
    const times = ((await tab.evaluate('window.__times')) as number[]).slice(warmUp).sort((a, b) => a - b);
    return {
      questions: times.length,
      p50Ms: round(percentile(times, 50), 1),
      p95Ms: round(percentile(times, 95), 1),
      maxMs: round(times[times.length - 1], 1),
      bundleBytes: bundle.length,
      bundleGzipBytes: gzipSync(bundle, { level: 9 }).length,
      browser: `Chromium ${browser.version()}`,
    };
  } finally {
    await browser.close();
    await app.stop();
    await new Promise((resolve) => site.close(resolve));
  }
}
