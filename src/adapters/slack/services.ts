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
  /** Renderings of reused answers (an ephemeral one with its Share id). */
  renderings: RenderCache<SlackRendering>;
  inFlight: InFlight;
}

/** A reply rendered for a kind of place; `kept` settles once an ephemeral one's answer is kept for its Share button. */
export interface SlackRendering {
  messages: SlackMessage[];
  kept?: Promise<void>;
}
