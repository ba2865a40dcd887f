import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../../domain';
import { readBody } from '../../http/server';
import type { Logger } from '../../logger';
import { RateLimiter } from '../../service';
import type { WebChatBackend } from './backend';
import { clientAddress, newSessionId, type OriginPolicy } from './http-policy';
import { MAX_BODY_BYTES, parseHandoffRequest, parseMessageRequest, replyForBrowser, type ChatResponse, type ErrorResponse } from './wire';

/** A fixed-window limit: `limit` requests per `windowMs`. */
export interface Limit {
  limit: number;
  windowMs: number;
}

export interface WebChatApiOptions {
  backend: WebChatBackend;
  origins: OriginPolicy;
  trustProxyHops: number;
  defaultLang: Lang;
  logger: Logger;
  /** Requests of one session (messages and handoffs together). */
  perSession: Limit;
  /** Requests from one client address, whatever the session: a new session per message gains nothing. */
  perAddress: Limit;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Origins already logged as refused: one line each is enough to tell an operator what to add. */
const MAX_LOGGED_ORIGINS = 100;

/**
 * The JSON API under /chat/api/: POST messages and handoff, and their CORS preflights. No
 * cookies are read or set: the session id travels in the body, so a cross-site page can neither
 * ride on a visitor's session nor read an answer unless its origin is allowed.
 */
export class WebChatApi {
  private readonly sessionLimiter: RateLimiter;
  private readonly addressLimiter: RateLimiter;
  private readonly loggedOrigins = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  accepting = true;

  constructor(private readonly options: WebChatApiOptions) {
    this.sessionLimiter = new RateLimiter({ limit: options.perSession.limit, windowMs: options.perSession.windowMs, maxUsers: 100_000 });
    this.addressLimiter = new RateLimiter({ limit: options.perAddress.limit, windowMs: options.perAddress.windowMs, maxUsers: 100_000 });
  }

  /** Resolves when every request in flight has been answered. */
  drained(): Promise<void> {
    return Promise.allSettled([...this.inFlight]).then(() => undefined);
  }

  preflight = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = this.options.origins.check(req);
    if (origin.verdict === 'refused') return this.refuseOrigin(res, origin.origin);
    res.writeHead(204, {
      ...(origin.verdict === 'allowed'
        ? {
            'access-control-allow-origin': origin.origin,
            'access-control-allow-methods': 'POST',
            'access-control-allow-headers': 'content-type',
            'access-control-max-age': '600',
          }
        : {}),
      vary: 'origin',
    });
    res.end();
  };

  messages = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    this.track(req, res, async (body, cors) => {
      const parsed = parseMessageRequest(body);
      if (!parsed.ok) return this.send(res, cors, 400, { error: 'bad_request', reason: parsed.reason });
      const { text, choice, lang } = parsed.value;
      const session = parsed.value.session ?? newSessionId();
      if (!this.admitSession(res, cors, session)) return;
      const reply = await this.options.backend.answer({
        platform: 'web',
        conversationId: `web:${session}`,
        userId: session,
        text,
        ...(choice ? { choice } : {}),
        ...(lang ? { localeHint: lang } : {}),
      });
      if (!reply) return this.send(res, cors, 429, { error: 'rate_limited' }, { 'retry-after': String(Math.ceil(this.options.perSession.windowMs / 1000)) });
      this.send(res, cors, 200, { session, reply: replyForBrowser(reply) } satisfies ChatResponse);
    });

  handoff = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    this.track(req, res, async (body, cors) => {
      const parsed = parseHandoffRequest(body);
      if (!parsed.ok) return this.send(res, cors, 400, { error: 'bad_request', reason: parsed.reason });
      const { session } = parsed.value;
      if (!this.admitSession(res, cors, session)) return;
      const reply = await this.options.backend.requestHuman(`web:${session}`, parsed.value.lang ?? this.options.defaultLang);
      this.send(res, cors, 200, { session, reply: replyForBrowser(reply) } satisfies ChatResponse);
    });

  /** Checks everything common to both endpoints, then hands the parsed body over; counts the request as in flight. */
  private track(req: IncomingMessage, res: ServerResponse, handle: (body: unknown, cors: Record<string, string>) => Promise<void>): Promise<void> {
    const work = this.admit(req, res).then(async (admitted) => {
      if (!admitted) return;
      try {
        await handle(admitted.body, admitted.cors);
      } catch (error) {
        this.options.logger.error({ err: error }, 'web chat: answering a request failed');
        if (!res.headersSent) this.send(res, admitted.cors, 500, { error: 'internal' });
      }
    });
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async admit(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown; cors: Record<string, string> } | null> {
    const origin = this.options.origins.check(req);
    if (origin.verdict === 'refused') {
      this.refuseOrigin(res, origin.origin);
      return null;
    }
    const cors: Record<string, string> = origin.verdict === 'allowed' ? { 'access-control-allow-origin': origin.origin, vary: 'origin' } : { vary: 'origin' };
    if (!this.accepting) {
      this.send(res, cors, 503, { error: 'unavailable' });
      return null;
    }
    if (this.addressLimiter.admit(clientAddress(req, this.options.trustProxyHops)) !== 'allow') {
      this.send(res, cors, 429, { error: 'rate_limited' }, { 'retry-after': String(Math.ceil(this.options.perAddress.windowMs / 1000)) });
      return null;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      this.send(res, cors, 415, { error: 'unsupported_media_type', reason: 'send application/json' });
      return null;
    }
    const declared = Number(req.headers['content-length']);
    const raw = Number.isFinite(declared) && declared > MAX_BODY_BYTES ? 'too_large' : await readBody(req, MAX_BODY_BYTES);
    if (raw === 'too_large') {
      this.send(res, cors, 413, { error: 'too_large', reason: `the body is larger than ${MAX_BODY_BYTES} bytes` }, { connection: 'close' });
      return null;
    }
    try {
      return { body: JSON.parse(raw.toString('utf8')), cors };
    } catch {
      this.send(res, cors, 400, { error: 'bad_request', reason: 'the body is not JSON' });
      return null;
    }
  }

  private admitSession(res: ServerResponse, cors: Record<string, string>, session: string): boolean {
    if (this.sessionLimiter.admit(session) === 'allow') return true;
    this.send(res, cors, 429, { error: 'rate_limited' }, { 'retry-after': String(Math.ceil(this.options.perSession.windowMs / 1000)) });
    return false;
  }

  private refuseOrigin(res: ServerResponse, origin: string): void {
    if (!this.loggedOrigins.has(origin) && this.loggedOrigins.size < MAX_LOGGED_ORIGINS) {
      this.loggedOrigins.add(origin);
      this.options.logger.warn({ origin: origin.slice(0, 200), event: 'webchat_origin_refused' }, 'web chat: a page from a site not in WEBCHAT_ALLOWED_ORIGINS tried to use the API');
    }
    // No CORS headers: the refusing page's script cannot even read this answer.
    this.send(res, {}, 403, { error: 'origin_not_allowed' });
  }

  private send(res: ServerResponse, cors: Record<string, string>, status: number, body: ChatResponse | ErrorResponse, extra: Record<string, string> = {}): void {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    res.writeHead(status, { ...SECURITY_HEADERS, ...cors, ...extra, 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length) });
    res.end(payload);
  }
}
