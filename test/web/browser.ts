import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Locator } from 'playwright-core';
import { App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { Capture, terminalInput } from '../helpers/streams';
import { LogCapture } from '../helpers/log-capture';

export { chromiumPath, CHROMIUM_ARGS, launchChromium } from '../../src/bench/chromium';

/** A free TCP port on 127.0.0.1 (for a bot that must come back on the same address). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The bot in this process, as `npm start` wires it, on `port`. */
export async function startBot(port: number, env: Record<string, string> = {}): Promise<{ app: App; base: string; logs: LogCapture }> {
  const logs = new LogCapture();
  const config = loadConfig({ PORT: String(port), LOG_LEVEL: 'info', UNANSWERED_LOG_FILE: 'off', RATE_LIMIT_MESSAGES: '1000', ...env });
  const app = new App(config, { stdin: terminalInput(), stdout: new Capture(), logStream: logs, notices: new Capture() });
  await app.start();
  return { app, base: `http://127.0.0.1:${app.httpPort}`, logs };
}

/** Another site (another origin: another port) serving test pages that embed the widget. */
export class TestSite {
  private server?: Server;
  readonly pages = new Map<string, string>();
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const page = this.pages.get((req.url ?? '/').split('?')[0]);
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page ?? 'not found');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(pathname: string): string {
    return `${this.origin}${pathname}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A host page in `lang` embedding the bot's widget script with these data- attributes. */
export function hostPage(botBase: string, options: { lang?: string; data?: string; head?: string; body?: string } = {}): string {
  return `<!doctype html><html${options.lang ? ` lang="${options.lang}"` : ''}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title>${options.head ?? ''}
<script src="${botBase}/chat/widget.js" defer ${options.data ?? ''}></script></head><body><main><h1>Hosting help</h1><p>Some page content.</p>${options.body ?? ''}</main></body></html>`;
}

/** The widget's parts, found through its open shadow root (Playwright's CSS locators pierce it). */
export function widget(page: Page) {
  return {
    launcher: page.locator('mailconfig-chat .launcher'),
    panel: page.locator('mailconfig-chat .panel'),
    input: page.locator('mailconfig-chat textarea'),
    answers: page.locator('mailconfig-chat li.bot'),
    userLines: page.locator('mailconfig-chat li.user p'),
    error: page.locator('mailconfig-chat .error'),
    retry: page.locator('mailconfig-chat .retry'),
    typing: page.locator('mailconfig-chat .typing'),
  };
}

/** Types a question, presses Enter, and resolves to the answer's list item once it is shown. */
export async function ask(page: Page, text: string): Promise<Locator> {
  const w = widget(page);
  const before = await w.answers.count();
  await w.input.fill(text);
  await w.input.press('Enter');
  const answer = w.answers.nth(before);
  await answer.waitFor();
  return answer;
}

/** Waits for the first answer (the greeting a fresh conversation starts with). */
export async function greeted(page: Page): Promise<void> {
  await widget(page).answers.first().waitFor();
}
