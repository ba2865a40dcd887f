import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLang, type Lang } from '../domain';

/** Query parameters of a request URL; never throws (malformed %-escapes are kept as written). */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '';
  const index = url.indexOf('?');
  return new URLSearchParams(index === -1 ? '' : url.slice(index + 1));
}

/**
 * The user's language: `?lang=` when given, else the first French or English entry of
 * Accept-Language by preference (an iPhone's Safari sends its system language), else the default.
 */
export function languageOf(req: IncomingMessage, query: URLSearchParams, fallback: Lang): Lang {
  const asked = query.get('lang')?.toLowerCase();
  if (isLang(asked)) return asked;
  const header = req.headers['accept-language'];
  if (typeof header !== 'string') return fallback;
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, order) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((entry) => entry.lang).find(isLang) ?? fallback;
}

const COMMON_HEADERS = {
  // Files carry a user's address; no shared cache should keep them.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function sendFile(res: ServerResponse, contentType: string, body: Buffer | string, headers: Record<string, string> = {}): void {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(200, { ...COMMON_HEADERS, 'content-type': contentType, 'content-length': payload.length, ...headers });
  res.end(payload);
}

/**
 * A one-line plain-text refusal. The connection is closed after a 413 so a client still
 * sending a huge body cannot keep it busy.
 */
export function refuse(res: ServerResponse, status: number, reason: string): void {
  const payload = Buffer.from(`${reason.replace(/[\r\n]+/g, ' ')}\n`, 'utf8');
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': payload.length,
    ...(status === 413 ? { connection: 'close' } : {}),
  });
  res.end(payload);
}
