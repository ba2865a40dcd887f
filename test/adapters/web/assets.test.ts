import { readFileSync } from 'node:fs';
import http from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { WIDGET_BUNDLE } from '../../../src/adapters/web';
import { PAGE_CSP } from '../../../src/adapters/web/page';
import { startWebChat } from './harness';

type Chat = Awaited<ReturnType<typeof startWebChat>>;

let chat: Chat;
beforeAll(async () => {
  chat = await startWebChat();
});
afterAll(() => chat.close());

describe('/chat/widget.js', () => {
  test('served compressed, cached five minutes, then revalidated by its ETag (304)', async () => {
    const bundle = readFileSync(WIDGET_BUNDLE);
    const gzip = await fetch(`${chat.base}/chat/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(gzip.headers.get('cache-control')).toBe('public, max-age=300');
    expect(gzip.headers.get('vary')).toBe('accept-encoding');
    expect(gzip.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = gzip.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    // fetch decodes for us: the bytes are the bundle's.
    expect(Buffer.from(await gzip.arrayBuffer()).equals(bundle)).toBe(true);

    const raw = await rawGet('/chat/widget.js', { 'accept-encoding': 'gzip' });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(raw.body).equals(bundle)).toBe(true);
    const br = await rawGet('/chat/widget.js', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(bundle)).toBe(true);
    const identity = await rawGet('/chat/widget.js', { 'accept-encoding': 'gzip;q=0' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(bundle)).toBe(true);

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await fetch(`${chat.base}/chat/widget.js`, { headers: { 'if-none-match': ifNoneMatch } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
    }
    expect((await fetch(`${chat.base}/chat/widget.js`, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  test('the bundle writes no HTML from strings and evaluates no code', () => {
    const source = readFileSync(WIDGET_BUNDLE, 'utf8');
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
  });
});

describe('/chat', () => {
  test('a plain page with the widget, in the language asked, under a strict Content-Security-Policy', async () => {
    const response = await fetch(`${chat.base}/chat?lang=en`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toBe(PAGE_CSP);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<script src="/chat/widget.js" defer data-open></script>');
    // Every script has a src; no inline script or style, no inline handler.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/chat/widget.js" defer data-open>']);
    expect(html).not.toMatch(/<style|\son\w+=|style=/i);
    expect(html).toContain('Help with your email settings');
    expect(html).toContain('href="/chat?lang=fr"');
  });

  test('French from Accept-Language, else DEFAULT_LANG; the embed snippet names this host', async () => {
    const fr = await (await fetch(`${chat.base}/chat`, { headers: { 'accept-language': 'fr-CA,en;q=0.5' } })).text();
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Aide pour vos paramètres e-mail');
    expect(fr).toContain(`&#60;script src=&#34;${chat.base}/chat/widget.js&#34; defer&#62;`);
    const other = await (await fetch(`${chat.base}/chat`, { headers: { 'accept-language': 'de' } })).text();
    expect(other).toContain('<html lang="fr">');
  });

  test('also at /chat/ (a typed trailing slash)', async () => {
    expect((await fetch(`${chat.base}/chat/?lang=en`)).status).toBe(200);
  });

  test('the page style sheet', async () => {
    const css = await fetch(`${chat.base}/chat/page.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('prefers-color-scheme: dark');
  });
});

/** A GET that does not decode the body (fetch would), to see the bytes as sent. */
function rawGet(pathname: string, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${chat.base}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
