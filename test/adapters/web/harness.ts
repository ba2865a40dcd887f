import path from 'node:path';
import { WebChatAdapter, type WebChatAdapterOptions, type WebChatBackend } from '../../../src/adapters/web';
import type { InboundMessage, Lang, Reply } from '../../../src/core/types';
import { HttpServer } from '../../../src/http/server';
import { createLogger, silentLogger } from '../../../src/logger';
import { sharedTranslations } from '../../helpers/bot';
import { LogCapture } from '../../helpers/log-capture';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A backend that records what it was asked and answers what the test says. */
export class FakeBackend implements WebChatBackend {
  readonly messages: InboundMessage[] = [];
  readonly handoffs: Array<{ conversationId: string; lang: Lang }> = [];
  next: (message: InboundMessage) => Reply | null = (message) => ({ lang: 'en', kind: 'answer', paragraphs: [`echo: ${message.text}`] });
  delayMs = 0;

  async answer(message: InboundMessage): Promise<Reply | null> {
    this.messages.push(message);
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.next(message);
  }

  async requestHuman(conversationId: string, lang: Lang): Promise<Reply> {
    this.handoffs.push({ conversationId, lang });
    return { lang, kind: 'notice', paragraphs: ['an agent has it'] };
  }
}

/** The web chat alone on an HTTP server of its own, with a fake backend. */
export async function startWebChat(overrides: Partial<WebChatAdapterOptions> = {}, logs?: LogCapture) {
  const http = new HttpServer(silentLogger());
  const backend = new FakeBackend();
  const adapter = new WebChatAdapter({
    http,
    backend,
    translations: sharedTranslations(),
    logger: logs ? createLogger('info', logs) : silentLogger(),
    defaultLang: 'fr',
    allowedOrigins: ['https://help.example.com'],
    trustProxyHops: 0,
    perSession: { limit: 100, windowMs: 60_000 },
    perAddress: { limit: 1000, windowMs: 60_000 },
    ...overrides,
  });
  await adapter.start();
  const port = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    http,
    adapter,
    backend,
    base,
    post: (pathname: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    close: async () => {
      await adapter.stop();
      await http.close();
    },
  };
}
