/**
 * Where an exchange happens in Slack: where the answers go, and which conversation (context
 * for follow-ups such as "and for POP?") they continue.
 */
export type Place =
  /** A mention in a channel: answered in the thread of the message; `user` is who asked (or clicked). */
  | { kind: 'thread'; team: string; channel: string; threadTs: string; user: string }
  /** The direct-message conversation with the bot (`channel` may be the user ID: Slack then opens the DM). */
  | { kind: 'dm'; team: string; user: string; channel: string; threadTs?: string }
  /** A slash command: answers only the asker sees, replaced in place through `responseUrl`. */
  | { kind: 'ephemeral'; team: string; channel: string; user: string; responseUrl?: string };

/**
 * The context key of a place: one per user in a thread (several people may ask in one thread,
 * and nobody may continue — or get a setup file for — another's question), one per user's DM,
 * one per user per channel for commands.
 */
export function conversationIdOf(place: Place): string {
  switch (place.kind) {
    case 'thread':
      return `slack:${place.team}:${place.channel}:${place.threadTs}:user:${place.user}`;
    case 'dm':
      // By user, not by channel ID: App Home buttons only know the user, and it is the same DM.
      return `slack:${place.team}:dm:${place.user}`;
    case 'ephemeral':
      return `slack:${place.team}:${place.channel}:user:${place.user}`;
  }
}

/** DM channel IDs start with D; Slack documents the prefix and it is stable. */
export function isDirectMessageChannel(channel: string): boolean {
  return channel.startsWith('D');
}
