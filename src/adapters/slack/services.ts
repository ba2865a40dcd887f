import type { Reply } from '../../core';
import type { RecentKeys, TtlCache } from '../../lib/ttl-cache';
import type { Logger } from '../../logger';
import type { ConversationService, InFlight, RenderCache } from '../../service';
import type { Delivery } from './delivery';
import type { FileSender } from './files';
import type { MapperContext } from './inbound';
import type { SlackMessage } from './render';
import type { UserDirectory } from './user-directory';
import type { WebClient } from './web-client';

/** Everything the Slack listeners share, built once at start-up. */
export interface SlackServices {
  /** Answers, languages, apologies and handoffs. */
  service: ConversationService;
  logger: Logger;
  client: WebClient;
  users: UserDirectory;
  delivery: Delivery;
  /** Setup files: uploaded with the external upload flow. */
  files: FileSender;
  mapper: MapperContext;
  /** Where "Talk to a human" posts cases; without it the button is not shown. */
  supportChannel?: string;
  /** Ephemeral answers kept for their "Share in channel" button, by a random id. */
  shares: TtlCache<Reply>;
  /** Renderings of reused answers, with the Share id an ephemeral one carries. */
  renderings: RenderCache<{ messages: SlackMessage[]; shareId?: string }>;
  /** Messages already answered (`channel:ts`): a mention also arrives as a message event, and Slack retries. */
  seen: RecentKeys;
  inFlight: InFlight;
}
