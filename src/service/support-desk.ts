import type { Reply } from '../core';
import type { KnowledgeBase } from '../knowledge/settings';

/** Who asked for a person, as their own platform knows them. */
export interface Requester {
  /** The platform they wrote on ("slack", "discord"): `InboundMessage.platform`. */
  platform: string;
  userId: string;
  /** Their display name, where the platform has one (a support thread is named after it). */
  name?: string;
  /** How the case names them: a mention or a name, in their platform's markup. */
  label: string;
  /**
   * Only for a requester support cannot answer where they asked (a website visitor): a short code
   * that names their case. They are told to write to support quoting it; an empty conversation is
   * then not posted (support could do nothing with it).
   */
  reference?: string;
}

/**
 * Where "Talk to a human" sends a case: a Slack or Discord support channel. Each adapter with a
 * support channel configured offers one; a platform without its own (a web chat) uses the first.
 */
export interface SupportDesk {
  /** The platform of the support channel ("slack", "discord"). */
  readonly platform: string;
  /**
   * Posts a case, already redacted and worded for the support team. Resolves false when it could
   * not (having logged why in its platform's own safe form); the user is then told how else to
   * reach support.
   */
  post(supportCase: Reply, requester: Requester): Promise<boolean>;
}

/** The provider's own way to reach support (first of e-mail, web page, phone, help page): for when the bot cannot help further. */
export function supportContact(kb: KnowledgeBase): string {
  const { support, helpUrl } = kb.data.provider;
  return support.email ?? support.url ?? support.phone ?? helpUrl;
}
