import { fittingPrefix, splitText as splitMeasured, URL_IN_TEXT } from '../text';

/**
 * Slack text helpers: escaping, lengths as Slack counts them (after escaping), and splitting
 * long text at line or word boundaries so nothing is ever cut in the middle of a word.
 */

const NEEDS_ESCAPE = /[&<>]/;

/** Slack's three control characters; escaping them is all it takes to show text as typed. */
export function escapeSlack(text: string): string {
  // Most answer text has none of the three: skip the three passes (this runs for every text of every answer).
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The inverse, for text Slack sends us (it escapes the same three characters). */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Lone UTF-16 surrogates replaced by U+FFFD. Slack's JSON may carry them (`\ud800`), and a form
 * body cannot: the Web API client would merge one with the next character into another one.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Length of `escapeSlack(text)`, without building it. */
export function escapedLength(text: string): number {
  let length = text.length;
  // By code unit: the three characters are ASCII, and iterating code points costs far more.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 38) length += 4;
    else if (code === 60 || code === 62) length += 3;
  }
  return length;
}

/** A URL as a Slack link (`<url>` or `<url|label>`); `|`, `<` and `>` would end it early, so they are encoded. */
export function slackLink(url: string, label?: string): string {
  const safeUrl = url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  return label ? `<${safeUrl}|${escapeSlack(label)}>` : `<${safeUrl}>`;
}

/**
 * Plain text as mrkdwn: escaped, with its URLs turned into explicit links. Explicit links keep
 * working when text objects are sent with `verbatim: true` (which stops Slack from turning
 * words such as "@here" into mentions on its own).
 */
export function toMrkdwn(text: string): string {
  if (!text.includes('http')) return escapeSlack(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    out += escapeSlack(text.slice(last, match.index)) + slackLink(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeSlack(text.slice(last));
}

/** Upper bound of `toMrkdwn(text).length`: escaping plus the two brackets around each URL. */
export function mrkdwnLength(text: string): number {
  const urls = text.includes('http') ? (text.match(URL_IN_TEXT)?.length ?? 0) : 0;
  return escapedLength(text) + 2 * urls;
}

/**
 * Splits text into pieces whose mrkdwn length is at most `max`: at line or word boundaries; only
 * a single "word" longer than `max` (a pathological URL) is cut.
 */
export function splitText(text: string, max: number): string[] {
  return splitMeasured(text, max, mrkdwnLength);
}

/**
 * Shortens a label (button, header) to `max` escaped characters, at a word boundary with an
 * ellipsis. Used only where Slack allows no continuation; the full text is kept elsewhere.
 */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (escapedLength(clean) <= max) return clean;
  const fit = fittingPrefix(clean, max - 1, escapedLength);
  const window = clean.slice(0, fit);
  const space = window.lastIndexOf(' ');
  return `${(space > 0 ? window.slice(0, space) : window).trimEnd()}…`;
}
