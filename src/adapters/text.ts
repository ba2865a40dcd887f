/** Text helpers every renderer shares: web addresses in prose, and splitting long text. */
import type { Reply, Suggestion } from '../core';

/**
 * http(s) URLs in prose. Trailing punctuation belongs to the sentence; brackets, quotes and `|`
 * end a URL (they delimit links in Slack's and Discord's markup).
 */
export const URL_IN_TEXT = /https?:\/\/[^\s<>|"()]+[^\s<>|"().,;:!?\]»'’]/g;

/** How long a text is where it goes (Slack counts it escaped, with its links' brackets). */
export type Measure = (text: string) => number;

const characters: Measure = (text) => text.length;

/**
 * Splits text into pieces of at most `max` (as `measure` counts) without losing anything: at
 * the piece's last line break when that keeps it at least half full, else at its last space.
 * Only a single word longer than a whole piece is cut, never inside a surrogate pair nor
 * between a backslash and the character it escapes.
 */
export function splitText(text: string, max: number, measure: Measure = characters): string[] {
  const trimmed = text.trim();
  // Most texts fit: skip the tokenising (this runs for every block of every answer).
  if (measure(trimmed) <= max) return trimmed ? [trimmed] : [];
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
    const cost = measure(token);
    if (used + cost <= max) return push(token, cost);
    // The piece is full: it ends at its last line break (the words after it start the next one), or here.
    const lineBreak = lastUsefulBreak(current, costs, max);
    flush(lineBreak ?? current.length);
    const isSeparator = i % 2 === 1;
    if (isSeparator) {
      // Dropped where a piece ends; kept between the words carried over and the next one.
      if (current.length && used + cost <= max) push(token, cost);
      else flush();
      return;
    }
    if (used + cost > max) flush();
    let word = token;
    // One word longer than a whole piece: nothing else to do but cut it.
    while (measure(word) > max) {
      // Not even one character fits (an escape costs more than `max`): one character, whole.
      const fit = fittingPrefix(word, max, measure) || (isHighSurrogate(word, 0) ? 2 : 1);
      pieces.push(word.slice(0, fit));
      word = word.slice(fit);
    }
    push(word, measure(word));
  });
  flush();
  return pieces;
}

/** The index of the piece's last line-break separator, when ending there keeps it at least half full. */
function lastUsefulBreak(current: readonly string[], costs: readonly number[], max: number): number | undefined {
  let before = 0;
  let found: number | undefined;
  for (let j = 0; j < current.length; j++) {
    if (j % 2 === 1 && current[j].includes('\n') && before >= max / 2) found = j;
    before += costs[j];
  }
  return found;
}

/**
 * How many code units of `text` fit in `max` as `measure` counts, ending where text may be cut:
 * not inside a surrogate pair, not between a backslash and the character it escapes.
 */
export function fittingPrefix(text: string, max: number, measure: Measure = characters): number {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, middle)) <= max) low = middle;
    else high = middle - 1;
  }
  let end = low;
  if (end > 0 && end < text.length && isHighSurrogate(text, end - 1)) end--;
  let backslashes = 0;
  while (backslashes < end && text[end - 1 - backslashes] === '\\') backslashes++;
  if (backslashes % 2 === 1) end--;
  return end;
}

function isHighSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The buttons a reply offers: "Show the steps" (the longer part, on platforms with buttons) first,
 * then the suggestions. Platforms without buttons render the longer part whole instead.
 */
export function buttonChoices(reply: Reply): Suggestion[] {
  const more = reply.more?.choice ? [{ label: reply.more.label, choice: reply.more.choice }] : [];
  return [...more, ...(reply.suggestions ?? [])];
}
