import type { types } from '@slack/bolt';
import { escapeSlack, shorten } from './text';

export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type Button = types.Button;

/** Block Kit limits this adapter keeps to (characters are counted after escaping). */
export const LIMITS = {
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  elementsPerActions: 25,
  elementsPerContext: 10,
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  /** Slack truncates a message's `text` beyond 40,000; it only feeds notifications, so keep it short. */
  fallbackText: 4000,
} as const;

/**
 * Our mrkdwn is already escaped and links are explicit; `verbatim` stops Slack from turning
 * plain words such as "@here" or "#general" into mentions and channel links on its own.
 */
export function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** Plain text object from raw text (escaped: Slack decodes the three entities for display). */
export function plainText(raw: string): types.PlainTextElement {
  return { type: 'plain_text', text: escapeSlack(raw), emoji: true };
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

export function fieldsSection(fields: string[]): SectionBlock {
  return { type: 'section', fields: fields.map(mrkdwn) };
}

export function header(raw: string): types.HeaderBlock {
  return { type: 'header', text: plainText(raw) };
}

export function context(texts: string[]): types.ContextBlock {
  return { type: 'context', elements: texts.map(mrkdwn) };
}

export function button(label: string, actionId: string, value: string, style?: 'primary'): Button {
  const element: Button = { type: 'button', text: plainText(shorten(label, LIMITS.buttonText)), action_id: actionId, value };
  if (style) element.style = style;
  return element;
}

export function actions(elements: Button[]): types.ActionsBlock {
  return { type: 'actions', elements };
}

/** Splits a list into runs of at most `size` (fields per section, buttons per actions block…). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
