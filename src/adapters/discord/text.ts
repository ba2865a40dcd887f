import { URL_IN_TEXT } from '../text';

/** Discord markdown escaping and truncation, for the embed renderer. */

// Any character escapePlain would touch (a line starting with a digit may be a numbered list).
const NEEDS_ESCAPE = /[\\*_~`|[\]#>-]|^\s*\d/m;

/**
 * Escapes what Discord would read as markdown in plain text (bold, italics, spoilers, code,
 * masked links, and headings, quotes or lists at the start of a line), leaving URLs intact.
 * An address such as alice_smith_pro@example.com then shows as typed, not in italics.
 * `<@id>` mentions are kept: they can never ping, as every message sets `allowed_mentions`.
 */
export function escapeMarkdown(text: string): string {
  // Most texts have nothing to escape; checking first saves the work on every answer.
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = '';
  let last = 0;
  // Web addresses stay as they are: a backslash inside one would break the link.
  for (const match of text.matchAll(URL_IN_TEXT)) {
    out += escapePlain(text.slice(last, match.index));
    out += match[0];
    last = match.index + match[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#>-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)\. /gm, '$1\\. ');
}

/** Shortens `text` to `max` characters, ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
