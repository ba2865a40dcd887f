import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../../domain';
import type { Translate } from '../../i18n';
import type { ConversationService } from '../../service';
import { languageOf, queryOf } from '../../setup-files/http-helpers';

/**
 * The /chat page's policy: its own scripts and styles only, nothing inline, no eval, no frames,
 * no plugins, no form posts; the API on the same origin.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The demo page: a plain help page in `lang` with the widget, open, and how to embed it elsewhere. */
export function chatPage(t: Translate, lang: Lang, scriptUrl: string): string {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const snippet = `<script src="${scriptUrl}" defer></script>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(t('web.page.title'))}</title>
<link rel="stylesheet" href="/chat/page.css">
<script src="/chat/widget.js" defer data-open></script>
</head>
<body>
<main>
<h1>${escapeHtml(t('web.page.heading'))}</h1>
<p>${escapeHtml(t('web.page.intro'))}</p>
<p>${escapeHtml(t('web.page.examples'))}</p>
<p>${escapeHtml(t('web.page.embed'))}</p>
<pre><code>${escapeHtml(snippet)}</code></pre>
<p><a href="/chat?lang=${other}" hreflang="${other}" lang="${other}">${escapeHtml(t('web.page.other_language'))}</a></p>
</main>
</body>
</html>
`;
}

export const PAGE_CSS = `:root { color-scheme: light dark; --bg: #f6f7f9; --fg: #1d2430; --muted: #4a5568; --code: #e8ebf0; --link: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171c; --fg: #e8eaed; --muted: #b4bcc8; --code: #232830; --link: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 42rem; margin: 0 auto; padding: 3rem 1.25rem 8rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }
p { color: var(--muted); }
a { color: var(--link); }
pre { background: var(--code); padding: 0.75rem 1rem; border-radius: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
code { font: 0.9rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
`;

/** GET /chat: the page in the language asked (?lang=), else the browser's, else DEFAULT_LANG. */
export function serveChatPage(req: IncomingMessage, res: ServerResponse, service: ConversationService, trustProxyHops: number): void {
  const lang = languageOf(req, queryOf(req), service.defaultLang);
  const host = req.headers.host ?? 'localhost';
  // The bot itself speaks plain HTTP; a trusted TLS proxy in front says what the public scheme is.
  const forwardedProto = trustProxyHops > 0 ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
  const scheme = forwardedProto === 'https' ? 'https' : 'http';
  const html = Buffer.from(chatPage(service.translations.forLang(lang), lang, `${scheme}://${host}/chat/widget.js`), 'utf8');
  res.writeHead(200, {
    ...PAGE_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(html.length),
    'cache-control': 'no-cache',
    'content-language': lang,
    vary: 'accept-language',
  });
  res.end(html);
}

export function servePageCss(_req: IncomingMessage, res: ServerResponse): void {
  const css = Buffer.from(PAGE_CSS, 'utf8');
  res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'content-length': String(css.length), 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
  res.end(css);
}
