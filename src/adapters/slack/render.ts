import type { Reply, ReplyLink } from '../../core';
import { ACTION } from './action-ids';
import { actions, button, chunks, context, fieldsSection, header, LIMITS, section, type Button, type KnownBlock } from './block-kit';
import { escapedLength, escapeSlack, slackLink, splitText, toMrkdwn } from './text';
import { buttonChoices } from '../text';

/**
 * Stands for a user in text that is escaped later (e.g. `who` in a translated sentence); pass
 * `mentions: { [USER_PLACEHOLDER]: userId }` to turn it into a real mention after escaping.
 * A private-use character: nobody types it, and i18next passes it through untouched.
 */
export const USER_PLACEHOLDER = '\uE000';

/** A button the adapter adds beside the reply's own suggestions. */
export interface SlackButton {
  /** Already in the reply's language. */
  label: string;
  /** Comes back in the click payload (at most 2,000 characters). */
  value: string;
}

export interface SlackRenderOptions {
  /** "Share in channel", under an ephemeral answer. */
  share?: SlackButton;
  /** "Talk to a human": rendered only when the reply offers a handoff (`offers.handoff`). */
  handoff?: SlackButton;
  /** A last line in small print ("Shared by …"), plain text. */
  footer?: string;
  /**
   * Trusted user mentions: placeholder → Slack user ID. Placeholders in the reply's text become
   * `<@U…>` after everything else was escaped, so only these IDs can ever be mentioned.
   */
  mentions?: Readonly<Record<string, string>>;
  /** Blocks per message: 50 in messages (default); a Home tab allows 100. */
  maxBlocks?: number;
}

/** One Slack message: Block Kit blocks and the `text` fallback used by notifications and screen readers. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A block with the plain text it stands for in the fallback. */
interface Piece {
  block: KnownBlock;
  fallback: string;
}

/**
 * Renders a reply as Slack messages: header, paragraphs, domain-check lines, numbered steps,
 * fields for servers and ports, notes, links, buttons. Usually one message; a reply too long for Block Kit's limits
 * continues in the next messages (buttons stay on the last one), so nothing is ever cut off.
 * Every piece of text is escaped: no reply can make Slack mention anyone.
 */
export function renderSlack(reply: Reply, options: SlackRenderOptions = {}): SlackMessage[] {
  const pieces = [
    ...titlePieces(reply.title),
    ...textPieces(reply.paragraphs.join('\n\n')),
    // A domain check: one line each, its status icon first (long reports continue in the next section).
    ...textPieces((reply.checks ?? []).map((check) => check.text).join('\n')),
    ...textPieces((reply.steps ?? []).map((step, i) => `${i + 1}. ${step}`).join('\n')),
    ...fieldPieces(reply),
    ...notePieces(reply.notes ?? []),
    ...linkPieces(reply.links ?? []),
    ...buttonPieces(reply, options),
    ...notePieces(options.footer ? [options.footer] : []),
  ];
  if (!pieces.length) pieces.push({ block: section('…'), fallback: '…' });
  const pages = chunks(pieces, options.maxBlocks ?? LIMITS.blocksPerMessage).map(
    (page): SlackMessage => ({ text: fallbackText(page), blocks: page.map((p) => p.block) }),
  );
  return options.mentions ? pages.map((page) => withMentions(page, options.mentions!)) : pages;
}

function titlePieces(title: string | undefined): Piece[] {
  if (!title?.trim()) return [];
  if (escapedLength(title) <= LIMITS.headerText) return [{ block: header(title), fallback: title }];
  // Too long for a header: bold text keeps all of it.
  return splitText(title, LIMITS.sectionText - 2).map((part) => ({ block: section(`*${toMrkdwn(part)}*`), fallback: part }));
}

function textPieces(text: string): Piece[] {
  return splitText(text, LIMITS.sectionText).map((part) => ({ block: section(toMrkdwn(part)), fallback: part }));
}

/** Servers, ports and user name side by side; a field too long for a column becomes a section. */
function fieldPieces(reply: Reply): Piece[] {
  const colon = reply.lang === 'fr' ? ' : ' : ': ';
  const pieces: Piece[] = [];
  let columns: { text: string; fallback: string }[] = [];
  const flushColumns = () => {
    for (const run of chunks(columns, LIMITS.fieldsPerSection)) {
      pieces.push({ block: fieldsSection(run.map((c) => c.text)), fallback: run.map((c) => c.fallback).join('\n') });
    }
    columns = [];
  };
  for (const field of reply.fields ?? []) {
    const text = `*${escapeSlack(field.label)}*\n${toMrkdwn(field.value)}`;
    const fallback = `${field.label}${colon}${field.value}`;
    if (text.length <= LIMITS.fieldText) {
      columns.push({ text, fallback });
      continue;
    }
    flushColumns();
    pieces.push(...textPieces(fallback));
  }
  flushColumns();
  return pieces;
}

/** Notes in small print, up to ten elements per context block. */
function notePieces(notes: string[]): Piece[] {
  const parts = notes.flatMap((note) => splitText(note, LIMITS.sectionText));
  return chunks(parts, LIMITS.elementsPerContext).map((run) => ({
    block: context(run.map(toMrkdwn)),
    fallback: run.join('\n'),
  }));
}

const LINKABLE = /^(https?:|mailto:)/i;

function linkPieces(links: ReplyLink[]): Piece[] {
  const lines = links.map((link) => ({
    text: LINKABLE.test(link.url) ? `• ${slackLink(link.url, link.label)}` : `• ${escapeSlack(`${link.label}: ${link.url}`)}`,
    fallback: `${link.label}: ${link.url}`,
  }));
  const pieces: Piece[] = [];
  let run: typeof lines = [];
  const flush = () => {
    if (run.length) pieces.push({ block: section(run.map((l) => l.text).join('\n')), fallback: run.map((l) => l.fallback).join('\n') });
    run = [];
  };
  for (const line of lines) {
    if (line.text.length > LIMITS.sectionText) {
      // A link longer than a section (a pathological URL) is shown as text, split.
      flush();
      pieces.push(...textPieces(line.fallback));
      continue;
    }
    if ([...run, line].map((l) => l.text).join('\n').length > LIMITS.sectionText) flush();
    run.push(line);
  }
  flush();
  return pieces;
}

/** Suggestion buttons (25 per actions block), then Share and Talk to a human in a row of their own. */
function buttonPieces(reply: Reply, options: SlackRenderOptions): Piece[] {
  const suggestions = buttonChoices(reply).filter((s) => s.choice && s.choice.length <= LIMITS.buttonValue && s.label.trim());
  const pieces = chunks(suggestions, LIMITS.elementsPerActions).map((run, r) => ({
    block: actions(run.map((s, i) => button(s.label, `${ACTION.choicePrefix}${r * LIMITS.elementsPerActions + i}`, s.choice))),
    // Where the buttons cannot show (notifications, old clients), the text fallback lists the choices.
    fallback: r === 0 ? `→ ${suggestions.map((s) => s.label).join(' · ')}` : '',
  }));
  const extra: Button[] = [];
  if (options.share) extra.push(button(options.share.label, ACTION.share, options.share.value, 'primary'));
  if (options.handoff && reply.offers?.handoff) extra.push(button(options.handoff.label, ACTION.handoff, options.handoff.value));
  if (extra.length) pieces.push({ block: actions(extra), fallback: '' });
  return pieces;
}

/** The page's text, escaped, kept short at a word boundary (notifications show only the start). */
function fallbackText(page: Piece[]): string {
  const text = page.map((p) => p.fallback).filter(Boolean).join('\n\n') || '…';
  const [first, ...rest] = splitText(text, LIMITS.fallbackText - 1);
  return escapeSlack(first) + (rest.length ? '…' : '');
}

const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

function withMentions(message: SlackMessage, mentions: Readonly<Record<string, string>>): SlackMessage {
  let json = JSON.stringify(message);
  for (const [placeholder, userId] of Object.entries(mentions)) {
    // Only a well-formed user ID becomes a mention; anything else stays visible, escaped.
    const mention = USER_ID.test(userId) ? `<@${userId}>` : escapeSlack(userId).replace(/["\\]/g, '');
    json = json.split(placeholder).join(mention);
  }
  return JSON.parse(json) as SlackMessage;
}
