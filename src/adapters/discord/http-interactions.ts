import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionResponseType } from 'discord.js';
import { readBody, type HttpServer } from '../../http/server';
import type { Logger } from '../../logger';
import { INTERACTION, isInteraction, type RawInteraction } from './interaction';
import type { CallbackChannel } from './respond';
import { checkDiscordSignature, discordPublicKey } from './signature';

/** Where Discord posts interactions when the application's Interactions Endpoint URL points to the bot. */
export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

/** Interactions are a few kilobytes; a forged giant body is refused before it is read whole. */
const BODY_LIMIT_BYTES = 256 * 1024;

export interface InteractionsRouteOptions {
  http: HttpServer;
  /** DISCORD_PUBLIC_KEY: 64 hex digits. */
  publicKey: string;
  logger: Logger;
  /** False once the adapter has stopped: requests then get 503. */
  accepting(): boolean;
  /** Answers the interaction; its callback goes to `channel` (the HTTP response). Tracked for shutdown by the caller. */
  handle(interaction: RawInteraction, channel: CallbackChannel): Promise<void>;
}

/**
 * POST /discord/interactions: Discord's HTTP delivery of slash commands, buttons and
 * autocomplete, so that any replica behind the load balancer answers them (the gateway is
 * held by one replica only). Every request is checked against the application's Ed25519
 * public key (a bad, stale or missing signature gets 401, which is also how Discord tests
 * the URL when it is saved); PING gets PONG. The callback is the HTTP response itself, sent
 * within Discord's 3 seconds (a deferral when the answer is slower); edits and follow-ups go
 * through the interaction's webhook on DISCORD_API_URL.
 */
export function registerInteractionsRoute(options: InteractionsRouteOptions): void {
  const publicKey = discordPublicKey(options.publicKey);
  options.http.route('POST', DISCORD_INTERACTIONS_PATH, async (req, res) => {
    if (!options.accepting()) return respond(res, 503);
    const raw = await readBody(req, BODY_LIMIT_BYTES);
    if (raw === 'too_large') return respond(res, 413);
    const check = checkDiscordSignature({ publicKey, rawBody: raw, signature: req.headers['x-signature-ed25519'], timestamp: req.headers['x-signature-timestamp'] });
    if (!check.ok) {
      options.logger.warn({ reason: check.reason }, 'discord interaction refused: bad, stale or missing signature');
      return respond(res, 401);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return respond(res, 400);
    }
    if ((body as { type?: unknown } | null)?.type === INTERACTION.ping) return respond(res, 200, JSON.stringify({ type: InteractionResponseType.Pong }));
    if (!isInteraction(body)) return respond(res, 400);
    await answerOverHttp(options, body, req, res);
  });
}

/** Holds the request until the interaction's callback is ready, and answers with it; the rest of the work goes on after. */
async function answerOverHttp(options: InteractionsRouteOptions, interaction: RawInteraction, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let answered!: () => void;
  const callbackSent = new Promise<void>((resolve) => (answered = resolve));
  const channel: CallbackChannel = {
    async send(json) {
      if (res.headersSent) throw new Error('the interaction was already answered');
      respond(res, 200, json);
      answered();
    },
  };
  const handled = options.handle(interaction, channel);
  await Promise.race([callbackSent, handled.catch(() => undefined)]);
  if (!res.headersSent) {
    // The handlers always answer (an apology at worst): this is a bug, said as such to Discord and the logs.
    options.logger.error({ type: interaction.type, aborted: req.destroyed }, 'discord interaction handled without any callback');
    respond(res, 500);
  }
}

function respond(res: ServerResponse, status: number, json?: string): void {
  res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
  res.end(json);
}
