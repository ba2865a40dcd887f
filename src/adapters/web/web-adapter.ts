import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { WebChatConfig } from '../../config';
import { PROJECT_ROOT } from '../../paths';
import { InFlight, RateLimiter, type RateLimitCounters } from '../../service';
import type { Adapter, AdapterDeps } from '../adapter';
import { WebChatApi } from './api';
import { OriginPolicy } from './http-policy';
import { serveChatPage, servePageCss } from './page';
import { loadWidgetScript, serveWidgetScript, type WidgetScript } from './widget-script';

/** Where `npm run build` writes the widget bundle (esbuild, from web/widget/). */
export const WIDGET_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'web', 'widget.js');

/** The paths the web chat serves on the bot's HTTP server. */
export const WEB_CHAT_PATHS = {
  page: '/chat',
  pageCss: '/chat/page.css',
  widget: '/chat/widget.js',
  messages: '/chat/api/messages',
  handoff: '/chat/api/handoff',
} as const;

export interface WebChatAdapterDeps extends AdapterDeps {
  config: WebChatConfig;
  /** Per-address request counters; in this process by default (a store shared by replicas may stand in). */
  addressLimits?: RateLimitCounters;
  /** The bundle to serve (tests may point elsewhere). */
  widgetFile?: string;
}

/**
 * The web chat: the widget script, a demo page at /chat and the JSON API the widget talks to,
 * all on the bot's one HTTP server. It translates only (HTTP ⇄ InboundMessage/Reply); answers,
 * conversations, per-user limits, languages and handoffs are the conversation service's.
 */
export class WebChatAdapter implements Adapter {
  readonly name = 'web';
  private readonly api: WebChatApi;
  private readonly inFlight = new InFlight();
  private script?: WidgetScript;
  private running = false;

  constructor(private readonly deps: WebChatAdapterDeps) {
    const { config, service, http } = deps;
    this.api = new WebChatApi({
      service,
      origins: new OriginPolicy(config.allowedOrigins, config.trustProxyHops),
      trustProxyHops: config.trustProxyHops,
      addressLimits: deps.addressLimits ?? new RateLimiter({ limit: config.perAddress.limit, windowMs: config.perAddress.windowMs, maxUsers: 100_000 }),
      retryAfterSeconds: Math.ceil(config.perAddress.windowMs / 1000),
      inFlight: this.inFlight,
      logger: deps.logger,
    });
    const page = (req: IncomingMessage, res: ServerResponse) => serveChatPage(req, res, service, config.trustProxyHops);
    // With or without the trailing slash people add when they type an address.
    http.route('GET', WEB_CHAT_PATHS.page, page);
    http.route('GET', `${WEB_CHAT_PATHS.page}/`, page);
    http.route('GET', WEB_CHAT_PATHS.pageCss, servePageCss);
    http.route('GET', WEB_CHAT_PATHS.widget, (req, res) => {
      if (!this.script) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('the widget is not built: run npm run build\n');
        return;
      }
      serveWidgetScript(req, res, this.script);
    });
    http.route('POST', WEB_CHAT_PATHS.messages, this.api.messages);
    http.route('OPTIONS', WEB_CHAT_PATHS.messages, this.api.preflight);
    http.route('POST', WEB_CHAT_PATHS.handoff, this.api.handoff);
    http.route('OPTIONS', WEB_CHAT_PATHS.handoff, this.api.preflight);
  }

  async start(): Promise<void> {
    const file = this.deps.widgetFile ?? WIDGET_BUNDLE;
    try {
      this.script = loadWidgetScript(file);
    } catch (error) {
      // The API and the page still work; only embedding waits for a build.
      this.deps.logger.error({ err: error, file }, 'web chat: the widget bundle cannot be read; run npm run build');
    }
    this.api.accepting = true;
    this.running = true;
  }

  async stop(): Promise<void> {
    this.api.accepting = false;
    this.running = false;
    await this.inFlight.drain(this.deps.stopTimeoutMs ?? 5000);
  }

  isReady(): boolean {
    return this.running;
  }
}
