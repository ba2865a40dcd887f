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

/** Extra characters escaping adds for one character. */
function escapeCost(char: string): number {
  if (char === '&') return 4;
  if (char === '<' || char === '>') return 3;
  return 0;
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

/** http(s) URLs in prose; trailing punctuation belongs to the sentence, not the URL. */
const URL_IN_TEXT = /https?:\/\/[^\s<>|"]+[^\s<>|".,;:!?)\]»'’]/g;

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
 * Splits text into pieces whose mrkdwn length is at most `max`: at the last line break that
 * fits, else at the last space. Only a single "word" longer than `max` (a pathological URL) is cut.
 */
export function splitText(text: string, max: number): string[] {
  const trimmed = text.trim();
  // Most texts fit: skip the tokenising (this runs for every block of every answer).
  if (mrkdwnLength(trimmed) <= max) return trimmed ? [trimmed] : [];
  // Tokens alternate word, separator, word…; URLs contain no whitespace, so lengths add up.
  const tokens = trimmed.split(/(\s+)/);
  const pieces: string[] = [];
  let current: string[] = [];
  let costs: number[] = [];
  let used = 0;
  /** Ends a piece before `current[upTo]` (a separator, which is dropped). */
  const flush = (upTo = current.length) => {
    const piece = current.slice(0, upTo).join('').trim();
    if (piece) pieces.push(piece);
    current = current.slice(upTo + 1);
    costs = costs.slice(upTo + 1);
    used = costs.reduce((sum, cost) => sum + cost, 0);
  };
  const push = (token: string, cost: number) => {
    current.push(token);
    costs.push(cost);
    used += cost;
  };
  tokens.forEach((token, i) => {
    const cost = mrkdwnLength(token);
    if (used + cost <= max) return push(token, cost);
    const isSeparator = i % 2 === 1;
    if (isSeparator) return flush();
    // Prefer ending the piece at its last line break, so paragraphs and list items stay whole.
    let lastBreak = -1;
    current.forEach((t, j) => {
      if (j % 2 === 1 && t.includes('\n')) lastBreak = j;
    });
    flush(lastBreak > 0 ? lastBreak : current.length);
    if (used + cost > max) flush();
    let word = token;
    // One word longer than a whole piece: nothing else to do but cut it.
    while (mrkdwnLength(word) > max) {
      const fit = Math.max(1, prefixFitting(word, max - 2));
      pieces.push(word.slice(0, fit));
      word = word.slice(fit);
    }
    push(word, mrkdwnLength(word));
  });
  flush();
  return pieces;
}

/** How many characters of `text` fit in `max` once escaped; never splits a surrogate pair. */
function prefixFitting(text: string, max: number): number {
  let used = 0;
  let index = 0;
  for (const char of text) {
    const cost = char.length + escapeCost(char);
    if (used + cost > max) break;
    used += cost;
    index += char.length;
  }
  return index;
}

/**
 * Shortens a label (button, header) to `max` escaped characters, at a word boundary with an
 * ellipsis. Used only where Slack allows no continuation; the full text is kept elsewhere.
 */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (escapedLength(clean) <= max) return clean;
  const fit = prefixFitting(clean, max - 1);
  const window = clean.slice(0, fit);
  const space = window.lastIndexOf(' ');
  return `${(space > 0 ? window.slice(0, space) : window).trimEnd()}…`;
}
