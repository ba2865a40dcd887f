import type { Lang, Reply, ReplyAttachment } from './types';
import { post, RequestFailed, type FailureKind, type HandoffBody, type MessageBody } from './api';
import { h, icon, srOnly } from './dom';
import { langOf, pageLang } from './lang';
import { renderReply, type ReplyActions } from './render-reply';
import { BrowserTranscript, type Conversation, type Entry } from './store';
import { fill, STRINGS, type WidgetStrings } from './strings';
import { WIDGET_CSS } from './styles';

const ICON_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9H7zm0 4v2h7v-2H7z';
const ICON_CLOSE = 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z';
const ICON_SEND = 'M2 21 23 12 2 3v7l15 2-15 2z';

/** Longest text sent: the server refuses more, and the bot answers anything long with a notice anyway. */
const MAX_TEXT = 16_000;
/** The typing dots appear only for answers slower than this: loopback answers would only flicker. */
const TYPING_DELAY_MS = 250;

let defaultApiBase: string | undefined;

/** Where the API is: next to the widget script (…/chat/widget.js → …/chat/api/). */
export function setApiBase(scriptSrc: string): void {
  defaultApiBase = new URL('api/', scriptSrc).href;
}

let sheet: CSSStyleSheet | undefined;

/**
 * Styles as a constructed stylesheet where the browser has them: a page whose
 * Content-Security-Policy forbids inline styles (as /chat does) still styles the widget.
 */
function applyStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(WIDGET_CSS);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(h('style', null, WIDGET_CSS));
  }
}

type Pending = { path: 'messages'; body: MessageBody } | { path: 'handoff'; body: HandoffBody; button?: HTMLButtonElement };

/**
 * <mailconfig-chat>: a chat button and panel. Attributes: lang (fr, en), color (any CSS
 * colour), position (bottom-right, bottom-left), open (opened at load).
 */
export class MailconfigChat extends HTMLElement {
  static get observedAttributes(): string[] {
    return ['lang', 'color', 'position'];
  }

  private readonly root: ShadowRoot;
  private built = false;
  private store!: BrowserTranscript;
  private conversation: Conversation = { entries: [] };
  private apiBase = '';
  private busy = false;
  /** Requests go one after another, in the order the user sent them. */
  private queue: Promise<void> = Promise.resolve();
  private greeted = false;
  private pending?: Pending;
  private idCounter = 0;
  /** The user's language as the page tells it; undefined leaves it to the server. */
  private hint?: Lang;
  /** The language of the widget's own words: the hint, else the last answer's. */
  private chromeLang: Lang = 'en';
  private typingTimer?: ReturnType<typeof setTimeout>;
  /** Another tab changed the conversation: show it, unless this tab has a line of its own to write first. */
  private readonly onStorage = (event: StorageEvent) => {
    if (event.key === this.store.key && !this.busy && this.persistTimer === undefined) {
      this.conversation = this.store.load();
      this.renderHistory();
    }
  };

  private ui!: {
    wrap: HTMLDivElement;
    launcher: HTMLButtonElement;
    launcherLabel: HTMLSpanElement;
    panel: HTMLElement;
    title: HTMLHeadingElement;
    close: HTMLButtonElement;
    log: HTMLDivElement;
    list: HTMLOListElement;
    typing: HTMLDivElement;
    error: HTMLDivElement;
    errorText: HTMLParagraphElement;
    retry: HTMLButtonElement;
    label: HTMLLabelElement;
    input: HTMLTextAreaElement;
    send: HTMLButtonElement;
    status: HTMLDivElement;
  };

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
  }

  connectedCallback(): void {
    if (!this.built) this.build();
    window.addEventListener('storage', this.onStorage);
    window.addEventListener('pagehide', this.persistNow);
    if (this.hasAttribute('open')) this.open(false);
  }

  disconnectedCallback(): void {
    window.removeEventListener('storage', this.onStorage);
    window.removeEventListener('pagehide', this.persistNow);
    if (this.persistTimer !== undefined) this.persistNow();
  }

  attributeChangedCallback(): void {
    if (this.built) this.applyAttributes();
  }

  private get strings(): WidgetStrings {
    return STRINGS[this.chromeLang];
  }

  private build(): void {
    this.built = true;
    this.apiBase = defaultApiBase ?? new URL('/chat/api/', location.href).href;
    this.store = new BrowserTranscript(`mailconfig-chat:${new URL(this.apiBase).origin}`);
    applyStyles(this.root);

    const panelId = 'mc-panel';
    const inputId = 'mc-input';
    const titleId = 'mc-title';
    const launcherLabel = h('span', { class: 'sr-only' });
    const launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': panelId }, icon(ICON_CHAT, 28), launcherLabel);
    const title = h('h2', { id: titleId });
    const close = h('button', { type: 'button', class: 'close' }, icon(ICON_CLOSE, 22));
    const list = h('ol', { class: 'messages' });
    const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0' }, list);
    const typing = h('div', { class: 'typing', hidden: true, 'aria-hidden': 'true' }, h('span', null), h('span', null), h('span', null));
    const errorText = h('p', null);
    const retry = h('button', { type: 'button', class: 'retry' });
    const error = h('div', { class: 'error', role: 'alert', hidden: true }, errorText, retry);
    const label = h('label', { for: inputId, class: 'sr-only' });
    const input = h('textarea', { id: inputId, rows: 1, autocomplete: 'off', enterkeyhint: 'send', spellcheck: 'true' });
    const send = h('button', { type: 'submit', class: 'send' }, icon(ICON_SEND, 22));
    const form = h('form', { novalidate: true }, label, input, send);
    const status = h('div', { class: 'sr-only', role: 'status' });
    const panel = h('section', { class: 'panel', id: panelId, role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId, hidden: true }, h('header', null, title, close), log, typing, error, form, status);
    const wrap = h('div', { class: 'wrap' }, launcher, panel);
    this.root.appendChild(wrap);
    this.ui = { wrap, launcher, launcherLabel, panel, title, close, log, list, typing, error, errorText, retry, label, input, send, status };

    launcher.addEventListener('click', () => (panel.hidden ? this.open(true) : this.close()));
    close.addEventListener('click', () => this.close());
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter starts a new line; an input method still composing keeps its Enter.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    input.addEventListener('input', () => this.fitInput());
    retry.addEventListener('click', () => this.retry());

    this.conversation = this.store.load();
    this.applyAttributes();
    this.renderHistory();
  }

  private applyAttributes(): void {
    this.hint = pageLang(this.getAttribute('lang'), document, navigator);
    this.chromeLang = this.hint ?? this.lastReplyLang() ?? langOf(navigator.language) ?? 'en';
    this.ui.wrap.classList.toggle('left', this.getAttribute('position') === 'bottom-left');
    this.applyColor(this.getAttribute('color'));
    this.applyChromeWords();
  }

  private lastReplyLang(): Lang | undefined {
    for (let i = this.conversation.entries.length - 1; i >= 0; i--) {
      const entry = this.conversation.entries[i];
      if (entry.from === 'bot') return entry.reply.lang;
    }
    return undefined;
  }

  /** A brand colour, with black or white text on it, whichever reads better. */
  private applyColor(color: string | null): void {
    const { wrap } = this.ui;
    if (!color || !CSS_SUPPORTS(color)) {
      wrap.classList.remove('custom-color');
      wrap.style.removeProperty('--accent');
      wrap.style.removeProperty('--on-accent');
      return;
    }
    wrap.classList.add('custom-color');
    wrap.style.setProperty('--accent', color);
    wrap.style.setProperty('--on-accent', onColor(color, this.root));
  }

  private applyChromeWords(): void {
    const s = this.strings;
    const { ui } = this;
    ui.wrap.setAttribute('lang', this.chromeLang);
    ui.launcherLabel.textContent = s.open;
    ui.title.textContent = s.title;
    ui.close.setAttribute('aria-label', s.close);
    ui.log.setAttribute('aria-label', s.conversation);
    ui.label.textContent = s.input_label;
    ui.input.placeholder = s.placeholder;
    ui.send.setAttribute('aria-label', s.send);
    ui.retry.textContent = s.retry;
  }

  open(focus: boolean): void {
    const { panel, launcher, input } = this.ui;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    this.scrollToEnd();
    if (focus) input.focus({ preventScroll: true });
    // A first visit starts with what the bot can do, in the user's language, with suggestion chips.
    if (!this.conversation.entries.length && !this.greeted) {
      this.greeted = true;
      this.enqueue({ path: 'messages', body: this.messageBody('') });
    }
  }

  close(): void {
    this.ui.panel.hidden = true;
    this.ui.launcher.setAttribute('aria-expanded', 'false');
    this.ui.launcher.focus();
  }

  private messageBody(text: string, choice?: string): MessageBody {
    return { session: this.conversation.session, text: text.slice(0, MAX_TEXT), ...(choice ? { choice } : {}), ...(this.hint ? { lang: this.hint } : {}) };
  }

  private submit(): void {
    const text = this.ui.input.value;
    if (!text.trim()) return;
    this.ui.input.value = '';
    this.fitInput();
    this.sendUser(text);
  }

  private sendUser(text: string, choice?: string): void {
    this.add({ from: 'user', text });
    this.enqueue({ path: 'messages', body: this.messageBody(text, choice) });
  }

  private enqueue(work: Pending): void {
    this.queue = this.queue.then(() => this.request(work));
  }

  private async request(work: Pending): Promise<void> {
    this.busy = true;
    this.pending = undefined;
    this.hideError();
    this.ui.log.setAttribute('aria-busy', 'true');
    this.typingTimer = setTimeout(() => {
      this.ui.typing.hidden = false;
      this.scrollToEnd();
    }, TYPING_DELAY_MS);
    try {
      // The latest session: another tab may have started one meanwhile.
      const body = { ...work.body, session: this.store.session() ?? work.body.session };
      const response = await post(this.apiBase + work.path, body);
      this.conversation.session = response.session;
      this.add({ from: 'bot', reply: response.reply });
    } catch (error) {
      const kind: FailureKind = error instanceof RequestFailed ? error.kind : 'server';
      this.pending = work;
      if (work.path === 'handoff' && work.button) work.button.disabled = false;
      this.showError(kind);
    } finally {
      clearTimeout(this.typingTimer);
      this.ui.typing.hidden = true;
      this.ui.log.removeAttribute('aria-busy');
      this.busy = false;
    }
  }

  private retry(): void {
    const work = this.pending;
    this.pending = undefined;
    if (work) this.enqueue(work);
  }

  private showError(kind: FailureKind): void {
    const s = this.strings;
    this.ui.errorText.textContent = kind === 'rate_limited' ? s.rate_limited : s.offline;
    this.ui.error.hidden = false;
    this.scrollToEnd();
  }

  private hideError(): void {
    this.ui.error.hidden = true;
  }

  /** Adds a line to the conversation, shows it, and keeps it for reloads and other tabs. */
  private add(entry: Entry): void {
    this.conversation.entries.push(entry);
    this.ui.list.appendChild(this.renderEntry(entry));
    if (entry.from === 'bot' && !this.hint && entry.reply.lang !== this.chromeLang) {
      this.chromeLang = entry.reply.lang === 'fr' ? 'fr' : 'en';
      this.applyChromeWords();
    }
    this.scrollToEnd();
    this.persistSoon();
  }

  private persistTimer?: ReturnType<typeof setTimeout>;
  private readonly persistNow = () => {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.store.save(this.conversation);
  };

  /**
   * Writing the whole conversation to storage takes a few milliseconds: it waits until the new
   * line is on screen (the next frame). Leaving the page writes at once.
   */
  private persistSoon(): void {
    if (this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(this.persistNow, 50);
  }

  private renderHistory(): void {
    const { log, list } = this.ui;
    // Lines restored from storage are not news: keep the live region quiet while they go in.
    log.setAttribute('aria-live', 'off');
    list.replaceChildren(...this.conversation.entries.map((entry) => this.renderEntry(entry)));
    if (!this.hint) {
      this.chromeLang = this.lastReplyLang() ?? this.chromeLang;
      this.applyChromeWords();
    }
    requestAnimationFrame(() => log.setAttribute('aria-live', 'polite'));
    this.scrollToEnd();
  }

  private renderEntry(entry: Entry): HTMLLIElement {
    if (entry.from === 'user') {
      return h('li', { class: 'msg user' }, srOnly(`${this.strings.you} `), h('p', { dir: 'auto' }, entry.text));
    }
    const reply: Reply = entry.reply;
    const lang = reply.lang === 'fr' ? 'fr' : 'en';
    return h('li', { class: `msg bot ${reply.kind === 'error' || reply.kind === 'notice' ? 'notice' : ''}`, lang }, srOnly(`${STRINGS[lang].bot} `), ...renderReply(reply, this.actions));
  }

  private readonly actions: ReplyActions = {
    choose: (label, choice) => this.sendUser(label, choice),
    copy: (value, button) => void this.copy(value, button),
    download: (file) => this.download(file),
    handoff: (lang, button) => {
      button.disabled = true;
      this.enqueue({ path: 'handoff', body: { session: this.conversation.session, lang }, button });
    },
    id: () => `mc-${++this.idCounter}`,
  };

  private async copy(value: string, button: HTMLButtonElement): Promise<void> {
    let copied = false;
    try {
      await navigator.clipboard.writeText(value);
      copied = true;
    } catch {
      copied = this.copyByCommand(value);
    }
    if (!copied) return;
    const lang = button.closest('[lang]')?.getAttribute('lang') === 'fr' ? 'fr' : 'en';
    const s = STRINGS[lang];
    button.classList.add('done');
    button.title = s.copied;
    this.ui.status.textContent = fill(s.copied_status, { value });
    setTimeout(() => {
      button.classList.remove('done');
      button.title = fill(s.copy_label, { value });
    }, 2000);
  }

  /** Browsers without the async clipboard (or pages that deny it) still copy a selected text. */
  private copyByCommand(value: string): boolean {
    const area = h('textarea', { class: 'sr-only', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
    area.value = value;
    this.root.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }

  /** A setup file is in the reply itself: saved from a Blob with its own type and name. */
  private download(file: ReplyAttachment): void {
    const bytes = file.encoding === 'base64' ? Uint8Array.from(atob(file.body), (c) => c.charCodeAt(0)) : new TextEncoder().encode(file.body);
    const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
    const link = h('a', { href: url, download: file.filename, hidden: true });
    this.root.appendChild(link);
    link.click();
    link.remove();
    // Some browsers (iOS) read the Blob after the click returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** The message box grows with its text, up to a few lines; empty, it is one line again. */
  private fitInput(): void {
    const { input } = this.ui;
    input.style.height = '';
    if (input.value) input.style.height = `${Math.min(input.scrollHeight + 2, 140)}px`;
  }

  private scrollToEnd(): void {
    const { log } = this.ui;
    log.scrollTop = log.scrollHeight;
  }
}

function CSS_SUPPORTS(color: string): boolean {
  return typeof CSS !== 'undefined' && typeof CSS.supports === 'function' ? CSS.supports('color', color) : false;
}

/** Black or white, whichever contrasts more with `color` (relative luminance, WCAG). */
function onColor(color: string, root: ShadowRoot): string {
  const probe = h('span', { hidden: true });
  probe.style.color = color;
  root.appendChild(probe);
  const rgb = getComputedStyle(probe).color.match(/[\d.]+/g)?.slice(0, 3).map(Number) ?? [0, 0, 0];
  probe.remove();
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05/(L+0.05), with black (L+0.05)/0.05: they are equal at L ≈ 0.179.
  return luminance > 0.179 ? '#111111' : '#ffffff';
}
