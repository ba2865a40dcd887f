import type { InboundMessage, Reply } from '../../core';
import type { Lang } from '../../domain';

/**
 * What the web chat needs from the rest of the bot. The adapter knows nothing else of it, so the
 * same adapter can sit on today's `Bot` or on a conversation service later.
 */
export interface WebChatBackend {
  /**
   * Answers one message of a web conversation (`platform: 'web'`, `conversationId` from the
   * browser's session). Null means there is nothing to say: the session sent too many messages
   * again after its notice, or the bot is stopping. Never rejects for a user error.
   */
  answer(message: InboundMessage): Promise<Reply | null>;
  /**
   * "Talk to a human": hands the conversation to the support team when one is reachable, and
   * returns what to tell the user in `lang` (that an agent has it, or how to contact support).
   */
  requestHuman(conversationId: string, lang: Lang): Promise<Reply>;
}
