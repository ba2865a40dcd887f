import type { Lang, Reply, ReplyAttachment, ReplyCheck } from './types';
import { h, icon, safeHref, srOnly } from './dom';
import { fill, STRINGS, type WidgetStrings } from './strings';

/** What the controls inside a reply do; the chat element provides them. */
export interface ReplyActions {
  /** A suggestion chip: sends its label as the user's message, with its choice. */
  choose(label: string, choice: string): void;
  copy(value: string, button: HTMLButtonElement): void;
  download(file: ReplyAttachment): void;
  handoff(lang: Lang, button: HTMLButtonElement): void;
  /** A fresh id for aria-controls. */
  id(): string;
}

const ICON_COPY = 'M16 1H4a2 2 0 0 0-2 2v14h2V3h12V1zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm0 16H8V7h11v14z';
const ICON_DOWNLOAD = 'M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z';
const ICON_PERSON = 'M12 12a4 4 0 1 0-4-4 4 4 0 0 0 4 4zm0 2c-2.7 0-8 1.3-8 4v2h16v-2c0-2.7-5.3-4-8-4z';
const CHECK_MARK: Record<ReplyCheck['status'], string> = { ok: '✓', warn: '!', fail: '✗', skipped: '–' };

/** Strings only: a reply read back from storage may have been tampered with by the page. */
function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function items<T>(value: unknown, ok: (item: any) => boolean): T[] {
  return Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object' && ok(item)) as T[]) : [];
}

const isString = (value: unknown): value is string => typeof value === 'string';

const HOST_NAME = /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const ADDRESS = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
const PORT = /^(port\s+)(\d{2,5})$/i;

/**
 * A field value ("mail.example.com · port 993 · SSL/TLS") with a copy button on each piece a
 * user types into a mail app: host name, port number, address. Other pieces stay plain text.
 */
function valuePieces(value: string, s: WidgetStrings, actions: ReplyActions): Array<Node | string> {
  const out: Array<Node | string> = [];
  value.split(' · ').forEach((piece, index) => {
    // Pieces are laid out apart; a screen reader hears them as a list.
    if (index > 0) out.push(srOnly(', '));
    const port = PORT.exec(piece);
    const copyable = port ? port[2] : HOST_NAME.test(piece) || ADDRESS.test(piece) ? piece : undefined;
    if (copyable === undefined) {
      out.push(h('span', null, piece));
      return;
    }
    const label = fill(s.copy_label, { value: copyable });
    const button = h('button', { type: 'button', class: 'copy', 'aria-label': label, title: label }, icon(ICON_COPY, 16));
    button.addEventListener('click', () => actions.copy(copyable, button));
    out.push(h('span', { class: 'piece' }, port ? port[1] : null, h('code', { dir: 'ltr' }, copyable), button));
  });
  return out;
}

function paragraphs(lines: string[], className = ''): HTMLElement[] {
  return lines.map((line) => h('p', { class: className || undefined }, line));
}

function steps(lines: string[]): HTMLElement | null {
  return lines.length ? h('ol', { class: 'steps' }, ...lines.map((line) => h('li', null, line))) : null;
}

/** The mail app whose setup file suits this device best: the one to offer first. */
function deviceClient(): string | undefined {
  const agent = navigator.userAgent;
  // iPadOS presents itself as a Mac, but a Mac has no touch screen.
  if (/iPhone|iPad|iPod/.test(agent) || (/Macintosh/.test(agent) && navigator.maxTouchPoints > 1)) return 'ios_mail';
  if (/Android/.test(agent)) return undefined;
  if (/Macintosh/.test(agent)) return 'apple_mail';
  if (/Windows/.test(agent)) return 'outlook';
  if (/Linux|X11|CrOS/.test(agent)) return 'thunderbird';
  return undefined;
}

/**
 * "Which app is the file for?": the file for this device's own app comes first (an iPhone's
 * profile on an iPhone). Other suggestions keep their order.
 */
function byDevice<T extends { choice: string }>(suggestions: T[]): T[] {
  const client = deviceClient();
  if (!client) return suggestions;
  const isMine = (s: T) => /\|f=1(\||$)/.test(s.choice) && s.choice.includes(`|c=${client}`);
  const mine = suggestions.filter(isMine);
  return mine.length ? [...mine, ...suggestions.filter((s) => !isMine(s))] : suggestions;
}

/**
 * A reply as DOM, every piece of text as text: title, paragraphs, steps, fields with a copy
 * button each, notes, domain checks, the longer part behind a button, links (https and mailto
 * only), setup files as download buttons, suggestion chips, and "Talk to a human".
 */
export function renderReply(reply: Reply, actions: ReplyActions): HTMLElement[] {
  const s = STRINGS[reply.lang === 'fr' ? 'fr' : 'en'];
  const out: HTMLElement[] = [];
  if (isString(reply.title) && reply.title) out.push(h('p', { class: 'title' }, reply.title));
  out.push(...paragraphs(texts(reply.paragraphs)));
  const stepList = steps(texts(reply.steps));
  if (stepList) out.push(stepList);

  const fields = items<{ label: string; value: string }>(reply.fields, (f) => isString(f.label) && isString(f.value));
  if (fields.length) {
    out.push(h('dl', { class: 'fields' }, ...fields.map((field) => h('div', { class: 'field' }, h('dt', null, field.label), h('dd', null, ...valuePieces(field.value, s, actions))))));
  }

  out.push(...paragraphs(texts(reply.notes), 'note'));

  const checks = items<ReplyCheck>(reply.checks, (c) => isString(c.text) && Object.prototype.hasOwnProperty.call(CHECK_MARK, c.status));
  if (checks.length) {
    out.push(
      h(
        'ul',
        { class: 'checks' },
        ...checks.map((check) =>
          h('li', { class: `check ${check.status}` }, h('span', { class: 'mark', 'aria-hidden': 'true' }, CHECK_MARK[check.status]), srOnly(`${s.check[check.status]}: `), h('span', null, check.text)),
        ),
      ),
    );
  }

  const more = reply.more && typeof reply.more === 'object' && isString(reply.more.label) ? reply.more : undefined;
  if (more) {
    const id = actions.id();
    const body = h('div', { class: 'more-body', id, hidden: true }, ...paragraphs(texts(more.paragraphs)), steps(texts(more.steps)), ...paragraphs(texts(more.notes), 'note'));
    const button = h('button', { type: 'button', class: 'more', 'aria-expanded': 'false', 'aria-controls': id }, more.label);
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
    });
    out.push(button, body);
  }

  const links = items<{ label: string; url: string }>(reply.links, (l) => isString(l.label) && isString(l.url))
    .map((link) => ({ label: link.label, href: safeHref(link.url) }))
    .filter((link): link is { label: string; href: string } => link.href !== null);
  if (links.length) {
    out.push(h('ul', { class: 'links' }, ...links.map((link) => h('li', null, h('a', { href: link.href, target: '_blank', rel: 'noopener noreferrer' }, link.label)))));
  }

  const files = items<ReplyAttachment>(reply.attachments, (a) => isString(a.filename) && isString(a.contentType) && isString(a.body));
  const suggestions = byDevice(items<{ label: string; choice: string }>(reply.suggestions, (c) => isString(c.label) && isString(c.choice)));
  const handoff = Boolean(reply.offers && typeof reply.offers === 'object' && reply.offers.handoff);
  if (files.length || handoff) {
    const row = h('div', { class: 'actions' });
    for (const file of files) {
      const button = h('button', { type: 'button', class: 'action' }, icon(ICON_DOWNLOAD, 18), fill(s.download, { filename: file.filename }));
      button.addEventListener('click', () => actions.download(file));
      row.appendChild(button);
    }
    if (handoff) {
      const button = h('button', { type: 'button', class: 'action secondary' }, icon(ICON_PERSON, 18), s.talk_to_human);
      button.addEventListener('click', () => actions.handoff(reply.lang === 'fr' ? 'fr' : 'en', button));
      row.appendChild(button);
    }
    out.push(row);
  }
  if (suggestions.length) {
    out.push(
      h(
        'div',
        { class: 'chips' },
        ...suggestions.map((suggestion) => {
          const chip = h('button', { type: 'button', class: 'chip' }, suggestion.label);
          chip.addEventListener('click', () => actions.choose(suggestion.label, suggestion.choice));
          return chip;
        }),
      ),
    );
  }
  return out;
}
