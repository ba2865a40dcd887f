import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Which browser origins may call the API. The bot's own pages (same host as the request) always
 * may; other sites only when listed (WEBCHAT_ALLOWED_ORIGINS), or any with `'*'`.
 */
export class OriginPolicy {
  private readonly listed: ReadonlySet<string> | '*';

  constructor(
    allowed: readonly string[] | '*',
    private readonly trustProxyHops: number,
  ) {
    this.listed = allowed === '*' ? '*' : new Set(allowed);
  }

  /**
   * `none`: no Origin header (not a browser's cross-site call: curl, a server; nothing to check),
   * `allowed` with the origin to echo, or `refused`.
   */
  check(req: IncomingMessage): { verdict: 'none' } | { verdict: 'allowed'; origin: string } | { verdict: 'refused'; origin: string } {
    const origin = req.headers.origin;
    if (origin === undefined) return { verdict: 'none' };
    if (this.listed === '*' || this.listed.has(origin) || this.isOwnPage(req, origin)) return { verdict: 'allowed', origin };
    return { verdict: 'refused', origin };
  }

  private isOwnPage(req: IncomingMessage, origin: string): boolean {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    // Behind a proxy that rewrites Host, the public host name is in X-Forwarded-Host.
    const forwarded = this.trustProxyHops > 0 ? headerValue(req.headers['x-forwarded-host'])?.split(',')[0]?.trim() : undefined;
    const requestHost = forwarded || req.headers.host;
    return requestHost !== undefined && host === requestHost.toLowerCase();
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The client's address for rate limits. X-Forwarded-For is used only when `trustProxyHops`
 * proxies are declared, and then read from the right: each trusted proxy appends the address it
 * saw, and anything further left was written by the client and could be forged.
 */
export function clientAddress(req: IncomingMessage, trustProxyHops: number): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (trustProxyHops <= 0) return direct;
  const forwarded = headerValue(req.headers['x-forwarded-for']);
  if (!forwarded) return direct;
  const chain = [...forwarded.split(',').map((part) => part.trim()), direct];
  const candidate = chain[Math.max(0, chain.length - 1 - trustProxyHops)];
  return isIP(candidate) ? candidate : direct;
}

/** 18 random bytes: 144 bits, well past guessing; base64url so it travels in JSON and storage as is. */
export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

/** What a session id may look like: at least 128 bits' worth of base64url, and not absurdly long. */
export const SESSION_ID = /^[A-Za-z0-9_-]{22,64}$/;
