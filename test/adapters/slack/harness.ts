import { createSlackAdapter } from '../../../src/adapters/slack';
import type { Adapter } from '../../../src/adapters/adapter';
import type { Bot } from '../../../src/core/bot';
import { HttpServer } from '../../../src/http/server';
import { createLogger } from '../../../src/logger';
import { ConversationService, type ConversationServiceOptions } from '../../../src/service';
import { FakeSlackWebApi } from '../../fakes/slack-web-api';
import { createTestBot } from '../../helpers/bot';
import { LogCapture } from '../../helpers/log-capture';
import { slackSignature } from './builders';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/** Short retries so a test of a failure does not wait for production back-offs. */
export const TEST_WEB_API_POLICY = { timeoutMs: 2000, retryConfig: { retries: 1, factor: 1, minTimeout: 20, maxTimeout: 50, randomize: false } };

export interface HttpHarness {
  api: FakeSlackWebApi;
  http: HttpServer;
  adapter: Adapter;
  bot: Bot;
  service: ConversationService;
  eventsUrl: string;
  /** Everything the bot, Bolt and the Web API client logged, at the most verbose level. */
  logs: LogCapture;
  /** POSTs a body to /slack/events, signed unless told otherwise. */
  post(body: string, options?: { contentType?: string; sign?: boolean; secret?: string; timestamp?: number; signedBody?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface HttpHarnessOptions {
  supportChannel?: string;
  /** Options of the conversation service as the app sets them (rate limit, message text in the log line, domain checks). */
  service?: Partial<ConversationServiceOptions>;
  /** The bot behind the service (a test bot by default). */
  bot?: Bot;
  webApiPolicy?: typeof TEST_WEB_API_POLICY & { maxRetryAfterMs?: number };
  /** Runs once the fake API is up and before the adapter starts (faults for auth.test). */
  beforeStart?: (api: FakeSlackWebApi) => void;
}

/**
 * The bot with its Slack adapter in HTTP mode, against a fake Slack Web API, all on 127.0.0.1.
 * Logs go to `logs` at trace level, so tests can check what they never contain (secrets).
 */
export async function startHttpHarness(options: HttpHarnessOptions = {}): Promise<HttpHarness> {
  const api = new FakeSlackWebApi();
  await api.start();
  api.behaviour.users = { UFR: { locale: 'fr-FR', name: 'Amélie' }, UEN: { locale: 'en-US', name: 'Emma' } };
  options.beforeStart?.(api);
  const logs = new LogCapture();
  const logger = createLogger('trace', logs);
  const http = new HttpServer(logger);
  const bot = options.bot ?? createTestBot();
  const service = new ConversationService({ bot, logger, ...options.service });
  const adapter = createSlackAdapter({
    service,
    logger,
    http,
    config: { botToken: api.behaviour.botToken, mode: 'http', signingSecret: SIGNING_SECRET, apiUrl: api.apiUrl, supportChannel: options.supportChannel },
    webApiPolicy: options.webApiPolicy ?? TEST_WEB_API_POLICY,
  });
  try {
    await adapter.start();
  } catch (error) {
    await api.close();
    throw error;
  }
  const port = await http.listen(0, '127.0.0.1');
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  return {
    api,
    http,
    adapter,
    bot,
    service,
    eventsUrl,
    logs,
    post(body, o = {}) {
      const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = { 'content-type': o.contentType ?? (body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded') };
      if (o.sign !== false) {
        headers['x-slack-request-timestamp'] = String(timestamp);
        headers['x-slack-signature'] = slackSignature(o.secret ?? SIGNING_SECRET, timestamp, o.signedBody ?? body);
      }
      return fetch(eventsUrl, { method: 'POST', headers, body });
    },
    async close() {
      await adapter.stop();
      await http.close();
      await api.close();
    },
  };
}
