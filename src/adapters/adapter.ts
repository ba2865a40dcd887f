import type { HttpServer } from '../http/server';
import type { Logger } from '../logger';
import type { ConversationService } from '../service';

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
  /** Answers, languages, apologies and handoffs: everything that is not the platform's own. */
  service: ConversationService;
  logger: Logger;
  /** The bot's one HTTP server; adapters add routes before it starts listening. */
  http: HttpServer;
  /** How long `stop()` lets work in flight finish (SHUTDOWN_TIMEOUT_SECONDS); adapters default to 5 s. */
  stopTimeoutMs?: number;
}
