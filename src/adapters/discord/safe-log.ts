/**
 * What the Discord adapter may write in its logs about a REST call or its failure. The URL of
 * an interaction callback or follow-up holds the interaction's token (enough to post as the
 * bot in that conversation for 15 minutes), and discord.js errors carry the whole request
 * body, user text included: neither may reach the logs.
 */

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/]+/i;
const API_VERSION = /^(?:\/[^/]+)*?\/api\/v\d+(?=\/)/;

/**
 * A request URL reduced to its route, without base, query, IDs or tokens:
 * `/interactions/:id/:token/callback`, `/webhooks/:id/:token/messages/@original`, `/channels/:id/messages`.
 */
export function routeOf(url: string): string {
  const path = decode(url.replace(ORIGIN, '').replace(/[?#].*$/, '').replace(API_VERSION, ''));
  return path.replace(/\/(interactions|webhooks)\/[^/]+\/[^/]+/, '/$1/:id/:token').replace(/\/\d{15,21}(?=\/|$)/g, '/:id');
}

function decode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Scrubs tokens out of free text (an error message or stack that quotes a URL). */
function scrub(text: string): string {
  return text
    .replace(/\/(interactions|webhooks)\/\d+\/[^/\s?#'"]+/g, '/$1/:id/:token')
    .replace(/\bBot\s+[\w.-]{20,}/g, 'Bot [redacted]');
}

interface ErrorFields {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  status?: unknown;
  method?: unknown;
  url?: unknown;
  route?: unknown;
  global?: unknown;
  retryAfter?: unknown;
  cause?: unknown;
}

/**
 * An error as it may be logged: name, message, stack, Discord's code and status, the method
 * and route; never the request body, the URL's token or the raw API response.
 */
export function errorForLog(error: unknown, depth = 0): Record<string, unknown> | string {
  // Duck-typed: errors from Node's networking may come from another realm than this code's `Error`.
  if (typeof error !== 'object' || error === null || typeof (error as ErrorFields).message !== 'string') return scrub(String(error));
  const e = error as ErrorFields;
  const out: Record<string, unknown> = { type: e.name ?? 'Error', message: scrub(e.message!) };
  if (e.stack) out.stack = scrub(e.stack);
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (typeof e.status === 'number') out.status = e.status;
  if (typeof e.method === 'string') out.method = e.method.toUpperCase();
  if (typeof e.url === 'string') out.route = routeOf(e.url);
  else if (typeof e.route === 'string') out.route = routeOf(e.route);
  if (typeof e.global === 'boolean') out.global = e.global;
  if (typeof e.retryAfter === 'number') out.retryAfterMs = e.retryAfter;
  if (e.cause !== undefined && depth < 2) out.cause = errorForLog(e.cause, depth + 1);
  return out;
}
