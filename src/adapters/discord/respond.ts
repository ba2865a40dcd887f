import { DiscordAPIError, MessageFlags, SnowflakeUtil, type ButtonInteraction, type ChatInputCommandInteraction, type InteractionReplyOptions } from 'discord.js';
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
  // The answer's failure is reported where it is awaited; this only keeps it from being "unhandled" meanwhile.
  answer.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deferAfterMs);
  });
  const first = await Promise.race([answer, late]).finally(() => clearTimeout(timer));

  let messages: DiscordMessage[];
  const update = mode.kind === 'update' && interaction.isButton() ? interaction : null;
  const visibility = mode.ephemeral ? EPHEMERAL : {};
  if (first !== 'late' && first.length === 0) {
    // Nothing to say (rate-limited again): acknowledge without a visible message, or Discord shows a failure.
    if (update) await acknowledge(interaction, 'deferred', mode.ephemeral, () => update.deferUpdate());
    else {
      await acknowledge(interaction, 'deferred', true, () => interaction.deferReply(EPHEMERAL));
      await interaction.deleteReply();
    }
    return;
  }
  if (first === 'late') {
    if (update) await acknowledge(interaction, 'deferred', mode.ephemeral, () => update.deferUpdate());
    else await acknowledge(interaction, 'deferred', mode.ephemeral, () => interaction.deferReply(visibility));
    messages = await answer;
    if (!messages.length) {
      // Deferred, then nothing to say: remove the "thinking…" reply; a deferred update just stays as it was.
      if (!update) await interaction.deleteReply();
      return;
    }
    await interaction.editReply(toSendOptions(messages[0]));
  } else {
    messages = first;
    if (update) await acknowledge(interaction, 'replied', mode.ephemeral, () => update.update(toSendOptions(messages[0])));
    else await acknowledge(interaction, 'replied', mode.ephemeral, () => interaction.reply({ ...toSendOptions(messages[0]), ...visibility }));
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
