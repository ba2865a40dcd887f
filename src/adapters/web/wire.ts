import type { Reply } from '../../core';
import { isLang, type Lang } from '../../domain';
import { SESSION_ID } from './http-policy';

/** Longest message text accepted (UTF-16 units): the bot answers anything over MAX_INPUT_CHARS with a notice anyway. */
export const MAX_TEXT_CHARS = 16_000;
/** Largest request body: 16,000 characters of four-byte UTF-8, escaped, fit. */
export const MAX_BODY_BYTES = 64 * 1024;

/** POST /chat/api/messages: a typed message, or a clicked suggestion (`choice`, with its label as `text`). */
export interface MessageRequest {
  session?: string;
  text: string;
  choice?: string;
  /** The widget's idea of the user's language (its lang attribute, the page's, the browser's). */
  lang?: Lang;
}

/** POST /chat/api/handoff: "Talk to a human" for this session, answered in `lang`. */
export interface HandoffRequest {
  session: string;
  lang?: Lang;
}

/** Both endpoints answer with the session (new on a first message) and the reply to show. */
export interface ChatResponse {
  session: string;
  reply: Reply;
}

/** An error answer's body: a stable code the widget maps to its own sentence. */
export interface ErrorResponse {
  error: 'bad_request' | 'unsupported_media_type' | 'too_large' | 'origin_not_allowed' | 'rate_limited' | 'unavailable' | 'internal';
  reason?: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function session(body: Record<string, unknown>, required: boolean): Parsed<string | undefined> {
  const value = body.session;
  if (value === undefined || value === null) return required ? { ok: false, reason: 'session is required' } : { ok: true, value: undefined };
  if (typeof value !== 'string' || !SESSION_ID.test(value)) return { ok: false, reason: 'session is not a session id' };
  return { ok: true, value };
}

function lang(body: Record<string, unknown>): Parsed<Lang | undefined> {
  if (body.lang === undefined || body.lang === null) return { ok: true, value: undefined };
  return isLang(body.lang) ? { ok: true, value: body.lang } : { ok: false, reason: 'lang must be fr or en' };
}

/** What both requests start with: an object, with a session id (`required` or not) and a language. */
function common(body: unknown, required: boolean): Parsed<{ body: Record<string, unknown>; session?: string; lang?: Lang }> {
  if (!isObject(body)) return { ok: false, reason: 'the body must be a JSON object' };
  const s = session(body, required);
  if (!s.ok) return s;
  const l = lang(body);
  return l.ok ? { ok: true, value: { body, session: s.value, lang: l.value } } : l;
}

export function parseMessageRequest(raw: unknown): Parsed<MessageRequest> {
  const parsed = common(raw, false);
  if (!parsed.ok) return parsed;
  const { body, session: id, lang: language } = parsed.value;
  if (typeof body.text !== 'string') return { ok: false, reason: 'text must be a string' };
  if (body.text.length > MAX_TEXT_CHARS) return { ok: false, reason: `text is longer than ${MAX_TEXT_CHARS} characters` };
  if (body.choice !== undefined && (typeof body.choice !== 'string' || body.choice.length > 100)) return { ok: false, reason: 'choice must be a short string' };
  return { ok: true, value: { session: id, text: body.text, choice: body.choice as string | undefined, lang: language } };
}

export function parseHandoffRequest(raw: unknown): Parsed<HandoffRequest> {
  const parsed = common(raw, true);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { session: parsed.value.session!, lang: parsed.value.lang } };
}

/** Links the widget may render: https pages and mailto addresses; anything else (javascript:, data:, http:) is dropped. */
export function isSafeLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** The reply as sent to browsers: unsafe links removed here too, so the widget is not the only guard. */
export function replyForBrowser(reply: Reply): Reply {
  if (!reply.links?.some((link) => !isSafeLink(link.url))) return reply;
  return { ...reply, links: reply.links.filter((link) => isSafeLink(link.url)) };
}
