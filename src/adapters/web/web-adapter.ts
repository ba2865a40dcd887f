import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Lang } from '../../domain';
import type { HttpServer } from '../../http/server';
import type { Translations } from '../../i18n';
import type { Logger } from '../../logger';
import { PROJECT_ROOT } from '../../paths';
import type { Adapter } from '../adapter';
import { WebChatApi, type Limit } from './api';
import type { WebChatBackend } from './backend';
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

export interface WebChatAdapterOptions {
  http: HttpServer;
  backend: WebChatBackend;
  translations: Translations;
  logger: Logger;
  defaultLang: Lang;
  /** Sites allowed to call the API from a browser besides the bot's own pages (WEBCHAT_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[] | '*';
  /** Proxies in front of the bot whose X-Forwarded-For entries are believed (TRUST_PROXY). */
  trustProxyHops: number;
  perSession: Limit;
  perAddress: Limit;
  /** How long `stop()` lets requests in flight finish. */
  stopTimeoutMs?: number;
  /** The bundle to serve (tests may point elsewhere). */
  widgetFile?: string;
}

/**
 * The web chat: the widget script, a demo page at /chat and the JSON API the widget talks to,
 * all on the bot's one HTTP server. It translates only (HTTP ⇄ InboundMessage/Reply); what to
 * answer comes from the backend.
 */
export class WebChatAdapter implements Adapter {
  readonly name = 'web';
  private readonly api: WebChatApi;
  private script?: WidgetScript;
  private running = false;

  constructor(private readonly options: WebChatAdapterOptions) {
    this.api = new WebChatApi({
      backend: options.backend,
      origins: new OriginPolicy(options.allowedOrigins, options.trustProxyHops),
      trustProxyHops: options.trustProxyHops,
      defaultLang: options.defaultLang,
      logger: options.logger,
      perSession: options.perSession,
      perAddress: options.perAddress,
    });
    const { http } = options;
    const page = (req: IncomingMessage, res: ServerResponse) => serveChatPage(req, res, (lang) => options.translations.forLang(lang), options.defaultLang, options.trustProxyHops);
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
    const file = this.options.widgetFile ?? WIDGET_BUNDLE;
    try {
      this.script = loadWidgetScript(file);
    } catch (error) {
      // The API and the page still work; only embedding waits for a build.
      this.options.logger.error({ err: error, file }, 'web chat: the widget bundle cannot be read; run npm run build');
    }
    this.api.accepting = true;
    this.running = true;
  }

  async stop(): Promise<void> {
    this.api.accepting = false;
    this.running = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.stopTimeoutMs ?? 5000);
    });
    await Promise.race([this.api.drained(), timeout]);
    clearTimeout(timer);
  }

  isReady(): boolean {
    return this.running;
  }
}
