import type { Bot, InboundMessage, Reply } from '../core';
import type { Lang } from '../domain';
import type { HttpServer } from '../http/server';
import { answerSafely } from './answer-safely';
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
  /**
   * How to get an answer (the app's rate-limited, logged, metered `Answering.answer`); null
   * means say nothing. Without it, `answerSafely` on the bot (tests that need no operations).
   */
  answer?: AnswerFn;
  /** How long `stop()` lets work in flight finish (SHUTDOWN_TIMEOUT_SECONDS); adapters default to 5 s. */
  stopTimeoutMs?: number;
}

/** Gets the answer to a message; null means stay silent (rate-limited again, shutting down). */
export type AnswerFn = (message: InboundMessage) => Promise<Reply | null>;

/** The deps' answer function, or the bot's own never-throwing one. */
export function answerFunction(deps: AdapterDeps): AnswerFn {
  if (deps.answer) return deps.answer;
  return (message) => answerSafely(deps.bot, message, deps.logger, deps.defaultLang);
}
