import type { Reply } from './types';

/** One line of the conversation as shown: what the user sent, or the bot's reply. */
export type Entry = { from: 'user'; text: string } | { from: 'bot'; reply: Reply };

export interface Conversation {
  /** The server's session id for this browser (random, 144 bits); absent before the first answer. */
  session?: string;
  entries: Entry[];
}

/** Older lines are dropped past this: the server keeps the context, the page only what is shown. */
const MAX_ENTRIES = 80;

/**
 * The conversation kept in the browser's localStorage, so it survives a reload and is shared by
 * the site's other tabs (which hear of changes through the `storage` event). Storage can be
 * missing or refused (private modes, blocked cookies): the chat then works for the page's life.
 */
export class BrowserTranscript {
  private memory: Conversation = { entries: [] };

  constructor(readonly key: string) {}

  private get storage(): Storage | undefined {
    try {
      return window.localStorage;
    } catch {
      return undefined;
    }
  }

  load(): Conversation {
    try {
      const raw = this.storage?.getItem(this.key);
      if (!raw) return this.memory;
      const parsed = JSON.parse(raw) as Partial<Conversation>;
      if (!Array.isArray(parsed.entries)) return this.memory;
      this.memory = { session: typeof parsed.session === 'string' ? parsed.session : undefined, entries: parsed.entries.filter(isEntry) };
    } catch {
      // Unreadable or refused: keep what this page has.
    }
    return this.memory;
  }

  /**
   * The session alone, kept under its own key: read before every request (another tab may have
   * started one) without parsing the whole conversation.
   */
  session(): string | undefined {
    try {
      return this.storage?.getItem(`${this.key}:session`) ?? this.memory.session;
    } catch {
      return this.memory.session;
    }
  }

  save(conversation: Conversation): void {
    const kept = { ...conversation, entries: conversation.entries.slice(-MAX_ENTRIES) };
    this.memory = kept;
    const storage = this.storage;
    if (!storage) return;
    try {
      if (kept.session) storage.setItem(`${this.key}:session`, kept.session);
      storage.setItem(this.key, JSON.stringify(kept));
    } catch {
      // Over quota: setup files are the bulky part; keep the words without them.
      try {
        storage.setItem(this.key, JSON.stringify({ ...kept, entries: kept.entries.map(withoutFiles) }));
      } catch {
        // Still refused: this page keeps it in memory.
      }
    }
  }
}

function withoutFiles(entry: Entry): Entry {
  return entry.from === 'bot' && entry.reply.attachments ? { from: 'bot', reply: { ...entry.reply, attachments: undefined } } : entry;
}

function isEntry(value: unknown): value is Entry {
  if (!value || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  if (entry.from === 'user') return typeof entry.text === 'string';
  if (entry.from !== 'bot' || !entry.reply || typeof entry.reply !== 'object') return false;
  const reply = entry.reply as Record<string, unknown>;
  return (reply.lang === 'fr' || reply.lang === 'en') && Array.isArray(reply.paragraphs);
}
