/**
 * Button `custom_id`s. Discord sends them back on a click and allows at most 100 characters.
 * The scope says which conversation a click continues, so no state is kept per message:
 * `u` = this user in this channel (every button the bot renders today, mentions included),
 * `c` = the channel or DM itself (buttons posted by earlier versions, still honoured).
 */
export type Scope = 'u' | 'c';

export type ButtonAction =
  /** A follow-up suggestion: `choice` goes back to the bot as `InboundMessage.choice`. */
  | { action: 'ask'; scope: Scope; choice: string }
  /** "Show to channel": repost an ephemeral answer for everyone. */
  | { action: 'share' }
  /** "Talk to a human": send the conversation to the support channel. */
  | { action: 'human'; scope: Scope };

/** Discord's limit for a component's custom_id. */
export const MAX_CUSTOM_ID = 100;

export function encodeButton(button: ButtonAction): string {
  switch (button.action) {
    case 'ask':
      return `ask:${button.scope}:${button.choice}`;
    case 'share':
      return 'share';
    case 'human':
      return `human:${button.scope}`;
  }
}

/** Reads a custom_id back; anything unknown or forged gives null. */
export function decodeButton(customId: string): ButtonAction | null {
  if (customId.length > MAX_CUSTOM_ID) return null;
  if (customId === 'share') return { action: 'share' };
  const [action, scope, ...rest] = customId.split(':');
  if (scope !== 'u' && scope !== 'c') return null;
  const choice = rest.join(':');
  if (action === 'ask' && choice) return { action, scope, choice };
  if (action === 'human' && !rest.length) return { action, scope };
  return null;
}
