import type { Bot, Reply } from '../../core';
import type { Lang } from '../../domain';
import type { Logger } from '../../logger';
import type { AnswerFn } from '../adapter';
import type { Delivery } from './delivery';
import type { FileSender } from './files';
import type { InFlight } from './in-flight';
import type { MapperContext } from './inbound';
import type { RecentKeys, TtlCache } from '../../lib/ttl-cache';
import type { UserDirectory } from './user-directory';
import type { WebClient } from './web-client';

/** Everything the Slack listeners share, built once at start-up. */
export interface SlackServices {
  bot: Bot;
  /** The app's answering service (rate limit, logs, metrics); null means stay silent. */
  answer: AnswerFn;
  logger: Logger;
  defaultLang: Lang;
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
  /** Messages already answered (`channel:ts`): a mention also arrives as a message event, and Slack retries. */
  seen: RecentKeys;
  inFlight: InFlight;
}
