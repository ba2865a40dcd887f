/**
 * Redis connection URLs: redis://[user:password@]host[:port][/db], or rediss:// for TLS. The
 * password in one must never reach a log, an error message or a metric label.
 */

/** Where the shared state lives (REDIS_URL, REDIS_PREFIX), as the configuration gives it. */
export interface RedisSettings {
  /** May hold a password: never log it as is (see redactRedisUrl). */
  url: string;
  /** Put before every key. */
  prefix: string;
}

/** The user-info part of every redis:// or rediss:// URL in the text (up to the last "@" before the host). */
const REDIS_USERINFO = /\b(rediss?:\/\/)([^\s/?#]*)@/gi;

/**
 * The text with the password of every Redis URL in it replaced by "[redacted]"; a user name
 * alone is redacted too, since some clients read a lone user-info as the password. Safe on any
 * text (error messages, a malformed value), not only on a valid URL.
 */
export function redactRedisUrl(text: string): string {
  return text
    .replace(REDIS_USERINFO, (_whole, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      return colon < 0 ? `${scheme}[redacted]@` : `${scheme}${userinfo.slice(0, colon)}:[redacted]@`;
    })
    .replace(/([?&]password=)[^&#\s]*/gi, '$1[redacted]');
}

/** A problem with a REDIS_URL value, as a sentence that says how to fix it; undefined when the URL is usable. */
export function redisUrlProblem(value: string): string | undefined {
  const form = 'use redis://[user:password@]host[:port][/db], or rediss://… for TLS, e.g. redis://:secret@127.0.0.1:6379/0';
  // The value itself is never repeated: it may hold the password.
  if (!value.includes('://')) return `has no scheme: start it with redis:// (or rediss:// for TLS); ${form}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL: ${form}`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `must start with redis:// or rediss:// (TLS): ${form}`;
  if (!url.hostname) return `has no host name: ${form}`;
  if (url.username && !url.password) return `has a user name but no password: write redis://user:password@host (or redis://:password@host without a user)`;
  if (!/^\/?(\d{1,2})?$/.test(url.pathname)) return `has a path that is not a database number: ${form}`;
  // The client reads options from the query string (even a password): one place for them is enough.
  if (url.search || url.hash) return `must not have a query string or a fragment (?…, #…): ${form}`;
  return undefined;
}
