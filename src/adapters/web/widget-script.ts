import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

/** The widget bundle in the forms it is served in, compressed once at start-up. */
export interface WidgetScript {
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  brotli: Buffer;
}

export function loadWidgetScript(file: string): WidgetScript {
  const identity = readFileSync(file);
  return {
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    brotli: brotliCompressSync(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

/** True when If-None-Match names this ETag (weak or strong, in a list, or `*`). */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

/** True when Accept-Encoding lists `coding` with a non-zero quality. */
function accepts(req: IncomingMessage, coding: string): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return name.trim() === coding && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * GET /chat/widget.js. Its address does not change between versions (providers paste it once),
 * so caches keep it five minutes and then revalidate with the ETag: a new version reaches pages
 * within minutes, and an unchanged one costs a 304.
 */
export function serveWidgetScript(req: IncomingMessage, res: ServerResponse, script: WidgetScript): void {
  const headers: Record<string, string> = {
    'cache-control': 'public, max-age=300',
    etag: script.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
    // Host pages that isolate themselves (Cross-Origin-Embedder-Policy) may still load it.
    'cross-origin-resource-policy': 'cross-origin',
  };
  if (notModified(req, script.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const [body, encoding] = accepts(req, 'br') ? [script.brotli, 'br'] : accepts(req, 'gzip') ? [script.gzip, 'gzip'] : [script.identity, undefined];
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': String(body.length),
    ...(encoding ? { 'content-encoding': encoding } : {}),
  });
  res.end(body);
}
