import { InteractionType, MessageFlags, type APIEmbed } from 'discord.js';
import type { Place } from './inbound';

/**
 * An interaction exactly as Discord sends it: the `d` of a gateway INTERACTION_CREATE, or the
 * body of a POST to the Interactions Endpoint URL. Both are read by the same handlers, so the
 * fields are read defensively here (the HTTP body is only as trustworthy as its signature says:
 * from Discord, but in any version of its shape).
 */
export interface RawInteraction {
  id: string;
  application_id?: string;
  type: number;
  token: string;
  channel_id?: string;
  channel?: { id?: string };
  guild_id?: string;
  guild_locale?: string;
  locale?: string;
  member?: { user?: RawUser };
  user?: RawUser;
  data?: {
    name?: string;
    custom_id?: string;
    options?: RawOption[];
  };
  message?: { flags?: number; embeds?: APIEmbed[] };
}

interface RawUser {
  id: string;
  username?: string;
}

interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  /** Subcommands nest their options; /mailconfig has none, but a forged body may. */
  options?: RawOption[];
}

/** What each kind of interaction is (Discord's numbers). */
export const INTERACTION = {
  ping: InteractionType.Ping,
  command: InteractionType.ApplicationCommand,
  component: InteractionType.MessageComponent,
  autocomplete: InteractionType.ApplicationCommandAutocomplete,
} as const;

/** True for a body with what every interaction the bot answers needs (an id and a token to answer with). */
export function isInteraction(value: unknown): value is RawInteraction {
  const v = value as Partial<RawInteraction> | null;
  return Boolean(v && typeof v === 'object' && typeof v.id === 'string' && typeof v.token === 'string' && typeof v.type === 'number');
}

/** Who acted: the member's user in a server, the user in a DM. */
export function userOf(interaction: RawInteraction): { id: string; username: string } {
  const user = interaction.member?.user ?? interaction.user;
  return { id: String(user?.id ?? ''), username: String(user?.username ?? user?.id ?? '') };
}

/** Where the interaction happened, as the inbound mappers want it. */
export function placeOf(interaction: RawInteraction): Place {
  return {
    channelId: String(interaction.channel_id ?? interaction.channel?.id ?? ''),
    guildId: interaction.guild_id ?? null,
    userId: userOf(interaction).id,
  };
}

function option(interaction: RawInteraction, name: string): RawOption | undefined {
  return interaction.data?.options?.find((o) => o?.name === name);
}

/** A string option's value, or null when absent or not a string. */
export function stringOption(interaction: RawInteraction, name: string): string | null {
  const value = option(interaction, name)?.value;
  return typeof value === 'string' ? value : null;
}

export function booleanOption(interaction: RawInteraction, name: string): boolean | null {
  const value = option(interaction, name)?.value;
  return typeof value === 'boolean' ? value : null;
}

/** The option the user is typing in (autocomplete). */
export function focusedOption(interaction: RawInteraction): { name: string; value: string } | undefined {
  const focused = interaction.data?.options?.find((o) => o?.focused);
  return focused ? { name: focused.name, value: String(focused.value ?? '') } : undefined;
}

/** True when the clicked message is ephemeral (only the clicker sees it). */
export function onEphemeralMessage(interaction: RawInteraction): boolean {
  return ((interaction.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}
