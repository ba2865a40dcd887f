import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from '../../core';
import { readBody } from '../../http/server';
import type { Logger } from '../../logger';
import { RenderCache, type ConversationService, type InFlight, type RateLimitCounters } from '../../service';
import { clientAddress, newSessionId, type OriginPolicy } from './http-policy';
import { MAX_BODY_BYTES, parseHandoffRequest, parseMessageRequest, replyForBrowser, type ErrorResponse } from './wire';

export interface WebChatApiOptions {
  service: ConversationService;
  origins: OriginPolicy;
  trustProxyHops: number;
  /** Requests from one client address, whatever the session: a new session per message gains nothing. */
  addressLimits: RateLimitCounters;
  /** Retry-After on a 429: the rate-limit window. */
  retryAfterSeconds: number;
  /** Requests being answered, for the adapter's stop to wait for. */
  inFlight: InFlight;
  logger: Logger;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Origins already logged as refused: one line each is enough to tell an operator what to add. */
const MAX_LOGGED_ORIGINS = 100;

/** A browser session's conversation in the service (and its store). */
export function conversationIdOf(session: string): string {
  return `web:${session}`;
}

/**
 * A short code naming a visitor's support case, shown to them and in the case, so support can
 * find the case when they write in. Derived from the session but not reversible to it.
 */
export function caseReference(session: string): string {
  return createHash('sha256').update(conversationIdOf(session)).digest('hex').slice(0, 8).toUpperCase();
}

type Cors = Record<string, string>;

/**
 * The JSON API under /chat/api/: POST messages and handoff, and their CORS preflights. No
 * cookies are read or set: the session id travels in the body, so a cross-site page can neither
 * ride on a visitor's session nor read an answer unless its origin is allowed.
 */
export class WebChatApi {
  private readonly loggedOrigins = new Set<string>();
  /** Reused answers (the core's frozen ones) as JSON, serialised once. */
  private readonly renderings = new RenderCache<string>();
  accepting = true;

  constructor(private readonly options: WebChatApiOptions) {}

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

  /** A typed message or a clicked suggestion: answered by the service in the session's conversation. */
  messages = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    this.track(req, res, async (body, cors) => {
      const parsed = parseMessageRequest(body);
      if (!parsed.ok) return this.send(res, cors, 400, { error: 'bad_request', reason: parsed.reason });
      const { text, choice, lang } = parsed.value;
      const session = parsed.value.session ?? newSessionId();
      const reply = await this.options.service.handle({
        platform: 'web',
        conversationId: conversationIdOf(session),
        userId: session,
        text,
        ...(choice ? { choice } : {}),
        ...(lang ? { localeHint: lang } : {}),
      });
      // Nothing to say: the session was already told it sends too fast (RATE_LIMIT_MESSAGES).
      if (!reply) return this.rateLimited(res, cors);
      this.answer(res, cors, session, reply);
    });

  /** "Talk to a human": the service posts the case to the Slack or Discord support desk, or gives the contact. */
  handoff = (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    this.track(req, res, async (body, cors) => {
      const parsed = parseHandoffRequest(body);
      if (!parsed.ok) return this.send(res, cors, 400, { error: 'bad_request', reason: parsed.reason });
      const { session, lang } = parsed.value;
      const { service } = this.options;
      const reference = caseReference(session);
      const conversationId = conversationIdOf(session);
      const reply = await service
        .requestHuman({
          conversationId,
          // The case is worded for the support team, in their language.
          requester: { platform: 'web', userId: session, label: service.translations.forLang(service.defaultLang)('web.handoff.requester', { ref: reference }), reference },
          // The language of the answer the button was under.
          chosen: lang,
        })
        .catch((error: unknown) => service.apologise({ platform: 'web', conversationId, chosen: lang }, { error, what: 'web chat: handing over failed', logger: this.options.logger }));
      this.answer(res, cors, session, reply);
    });

  /** Checks everything common to both endpoints, then hands the parsed body over; counts the request as in flight. */
  private track(req: IncomingMessage, res: ServerResponse, handle: (body: unknown, cors: Cors) => Promise<void>): Promise<void> {
    return this.options.inFlight.run(async () => {
      const admitted = await this.admit(req, res);
      if (!admitted) return;
      try {
        await handle(admitted.body, admitted.cors);
      } catch (error) {
        this.options.logger.error({ err: error }, 'web chat: answering a request failed');
        if (!res.headersSent) this.send(res, admitted.cors, 500, { error: 'internal' });
      }
    });
  }

  private async admit(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown; cors: Cors } | null> {
    const origin = this.options.origins.check(req);
    if (origin.verdict === 'refused') {
      this.refuseOrigin(res, origin.origin);
      return null;
    }
    const cors: Cors = origin.verdict === 'allowed' ? { 'access-control-allow-origin': origin.origin, vary: 'origin' } : { vary: 'origin' };
    if (!this.accepting) {
      this.send(res, cors, 503, { error: 'unavailable' });
      return null;
    }
    if (!(await this.admitAddress(clientAddress(req, this.options.trustProxyHops)))) {
      this.rateLimited(res, cors);
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

  private async admitAddress(address: string): Promise<boolean> {
    try {
      return (await this.options.addressLimits.admit(`web-address:${address}`)) === 'allow';
    } catch (error) {
      // Counters that cannot be reached (a shared store down) must not shut the chat for everyone.
      this.options.logger.warn({ err: error }, 'web chat: address rate limit unavailable; request let through');
      return true;
    }
  }

  private answer(res: ServerResponse, cors: Cors, session: string, reply: Reply): void {
    const rendered = this.renderings.get(reply, 'web', () => JSON.stringify(replyForBrowser(reply)));
    // The same text as JSON.stringify of a ChatResponse, without serialising the reply again.
    this.send(res, cors, 200, `{"session":${JSON.stringify(session)},"reply":${rendered}}`);
  }

  private rateLimited(res: ServerResponse, cors: Cors): void {
    this.send(res, cors, 429, { error: 'rate_limited' }, { 'retry-after': String(this.options.retryAfterSeconds) });
  }

  private refuseOrigin(res: ServerResponse, origin: string): void {
    if (!this.loggedOrigins.has(origin) && this.loggedOrigins.size < MAX_LOGGED_ORIGINS) {
      this.loggedOrigins.add(origin);
      this.options.logger.warn({ origin: origin.slice(0, 200), event: 'webchat_origin_refused' }, 'web chat: a page from a site not in WEBCHAT_ALLOWED_ORIGINS tried to use the API');
    }
    // No CORS headers: the refusing page's script cannot even read this answer.
    this.send(res, {}, 403, { error: 'origin_not_allowed' });
  }

  /** `body` as an object, or already serialised. */
  private send(res: ServerResponse, cors: Cors, status: number, body: ErrorResponse | string, extra: Record<string, string> = {}): void {
    const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
    res.writeHead(status, { ...SECURITY_HEADERS, ...cors, ...extra, 'content-type': 'application/json; charset=utf-8', 'content-length': String(payload.length) });
    res.end(payload);
  }
}
