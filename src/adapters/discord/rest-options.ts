import { DefaultRestOptions, RESTEvents, type RateLimitData, type REST, type RESTOptions } from 'discord.js';
import type { Logger } from '../../logger';
import { errorForLog, routeOf } from './safe-log';

/** REST timings, in milliseconds; tests shorten them. */
export interface RestTimings {
  /** How long one REST attempt may take before it is abandoned and retried. */
  restTimeoutMs: number;
  /** The same for an interaction callback, which Discord accepts only within 3 s of the interaction. */
  callbackTimeoutMs: number;
  /** The longest rate-limit wait accepted for a message; a longer one gives up that message. */
  maxRateLimitWaitMs: number;
}

export const DEFAULT_REST_TIMINGS: RestTimings = {
  // Discord answers in well under a second; 5 s tolerates a slow day. discord.js' default
  // (15 s, 4 attempts) could hold one channel's queue (sent one at a time) for a minute.
  restTimeoutMs: 5000,
  // A callback stuck on a dead keep-alive connection is retried on a fresh one while the
  // 3-second deadline still allows; a duplicate that did land is refused with 40060, which
  // the adapter takes as delivered.
  callbackTimeoutMs: 1000,
  // Past this, the answer is too late to be useful and waiting would pile up work in memory.
  maxRateLimitWaitMs: 15_000,
};

const CALLBACK_ROUTE = '/interactions/:id/:token/callback';
const CALLBACK_URL = /\/interactions\/[^/]+\/[^/]+\/callback(?:[?#]|$)/;
/** Past this, a rate-limited callback cannot reach Discord before the 3-second deadline. */
const MAX_CALLBACK_RATE_LIMIT_WAIT_MS = 1500;

function methodOf(method: string | undefined): string {
  return (method ?? 'GET').toUpperCase();
}

/**
 * The discord.js REST settings, chosen rather than left to defaults:
 * - `retries: 2`: discord.js retries 5xx answers, time-outs and reset connections at once,
 *   without back-off; two retries ride out a blip, more would only multiply the wait (and the
 *   load) of a real outage. A 429 is always retried after Discord's `Retry-After`, whatever this says.
 * - `timeout`: see `DEFAULT_REST_TIMINGS`; callbacks get their own, shorter one (below).
 * - `rejectOnRateLimit`: a wait longer than the answer can use is refused at once (the caller
 *   apologises or logs) instead of queueing for minutes behind a long global limit.
 * - `globalRequestsPerSecond: 50`: Discord's documented global limit for a bot, stated here so
 *   it does not silently change with the library (interaction callbacks are exempt).
 * - `invalidRequestWarningInterval`: Discord bans an IP for a while after 10,000 refused
 *   requests (401, 403, 429) in 10 minutes; the log warns well before.
 * - `makeRequest`: the library's own HTTP client, wrapped to apply the callback time-out,
 *   log each failed attempt (route only: URLs of interactions hold their token), and have a
 *   connection closed before any answer retried like a reset one (see `retryableAsSuch`).
 */
export function restOptions(apiUrl: string | undefined, timings: RestTimings, logger: Logger): Partial<RESTOptions> {
  return {
    ...(apiUrl ? { api: apiUrl } : {}),
    timeout: timings.restTimeoutMs,
    retries: 2,
    globalRequestsPerSecond: 50,
    invalidRequestWarningInterval: 500,
    rejectOnRateLimit: (data: RateLimitData) => {
      const wait = Math.max(data.retryAfter, data.timeToReset);
      return wait > (data.route.endsWith(CALLBACK_ROUTE) ? MAX_CALLBACK_RATE_LIMIT_WAIT_MS : timings.maxRateLimitWaitMs);
    },
    makeRequest: async (url, init) => {
      let timer: NodeJS.Timeout | undefined;
      let signal = init.signal ?? undefined;
      // The callback's own time-out is the shorter one, so it alone needs watching (the client's
      // own signal only carries its longer time-out): one timer, no listener, on the busiest route.
      if (CALLBACK_URL.test(url) && timings.callbackTimeoutMs < timings.restTimeoutMs) {
        const controller = new AbortController();
        timer = setTimeout(() => controller.abort(), timings.callbackTimeoutMs);
        signal = controller.signal;
      }
      try {
        const response = await DefaultRestOptions.makeRequest(url, signal === init.signal ? init : { ...init, signal });
        if (response.status === 429) logRateLimit(logger, init.method, url, response.headers);
        else if (response.status >= 500) logger.warn({ method: methodOf(init.method), route: routeOf(url), status: response.status }, 'Discord API server error (retried while attempts remain)');
        return response;
      } catch (error) {
        const timedOut = Boolean(signal?.aborted);
        logger.warn({ method: methodOf(init.method), route: routeOf(url), reason: timedOut ? 'timeout' : errorForLog(error) }, 'Discord API request failed (retried while attempts remain)');
        throw retryableAsSuch(error, timedOut);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A 429 from Discord: discord.js waits `Retry-After` and tries again, unless the wait is too long (above). */
function logRateLimit(logger: Logger, method: string | undefined, url: string, headers: { get(name: string): string | null }): void {
  const retryAfter = Number(headers.get('retry-after'));
  logger.warn(
    {
      method: methodOf(method),
      route: routeOf(url),
      status: 429,
      global: headers.get('x-ratelimit-global') !== null,
      scope: headers.get('x-ratelimit-scope') ?? undefined,
      retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    },
    'Discord rate limit met',
  );
}

/** Logs what the REST client reports on its own: requests held back by a known limit, refused requests piling up. */
export function logRestEvents(rest: REST, logger: Logger): void {
  rest.on(RESTEvents.RateLimited, (data) => {
    logger.debug(
      { method: data.method.toUpperCase(), route: routeOf(data.route), global: data.global, waitMs: Math.round(Math.max(data.retryAfter, data.timeToReset)) },
      'request held back until a Discord rate limit resets',
    );
  });
  rest.on(RESTEvents.InvalidRequestWarning, (data) => {
    logger.warn({ count: data.count, remainingMs: data.remainingTime }, 'many requests refused by Discord (401/403/429): Discord bans an IP after 10,000 in 10 minutes');
  });
}

/**
 * discord.js retries a failed attempt when it is an `Error` (of its own JavaScript realm)
 * named AbortError (a time-out) or with the code ECONNRESET. A connection the server closed
 * without answering is the same case under another code; and errors raised by Node's
 * networking may belong to another realm (a VM context, as under test runners), which
 * discord.js would not retry at all. Both are restated here as what they are.
 */
function retryableAsSuch(error: unknown, timedOut: boolean): unknown {
  const e = error as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  if (timedOut) return Object.assign(new Error(`no answer from Discord in time: ${message}`, { cause: error }), { name: 'AbortError' });
  if (e?.code === 'ECONNRESET' || e?.code === 'UND_ERR_SOCKET' || e?.code === 'EPIPE') {
    return Object.assign(new Error(`connection closed before Discord answered (ECONNRESET): ${message}`, { cause: error }), { code: 'ECONNRESET' });
  }
  return error;
}
