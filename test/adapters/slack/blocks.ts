/** Reading Slack messages the way a user sees them, for assertions. */

/** Every text a Slack message shows, flattened (blocks and fallback), for "what the user sees" assertions. */
export function visibleText(message: { text?: string; blocks?: unknown }): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return parts.join('\n');
}

/** The buttons of a message: label, action_id and value. */
export function buttonsOf(message: { blocks?: unknown }): Array<{ label: string; actionId: string; value: string }> {
  const blocks = (message.blocks ?? []) as Array<{ type: string; elements?: Array<{ type: string; text: { text: string }; action_id: string; value: string }> }>;
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button')
    .map((e) => ({ label: e.text.text, actionId: e.action_id, value: e.value }));
}

/** Slack's documented Block Kit limits for a message, and ours for the `text` fallback. */
const LIMIT = { blocks: 50, sectionText: 3000, fields: 10, fieldText: 2000, header: 150, context: 10, actions: 25, buttonText: 75, buttonValue: 2000, actionId: 255, fallback: 4000 };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every Block Kit limit a message breaks (empty when it is fine): block count, text lengths,
 * fields, elements, buttons, a `text` fallback, and no ill-formed UTF-16 anywhere.
 */
export function blockKitProblems(message: { text?: string; blocks?: unknown }, maxBlocks = LIMIT.blocks): string[] {
  const problems: string[] = [];
  const blocks = (message.blocks ?? []) as Array<Record<string, any>>;
  if (!message.text) problems.push('no text fallback');
  if ((message.text ?? '').length > LIMIT.fallback) problems.push(`text fallback of ${message.text!.length}`);
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks`);
  const ids = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const where = `block ${i} (${block.type})`;
    if (block.type === 'section') {
      if (!block.text && !block.fields) problems.push(`${where}: neither text nor fields`);
      if (block.text && (block.text.text.length > LIMIT.sectionText || !block.text.text)) problems.push(`${where}: text of ${block.text.text.length}`);
      if (block.fields && block.fields.length > LIMIT.fields) problems.push(`${where}: ${block.fields.length} fields`);
      for (const field of block.fields ?? []) if (field.text.length > LIMIT.fieldText || !field.text) problems.push(`${where}: field of ${field.text.length}`);
    } else if (block.type === 'header') {
      if (block.text.text.length > LIMIT.header) problems.push(`${where}: header of ${block.text.text.length}`);
    } else if (block.type === 'context') {
      if (block.elements.length > LIMIT.context) problems.push(`${where}: ${block.elements.length} elements`);
    } else if (block.type === 'actions') {
      if (block.elements.length > LIMIT.actions) problems.push(`${where}: ${block.elements.length} elements`);
      for (const button of block.elements) {
        if (button.text.text.length > LIMIT.buttonText) problems.push(`${where}: button label of ${button.text.text.length}`);
        if ((button.value ?? '').length > LIMIT.buttonValue) problems.push(`${where}: button value of ${button.value.length}`);
        if (button.action_id.length > LIMIT.actionId || ids.has(button.action_id)) problems.push(`${where}: action_id ${button.action_id}`);
        ids.add(button.action_id);
      }
    } else {
      problems.push(`${where}: unexpected block type`);
    }
  }
  if (stringsOf(message).some((text) => LONE_SURROGATE.test(text))) problems.push('a lone UTF-16 surrogate');
  return problems;
}

/** `<!…>` (channel, here, everyone, user groups) and `<@…>` (users) anywhere in a message. */
export function mentionsIn(message: unknown): string[] {
  return JSON.stringify(message).match(/<[!@][^>]*>?/g) ?? [];
}

function stringsOf(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsOf);
  if (node && typeof node === 'object') return Object.values(node).flatMap(stringsOf);
  return [];
}
