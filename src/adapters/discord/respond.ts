import {
  DiscordAPIError,
  InteractionResponseType,
  MessageFlags,
  Routes,
  SnowflakeUtil,
  type APIEmbed,
  type APIInteractionResponseCallbackData,
  type InteractionReplyOptions,
  type RawFile,
  type REST,
} from 'discord.js';
import { RenderCache } from '../../service';
import type { DiscordMessage } from './render';

/**
 * How an answer reaches the user: a new message (`reply`, private or not), or, for a button
 * on an ephemeral answer, the clicked message replaced in place (`update`).
 */
export type ResponseMode = { kind: 'reply'; ephemeral: boolean } | { kind: 'update'; ephemeral: boolean };

/** No pings, ever, including the author of a message the bot replies to. */
export const ALLOWED_MENTIONS = { parse: [], repliedUser: false } satisfies InteractionReplyOptions['allowedMentions'];

/** `ALLOWED_MENTIONS` in the API's own shape, for bodies posted without discord.js' conversion. */
const NO_PINGS = { parse: [], replied_user: false };
const JSON_BODY = { 'Content-Type': 'application/json' };

type CallbackType =
  | InteractionResponseType.ChannelMessageWithSource
  | InteractionResponseType.UpdateMessage
  | InteractionResponseType.DeferredChannelMessageWithSource
  | InteractionResponseType.DeferredMessageUpdate;

/** The message part of a callback, webhook edit or follow-up, as the API takes it. */
function messageData(message: DiscordMessage): APIInteractionResponseCallbackData {
  const data: APIInteractionResponseCallbackData = { embeds: message.embeds, components: message.components, allowed_mentions: { ...NO_PINGS, parse: [...message.allowed_mentions.parse] } };
  if (message.files?.length) data.attachments = message.files.map((file, i) => ({ id: String(i), filename: file.name }));
  return data;
}

function filesOf(message: DiscordMessage | undefined): RawFile[] | undefined {
  return message?.files?.length ? message.files.map((file) => ({ name: file.name, data: file.data })) : undefined;
}

/** The callback's `data`: the message as rendered, no pings, and the ephemeral flag for a new message. */
function callbackData(type: CallbackType, ephemeral: boolean, message?: DiscordMessage): APIInteractionResponseCallbackData | undefined {
  let data = message ? messageData(message) : undefined;
  // An update keeps the clicked message's visibility; flags only say so for a new message.
  if (ephemeral && type !== InteractionResponseType.UpdateMessage && type !== InteractionResponseType.DeferredMessageUpdate) {
    data = { ...data, flags: MessageFlags.Ephemeral };
  }
  return data;
}

/**
 * Callback bodies of reused renderings (frozen), serialised once: the same answer sent again
 * costs no JSON work, nor the garbage of a fresh copy (a large part of a callback's cost).
 */
const serialised = new RenderCache<string, DiscordMessage>();

function callbackJson(type: CallbackType, ephemeral: boolean, message?: DiscordMessage): string {
  const make = () => {
    const data = callbackData(type, ephemeral, message);
    return JSON.stringify(data ? { type, data } : { type });
  };
  return message && !message.files?.length ? serialised.get(message, `${type}|${ephemeral}`, make) : make();
}

/**
 * Where an interaction's one callback goes: over REST to Discord for an interaction that came
 * through the gateway, or as the answer to Discord's own HTTP request (Interactions Endpoint
 * URL), which cannot carry files.
 */
export interface CallbackChannel {
  /** Sends the callback, JSON text. */
  send(json: string): Promise<void>;
  /** Sends a callback with files (multipart); absent when the channel cannot. */
  sendWithFiles?(body: object, files: RawFile[]): Promise<void>;
}

/** The gateway's way: POST /interactions/{id}/{token}/callback, with the interaction's own token (no bot token). */
export function restCallback(rest: REST, interaction: { id: string; token: string }): CallbackChannel {
  const route = Routes.interactionCallback(interaction.id, interaction.token);
  return {
    send: async (json) => {
      await rest.post(route, { body: json, passThroughBody: true, headers: JSON_BODY, auth: false });
    },
    sendWithFiles: async (body, files) => {
      await rest.post(route, { body, files, auth: false });
    },
  };
}

/** Discord's "Interaction has already been acknowledged". */
const ALREADY_ACKNOWLEDGED = 40060;

export function isAlreadyAcknowledged(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED;
}

/**
 * Answers one interaction, however it came: its one callback (a reply, an update, a deferral,
 * autocomplete choices), then edits of the original response and follow-ups through the
 * interaction's webhook (DISCORD_API_URL; the interaction token, valid 15 minutes, is the
 * credential). Bodies go out in the API's shape, as the renderer made them.
 */
export class InteractionResponder {
  /** True once the callback has been sent (or Discord said it already had one). */
  acknowledged = false;
  /** True when the callback was a deferral: the answer goes in by editing the original response. */
  deferred = false;

  constructor(
    private readonly interaction: { id: string; token: string; applicationId: string },
    private readonly rest: REST,
    private readonly channel: CallbackChannel,
  ) {}

  /**
   * Sends the callback. A callback over REST is retried when its answer is late or its connection
   * drops; if the first attempt did reach Discord, the retry is refused with 40060: the
   * interaction is then answered. A message with files that the channel cannot carry is
   * deferred, then edited in.
   */
  async callback(type: CallbackType, ephemeral: boolean, message?: DiscordMessage): Promise<void> {
    const files = filesOf(message);
    if (files && !this.channel.sendWithFiles) {
      const update = type === InteractionResponseType.UpdateMessage;
      await this.callback(update ? InteractionResponseType.DeferredMessageUpdate : InteractionResponseType.DeferredChannelMessageWithSource, ephemeral);
      await this.editOriginal(message!);
      return;
    }
    try {
      if (files) await this.channel.sendWithFiles!({ type, data: callbackData(type, ephemeral, message) }, files);
      else await this.channel.send(callbackJson(type, ephemeral, message));
    } catch (error) {
      if (!isAlreadyAcknowledged(error)) throw error;
    }
    this.acknowledged = true;
    this.deferred = type === InteractionResponseType.DeferredChannelMessageWithSource || type === InteractionResponseType.DeferredMessageUpdate;
  }

  /** The choices shown while the user types (autocomplete's one answer). */
  async choices(choices: Array<{ name: string; value: string }>): Promise<void> {
    try {
      await this.channel.send(JSON.stringify({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } }));
    } catch (error) {
      // A retried answer whose first attempt did arrive: nothing is lost.
      if (!isAlreadyAcknowledged(error)) throw error;
    }
    this.acknowledged = true;
  }

  /** Replaces the original response (after a deferral). */
  async editOriginal(message: DiscordMessage): Promise<void> {
    await this.rest.patch(Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, '@original'), { body: messageData(message), files: filesOf(message), auth: false });
  }

  async deleteOriginal(): Promise<void> {
    await this.rest.delete(Routes.webhookMessage(this.interaction.applicationId, this.interaction.token, '@original'), { auth: false });
  }

  /** Another message after the response, with the same visibility. */
  async followUp(message: DiscordMessage | { content: string } | { embeds: APIEmbed[] }, ephemeral: boolean): Promise<void> {
    const data = 'allowed_mentions' in message ? messageData(message) : { ...message, allowed_mentions: NO_PINGS };
    const body = ephemeral ? { ...data, flags: MessageFlags.Ephemeral } : data;
    await this.rest.post(Routes.webhook(this.interaction.applicationId, this.interaction.token), { body, files: filesOf('allowed_mentions' in message ? message : undefined), auth: false });
  }

  /**
   * A short text or embeds, as a new message: the callback when none was sent yet, else a
   * follow-up (a second callback would be refused).
   */
  async say(content: { content: string } | { embeds: APIEmbed[] }, ephemeral: boolean): Promise<void> {
    if (this.acknowledged) return this.followUp(content, ephemeral);
    const data = { ...content, allowed_mentions: NO_PINGS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
    try {
      await this.channel.send(JSON.stringify({ type: InteractionResponseType.ChannelMessageWithSource, data }));
    } catch (error) {
      if (!isAlreadyAcknowledged(error)) throw error;
    }
    this.acknowledged = true;
  }
}

/**
 * A nonce Discord enforces, for channel messages: one retried after a time-out or a dropped
 * connection, whose first attempt did arrive, is not posted twice (Discord returns the first).
 */
export function once() {
  return { nonce: SnowflakeUtil.generate().toString(), enforceNonce: true } as const;
}

/**
 * Sends an answer to an interaction. Discord drops an interaction that is neither answered
 * nor deferred within 3 seconds, so when `answer` is not ready after `deferAfterMs` the
 * interaction is deferred first and the answer edited in when it comes. Parts after the
 * first (a very long guide) follow as follow-up messages with the same visibility.
 */
export async function respond(responder: InteractionResponder, mode: ResponseMode, answer: Promise<DiscordMessage[]>, deferAfterMs: number): Promise<void> {
  // The answer, or 'late' after deferAfterMs. Its handlers also keep a later failure from
  // being "unhandled" meanwhile: that failure is reported where the answer is awaited again.
  const first = await new Promise<DiscordMessage[] | 'late'>((resolve, reject) => {
    const timer = setTimeout(() => resolve('late'), deferAfterMs);
    answer.then(
      (messages) => {
        clearTimeout(timer);
        resolve(messages);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

  let messages: DiscordMessage[];
  const update = mode.kind === 'update';
  const T = InteractionResponseType;
  if (first !== 'late' && first.length === 0) {
    // Nothing to say (rate-limited again): acknowledge without a visible message, or Discord shows a failure.
    if (update) await responder.callback(T.DeferredMessageUpdate, mode.ephemeral);
    else {
      await responder.callback(T.DeferredChannelMessageWithSource, true);
      await responder.deleteOriginal();
    }
    return;
  }
  if (first === 'late') {
    await responder.callback(update ? T.DeferredMessageUpdate : T.DeferredChannelMessageWithSource, mode.ephemeral);
    messages = await answer;
    if (!messages.length) {
      // Deferred, then nothing to say: remove the "thinking…" reply; a deferred update just stays as it was.
      if (!update) await responder.deleteOriginal();
      return;
    }
    await responder.editOriginal(messages[0]);
  } else {
    messages = first;
    await responder.callback(update ? T.UpdateMessage : T.ChannelMessageWithSource, mode.ephemeral, messages[0]);
  }
  for (const message of messages.slice(1)) await responder.followUp(message, mode.ephemeral);
}

/**
 * Tells the user something went wrong, in a short private message: a follow-up when the
 * interaction was already answered or deferred (a second reply would be refused), else a reply.
 */
export function apologise(responder: InteractionResponder, text: string): Promise<void> {
  return responder.say({ content: text }, true);
}
