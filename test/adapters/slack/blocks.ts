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
