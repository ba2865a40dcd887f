import type { Reply } from '../../core';

export interface TextRenderOptions {
  /** Number the suggestions ("[1] Ports") so a console user can pick one by typing its number. */
  numberSuggestions?: boolean;
  /** Leave out the longer part ("Show the steps"): the first message alone, as platforms with buttons show it. */
  firstPartOnly?: boolean;
}

/** Where a field label and its value meet: French puts a no-break space before the colon. */
export function labelSeparator(lang: Reply['lang']): string {
  return lang === 'fr' ? '\u00a0: ' : ': ';
}

/**
 * Plain-text rendering of a reply: for terminals, the `ask` CLI and logs. No markup to escape.
 * A terminal has no buttons, so the longer part of an answer follows the first one in full.
 */
export function renderText(reply: Reply, options: TextRenderOptions = {}): string {
  const blocks: string[] = [];
  if (reply.title) blocks.push(reply.title);
  if (reply.paragraphs.length) blocks.push(reply.paragraphs.join('\n'));
  if (reply.checks?.length) blocks.push(reply.checks.map((c) => c.text).join('\n'));
  if (reply.steps?.length) blocks.push(reply.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'));
  const colon = labelSeparator(reply.lang);
  if (reply.fields?.length) blocks.push(reply.fields.map((f) => `  ${f.label}${colon}${f.value}`).join('\n'));
  if (reply.notes?.length) blocks.push(reply.notes.join('\n'));
  const more = options.firstPartOnly ? undefined : reply.more;
  if (more?.paragraphs?.length) blocks.push(more.paragraphs.join('\n'));
  if (more?.steps?.length) blocks.push(more.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'));
  if (more?.notes?.length) blocks.push(more.notes.join('\n'));
  if (reply.links?.length) blocks.push(reply.links.map((l) => `- ${l.label}${colon}${l.url}`).join('\n'));
  if (reply.suggestions?.length) {
    const items = reply.suggestions.map((s, i) => (options.numberSuggestions ? `[${i + 1}] ${s.label}` : s.label));
    blocks.push(`→ ${items.join(options.numberSuggestions ? '  ' : ' · ')}`);
  }
  return blocks.join('\n\n');
}
