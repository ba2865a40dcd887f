import type { Reply } from '../../core';

export interface TextRenderOptions {
  /** Number the suggestions ("[1] Ports") so a console user can pick one by typing its number. */
  numberSuggestions?: boolean;
}

/** Plain-text rendering of a reply: for terminals, the `ask` CLI and logs. No markup to escape. */
export function renderText(reply: Reply, options: TextRenderOptions = {}): string {
  const blocks: string[] = [];
  if (reply.title) blocks.push(reply.title);
  if (reply.paragraphs.length) blocks.push(reply.paragraphs.join('\n'));
  if (reply.steps?.length) blocks.push(reply.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'));
  // French typography puts a space before the colon.
  const colon = reply.lang === 'fr' ? ' : ' : ': ';
  if (reply.fields?.length) blocks.push(reply.fields.map((f) => `  ${f.label}${colon}${f.value}`).join('\n'));
  if (reply.notes?.length) blocks.push(reply.notes.join('\n'));
  if (reply.links?.length) blocks.push(reply.links.map((l) => `- ${l.label}${colon}${l.url}`).join('\n'));
  if (reply.suggestions?.length) {
    const items = reply.suggestions.map((s, i) => (options.numberSuggestions ? `[${i + 1}] ${s.label}` : s.label));
    blocks.push(`→ ${items.join(options.numberSuggestions ? '  ' : ' · ')}`);
  }
  return blocks.join('\n\n');
}
