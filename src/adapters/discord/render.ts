import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Reply } from '../../core';
import { buttonChoices, splitText } from '../text';
import { encodeButton, MAX_CUSTOM_ID, type Scope } from './custom-ids';
import { escapeMarkdown, truncate } from './text';

/** Discord's message limits (characters unless stated). */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldsPerEmbed: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values, footer and author of all embeds of one message. */
  charsPerMessage: 6000,
  embedsPerMessage: 10,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  buttonLabel: 80,
  customId: MAX_CUSTOM_ID,
  /** Attachments on one message. */
  filesPerMessage: 10,
  /**
   * Bytes of attachments on one message: the smallest upload limit Discord has applied to a
   * server without boosts (8 MiB), so it holds in any server and DM.
   */
  fileBytesPerMessage: 8 * 1024 * 1024,
} as const;

/** Mentions Discord may turn into pings: none, whatever the text contains. */
export interface NoMentions {
  parse: [];
}

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A file sent as an attachment of a message (a setup file). */
export interface DiscordFile {
  name: string;
  data: Buffer;
}

/** One message to send: raw API shapes, ready for discord.js or a REST call (files go beside the JSON body). */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowed_mentions: NoMentions;
  /** Attachments, only when the reply has some; within `filesPerMessage` and `fileBytesPerMessage`. */
  files?: DiscordFile[];
}

export interface DiscordRenderOptions {
  /** Which conversation the suggestion buttons continue. */
  scope: Scope;
  /** Add "Show to channel" (an ephemeral answer in a server). */
  share: boolean;
  /** A support channel is configured: "Talk to a human" appears when the reply offers a handoff. */
  handoffAvailable: boolean;
  /** Button texts in the reply's language. */
  labels: { showToChannel: string; talkToHuman: string };
}

const COLOURS: Record<Reply['kind'], number> = {
  answer: 0x2f6fb3,
  fallback: 0xd08b1c,
  notice: 0x7a7f87,
  error: 0xc0392b,
};

// Field names must not be empty; a zero-width space marks the continuation of a long value.
const CONTINUED = '\u200b';

/** Allowed mentions for every message the bot sends. */
export function noMentions(): NoMentions {
  return { parse: [] };
}

/**
 * Renders a reply as Discord messages: embeds (title, text, domain-check lines and numbered steps, then the
 * server and port fields, then notes and links) and buttons on the last message. Long
 * answers are split over several embeds, then several messages; nothing is ever dropped.
 */
export function renderDiscord(reply: Reply, options: DiscordRenderOptions): DiscordMessage[] {
  // A setup file is personal (it names the user's address), and "Show to channel" reposts the text without it.
  if (reply.attachments?.length) options = { ...options, share: false };
  const embeds = buildEmbeds(reply);
  const messages: DiscordMessage[] = packMessages(embeds).map((group) => ({ embeds: group, components: [] as ButtonRow[], allowed_mentions: noMentions() }));
  const shareRow = options.share ? [row([shareButton(options.labels.showToChannel)])] : [];
  messages.forEach((message, i) => {
    message.components = i === messages.length - 1 ? buttons(reply, options) : shareRow;
  });
  // Files go with the first message (the one that says "here is the file"); more than fit there, on the next ones.
  packFiles(toFiles(reply)).forEach((files, i) => {
    if (i >= messages.length) messages.push({ embeds: [], components: [], allowed_mentions: noMentions() });
    messages[i].files = files;
  });
  return messages;
}

/** A reply's attachments as bytes, each name reduced to what is safe in a file name. */
function toFiles(reply: Reply): DiscordFile[] {
  return (reply.attachments ?? []).map((attachment) => ({
    name: safeFilename(attachment.filename),
    data: Buffer.from(attachment.body, attachment.encoding === 'base64' ? 'base64' : 'utf8'),
  }));
}

/** No path, no control or reserved characters, not empty, at most 100 characters (extension kept). */
export function safeFilename(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '_').trim();
  const cleaned = base.replace(/^\.+/, '') || 'file';
  if (cleaned.length <= 100) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 100 - extension.length) + extension;
}

/**
 * Files in groups Discord accepts on one message (count and bytes). A file larger than a
 * message may carry alone cannot be sent at all and is left out (the adapter logs it).
 */
function packFiles(files: DiscordFile[]): DiscordFile[][] {
  const groups: DiscordFile[][] = [];
  let group: DiscordFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (file.data.length > LIMITS.fileBytesPerMessage) continue;
    if (group.length && (group.length >= LIMITS.filesPerMessage || bytes + file.data.length > LIMITS.fileBytesPerMessage)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(file);
    bytes += file.data.length;
  }
  if (group.length) groups.push(group);
  return groups;
}

/** The text before the fields: paragraphs, domain-check lines (one each, status icon first), then numbered steps. */
function mainText(reply: Reply): string {
  const parts: string[] = [];
  if (reply.paragraphs.length) parts.push(reply.paragraphs.map(escapeMarkdown).join('\n'));
  if (reply.checks?.length) parts.push(reply.checks.map((check) => escapeMarkdown(check.text)).join('\n'));
  if (reply.steps?.length) parts.push(reply.steps.map((step, i) => `**${i + 1}.** ${escapeMarkdown(step)}`).join('\n'));
  return parts.join('\n\n');
}

/** The text after the fields: notes, then links as clickable labels. */
function closingText(reply: Reply): string {
  const parts: string[] = [];
  if (reply.notes?.length) parts.push(reply.notes.map(escapeMarkdown).join('\n'));
  if (reply.links?.length) parts.push(reply.links.map((link) => `• ${linkMarkdown(link.label, link.url)}`).join('\n'));
  return parts.join('\n\n');
}

function linkMarkdown(label: string, url: string): string {
  // Only web addresses become masked links; anything else is shown as plain text.
  return /^https?:\/\/\S+$/.test(url) ? `[${escapeMarkdown(label).replace(/[()]/g, '')}](${url})` : `${escapeMarkdown(label)}: ${escapeMarkdown(url)}`;
}

function replyFields(reply: Reply): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  for (const field of reply.fields ?? []) {
    let name = field.label || CONTINUED;
    let value = escapeMarkdown(field.value);
    if (name.length > LIMITS.fieldName) {
      // Keep the whole label readable: the cut name is repeated in full above the value.
      value = `${escapeMarkdown(name)}\n${value}`;
      name = truncate(name, LIMITS.fieldName);
    }
    splitText(value || CONTINUED, LIMITS.fieldValue).forEach((piece, i) => {
      fields.push({ name: i === 0 ? name : CONTINUED, value: piece || CONTINUED, inline: false });
    });
  }
  return fields;
}

/** Embeds in reading order, each within the per-embed limits and the per-message total. */
function buildEmbeds(reply: Reply): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  const fresh = (): APIEmbed => {
    const embed: APIEmbed = { color: COLOURS[reply.kind] };
    embeds.push(embed);
    return embed;
  };
  const last = (): APIEmbed => embeds[embeds.length - 1];

  let title = reply.title;
  let before = mainText(reply);
  if (title && title.length > LIMITS.title) {
    // Keep the whole title readable: the cut one is repeated in full in the text.
    before = [escapeMarkdown(title), before].filter(Boolean).join('\n\n');
    title = truncate(title, LIMITS.title);
  }
  const fields = replyFields(reply);
  const after = closingText(reply);
  // Without fields, the closing text simply continues the description.
  const texts = fields.length ? [before, after] : [[before, after].filter(Boolean).join('\n\n')];

  const first = fresh();
  if (title) first.title = title;
  const addText = (text: string) => {
    for (const piece of text ? splitText(text, LIMITS.description) : []) {
      const embed = !last().description && !last().fields?.length ? last() : fresh();
      embed.description = piece;
    }
  };
  addText(texts[0]);
  for (const field of fields) {
    let embed = last();
    const full = (embed.fields?.length ?? 0) >= LIMITS.fieldsPerEmbed;
    if (full || embedSize(embed) + field.name.length + field.value.length > LIMITS.charsPerMessage) embed = fresh();
    (embed.fields ??= []).push(field);
  }
  if (texts[1]) addText(texts[1]);
  if (!first.title && !first.description && !first.fields?.length) first.description = CONTINUED;
  return embeds;
}

/** Characters Discord counts towards the 6,000 of a message. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

function packMessages(embeds: APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let group: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const next = embedSize(embed);
    if (group.length && (group.length >= LIMITS.embedsPerMessage || size + next > LIMITS.charsPerMessage)) {
      messages.push(group);
      group = [];
      size = 0;
    }
    group.push(embed);
    size += next;
  }
  if (group.length) messages.push(group);
  return messages;
}

function button(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, custom_id: customId, label: truncate(label, LIMITS.buttonLabel), style };
}

function shareButton(label: string): APIButtonComponentWithCustomId {
  return button(encodeButton({ action: 'share' }), label, ButtonStyle.Secondary);
}

function row(components: APIButtonComponentWithCustomId[]): ButtonRow {
  return { type: ComponentType.ActionRow, components };
}

/** Suggestion rows first, then one row for "Show to channel" and "Talk to a human". */
function buttons(reply: Reply, options: DiscordRenderOptions): ButtonRow[] {
  const actions: APIButtonComponentWithCustomId[] = [];
  if (options.share) actions.push(shareButton(options.labels.showToChannel));
  if (options.handoffAvailable && reply.offers?.handoff) {
    actions.push(button(encodeButton({ action: 'human', scope: options.scope }), options.labels.talkToHuman, ButtonStyle.Primary));
  }
  const seen = new Set<string>();
  const suggestions: APIButtonComponentWithCustomId[] = [];
  const room = (LIMITS.rowsPerMessage - (actions.length ? 1 : 0)) * LIMITS.buttonsPerRow;
  for (const suggestion of buttonChoices(reply)) {
    const id = encodeButton({ action: 'ask', scope: options.scope, choice: suggestion.choice });
    // Discord rejects a whole message for one over-long or repeated id; such a button is left out.
    if (id.length > LIMITS.customId || seen.has(id) || suggestions.length >= room) continue;
    seen.add(id);
    suggestions.push(button(id, suggestion.label, ButtonStyle.Secondary));
  }
  const rows: ButtonRow[] = [];
  for (let i = 0; i < suggestions.length; i += LIMITS.buttonsPerRow) rows.push(row(suggestions.slice(i, i + LIMITS.buttonsPerRow)));
  if (actions.length) rows.push(row(actions));
  return rows;
}
