import {
  DiscordAPIError,
  InteractionResponseType,
  MessageFlags,
  Routes,
  SnowflakeUtil,
  type APIInteractionResponseCallbackData,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type RawFile,
} from 'discord.js';
import { RenderCache } from '../../service';
import type { DiscordMessage } from './render';

/** Interactions the bot answers with a message (autocomplete has its own, simpler answer). */
export type AnswerableInteraction = ChatInputCommandInteraction | ButtonInteraction;

/**
 * How an answer reaches the user: a new message (`reply`, private or not), or, for a button
 * on an ephemeral answer, the clicked message replaced in place (`update`).
 */
export type ResponseMode = { kind: 'reply'; ephemeral: boolean } | { kind: 'update'; ephemeral: boolean };

/** No pings, ever, including the author of a message the bot replies to. */
export const ALLOWED_MENTIONS = { parse: [], repliedUser: false } satisfies InteractionReplyOptions['allowedMentions'];

/**
 * Already in the API's shape: discord.js sends what `toJSON` returns as it is, instead of
 * walking every embed and button to convert key names (measurable at hundreds per second).
 */
function asIs<T>(value: T): { toJSON(): T } {
  return { toJSON: () => value };
}

/**
 * A rendered message as discord.js options, valid for a reply, an update, an edit or a
 * follow-up. Files make discord.js send multipart/form-data (the JSON in `payload_json`).
 */
export function toSendOptions(message: DiscordMessage) {
  return {
    embeds: message.embeds.map(asIs),
    components: message.components.map(asIs),
    allowedMentions: { ...ALLOWED_MENTIONS, parse: [...message.allowed_mentions.parse] },
    ...(message.files?.length ? { files: message.files.map((file) => ({ attachment: file.data, name: file.name })) } : {}),
  };
}

const EPHEMERAL = { flags: MessageFlags.Ephemeral } as const;
/** `ALLOWED_MENTIONS` in the API's own shape, for bodies posted without discord.js' conversion. */
const NO_PINGS = { parse: [], replied_user: false };

type CallbackType =
  | InteractionResponseType.ChannelMessageWithSource
  | InteractionResponseType.UpdateMessage
  | InteractionResponseType.DeferredChannelMessageWithSource
  | InteractionResponseType.DeferredMessageUpdate;

const JSON_BODY = { 'Content-Type': 'application/json' };

/** The callback's `data`: the message as rendered, no pings, and the ephemeral flag for a new message. */
function callbackData(type: CallbackType, ephemeral: boolean, message?: DiscordMessage): APIInteractionResponseCallbackData | undefined {
  let data: APIInteractionResponseCallbackData | undefined;
  if (message) data = { embeds: message.embeds, components: message.components, allowed_mentions: NO_PINGS };
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
  return message ? serialised.get(message, `${type}|${ephemeral}`, make) : make();
}

/**
 * The interaction's callback (reply, update, deferral), posted as the renderer made it. The
 * answer is already in the API's shape: discord.js' own `reply()` would rebuild it through a
 * MessagePayload, which costs as much again as the rest of the delivery (it even resolves
 * modules at every call). Afterwards discord.js is told what happened, as its methods do,
 * so its edits and follow-ups keep working.
 */
async function callback(
  interaction: AnswerableInteraction,
  type: CallbackType,
  ephemeral: boolean,
  message?: DiscordMessage,
): Promise<void> {
  const route = Routes.interactionCallback(interaction.id, interaction.token);
  if (message?.files?.length) {
    const files: RawFile[] = message.files.map((file) => ({ name: file.name, data: file.data }));
    const data = callbackData(type, ephemeral, message)!;
    data.attachments = message.files.map((file, i) => ({ id: String(i), filename: file.name }));
    await interaction.client.rest.post(route, { body: { type, data }, files, auth: false });
  } else {
    await interaction.client.rest.post(route, { body: callbackJson(type, ephemeral, message), passThroughBody: true, headers: JSON_BODY, auth: false });
  }
  const deferral = type === InteractionResponseType.DeferredChannelMessageWithSource || type === InteractionResponseType.DeferredMessageUpdate;
  if (deferral) interaction.deferred = true;
  else interaction.replied = true;
  if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.DeferredChannelMessageWithSource) interaction.ephemeral = ephemeral;
}

/**
 * A nonce Discord enforces, for channel messages: one retried after a time-out or a dropped
 * connection, whose first attempt did arrive, is not posted twice (Discord returns the first).
 */
export function once() {
  return { nonce: SnowflakeUtil.generate().toString(), enforceNonce: true } as const;
}

/** Discord's "Interaction has already been acknowledged". */
const ALREADY_ACKNOWLEDGED = 40060;

export function isAlreadyAcknowledged(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED;
}

/**
 * Sends the interaction's callback. A callback is retried when its answer is late or its
 * connection drops; if the first attempt did reach Discord, the retry is refused with 40060:
 * the interaction is then answered, and discord.js is told so (follow-ups need it).
 */
async function acknowledge(interaction: AnswerableInteraction, how: 'replied' | 'deferred', ephemeral: boolean, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!isAlreadyAcknowledged(error)) throw error;
    interaction[how] = true;
    interaction.ephemeral = ephemeral;
  }
}

/**
 * Sends an answer to an interaction. Discord drops an interaction that is neither answered
 * nor deferred within 3 seconds, so when `answer` is not ready after `deferAfterMs` the
 * interaction is deferred first and the answer edited in when it comes. Parts after the
 * first (a very long guide) follow as follow-up messages with the same visibility.
 */
export async function respond(
  interaction: AnswerableInteraction,
  mode: ResponseMode,
  answer: Promise<DiscordMessage[]>,
  deferAfterMs: number,
): Promise<void> {
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
  const update = mode.kind === 'update' && interaction.isButton();
  const visibility = mode.ephemeral ? EPHEMERAL : {};
  const T = InteractionResponseType;
  if (first !== 'late' && first.length === 0) {
    // Nothing to say (rate-limited again): acknowledge without a visible message, or Discord shows a failure.
    if (update) await acknowledge(interaction, 'deferred', mode.ephemeral, () => callback(interaction, T.DeferredMessageUpdate, mode.ephemeral));
    else {
      await acknowledge(interaction, 'deferred', true, () => callback(interaction, T.DeferredChannelMessageWithSource, true));
      await interaction.deleteReply();
    }
    return;
  }
  if (first === 'late') {
    if (update) await acknowledge(interaction, 'deferred', mode.ephemeral, () => callback(interaction, T.DeferredMessageUpdate, mode.ephemeral));
    else await acknowledge(interaction, 'deferred', mode.ephemeral, () => callback(interaction, T.DeferredChannelMessageWithSource, mode.ephemeral));
    messages = await answer;
    if (!messages.length) {
      // Deferred, then nothing to say: remove the "thinking…" reply; a deferred update just stays as it was.
      if (!update) await interaction.deleteReply();
      return;
    }
    await interaction.editReply(toSendOptions(messages[0]));
  } else {
    messages = first;
    const type = update ? T.UpdateMessage : T.ChannelMessageWithSource;
    await acknowledge(interaction, 'replied', mode.ephemeral, () => callback(interaction, type, mode.ephemeral, messages[0]));
  }
  for (const message of messages.slice(1)) await interaction.followUp({ ...toSendOptions(message), ...visibility });
}

/**
 * Tells the user something went wrong, in a short private message: a follow-up when the
 * interaction was already answered or deferred (a second reply would be refused), else a reply.
 */
export async function apologise(interaction: AnswerableInteraction, text: string): Promise<void> {
  const options = { content: text, allowedMentions: ALLOWED_MENTIONS, flags: MessageFlags.Ephemeral } as const;
  if (interaction.deferred || interaction.replied) await interaction.followUp(options);
  else await interaction.reply(options);
}
