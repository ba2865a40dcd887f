import type { Bot } from '../core/bot';
import type { Lang } from '../core/types';
import type { HttpServer } from '../http/server';
import type { Logger } from '../logger';

/** A platform connection: it turns platform events into bot messages and renders the replies. */
export interface Adapter {
  /** Short name for logs and health checks ("slack", "discord", "console"). */
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new messages, lets those in flight finish, then disconnects. */
  stop(): Promise<void>;
  /** True while connected and able to answer. */
  isReady(): boolean;
}

/** What every platform adapter is built from (plus its own config slice). */
export interface AdapterDeps {
  bot: Bot;
  logger: Logger;
  /** The bot's one HTTP server; adapters add routes before it starts listening. */
  http: HttpServer;
  /** Language of texts not tied to a user (support cases) and the last resort for users. */
  defaultLang: Lang;
}
