import { renderText } from '../adapters/console/render-text';
import { renderDiscord } from '../adapters/discord/render';
import { renderSlack } from '../adapters/slack/render';
import type { Intent, Reply } from '../core';

/**
 * What a reader sees of an answer, measured: the length of its first message on each platform,
 * and anything it says twice. `npm run eval -- --shape` prints these over the labelled sets; a
 * test keeps them within the targets.
 */

export const PLATFORMS = ['text', 'slack', 'discord'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Guides and checklists may run longer on their first screen; the rest waits behind "more". */
const LONG_ANSWERS: ReadonlySet<Intent> = new Set(['client_setup', 'troubleshooting', 'all_settings']);

/** Questions about one setting: their first message is the shortest. */
const SETTING_ANSWERS: ReadonlySet<Intent> = new Set(['protocol_choice', 'incoming_server', 'outgoing_server', 'ports', 'username', 'encryption', 'smtp_auth']);

/** First-message length targets, in characters: settings 450, guides and checklists 700, and the rest (help, refusals) 700. */
export function lengthTarget(intent: Intent): number {
  return SETTING_ANSWERS.has(intent) && !LONG_ANSWERS.has(intent) ? 450 : 700;
}

/** The characters of the first message a user sees, without buttons or markup. */
export function firstMessageLength(reply: Reply, platform: Platform): number {
  if (platform === 'text') return renderText(reply, { firstPartOnly: true }).replace(/\n\n→ .*$/s, '').length;
  if (platform === 'slack') return renderSlack(reply)[0].text.replace(/\n\n→ .*$/s, '').length;
  const [first] = renderDiscord(reply, { scope: 'u', share: false, handoffAvailable: false, labels: { showToChannel: '', talkToHuman: '' } });
  const embed = first.embeds[0] ?? {};
  return (embed.title ?? '').length + (embed.description ?? '').length + (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/** Sentences as a reader compares them: case, spacing and end punctuation aside. */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/[\s\u00a0\u202f]+/g, ' ').replace(/[.!?:\s]+$/, '').trim().toLowerCase())
    .filter((s) => s.length > 12);
}

/**
 * What one reply says twice: a sentence repeated, a field line repeated, or a server and its port
 * stated in a sentence and again in the field block below it.
 */
export function repetitions(reply: Reply): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const all = [...reply.paragraphs, ...(reply.notes ?? []), ...(reply.steps ?? []), ...(reply.more?.paragraphs ?? []), ...(reply.more?.notes ?? [])];
  for (const sentence of all.flatMap(sentences)) {
    if (seen.has(sentence)) found.push(`sentence twice: "${sentence}"`);
    seen.add(sentence);
  }
  const lines = new Set<string>();
  for (const field of reply.fields ?? []) {
    const line = `${field.label}: ${field.value}`;
    if (lines.has(line)) found.push(`field twice: "${line}"`);
    lines.add(line);
    // "mail.x · port 993 · SSL/TLS": the same host and port in a paragraph above.
    const value = /^(\S+) · port (\d+)/.exec(field.value);
    if (value && reply.paragraphs.some((p) => p.includes(value[1]) && new RegExp(`\\b${value[2]}\\b`).test(p))) {
      found.push(`value in a sentence and in the field block: "${field.value}"`);
    }
  }
  return found;
}

export interface LengthStats {
  n: number;
  median: number;
  p95: number;
}

export function stats(values: number[]): LengthStats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, median: at(0.5), p95: at(0.95) };
}
