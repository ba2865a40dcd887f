import path from 'node:path';
import { createWebChatAdapter } from '../../../src/adapters/web';
import type { WebChatConfig } from '../../../src/config';
import { HttpServer } from '../../../src/http/server';
import { createLogger, silentLogger } from '../../../src/logger';
import type { ConversationService } from '../../../src/service';
import { createTestService } from '../../helpers/bot';
import { LogCapture } from '../../helpers/log-capture';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export const TEST_WEB_CHAT: WebChatConfig = {
  allowedOrigins: ['https://help.example.com'],
  trustProxyHops: 0,
  perAddress: { limit: 1000, windowMs: 60_000 },
};

/**
 * The web chat alone on an HTTP server of its own, over a conversation service on the test bot
 * (`handle` and `requestHuman` are spied on: what the adapter asked, and answers a test imposes).
 */
export async function startWebChat(config: Partial<WebChatConfig> = {}, options: { logs?: LogCapture; service?: ConversationService } = {}) {
  const http = new HttpServer(silentLogger());
  const service = options.service ?? createTestService();
  const handle = jest.spyOn(service, 'handle');
  const requestHuman = jest.spyOn(service, 'requestHuman');
  const adapter = createWebChatAdapter({
    http,
    service,
    logger: options.logs ? createLogger('info', options.logs) : silentLogger(),
    config: { ...TEST_WEB_CHAT, ...config },
  });
  await adapter.start();
  const port = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  return {
    http,
    adapter,
    service,
    handle,
    requestHuman,
    base,
    post: (pathname: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    close: async () => {
      await adapter.stop();
      await http.close();
    },
  };
}
