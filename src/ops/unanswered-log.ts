import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { redact, type Intent } from '../core';
import type { Lang } from '../domain';
import type { StateStore } from '../state/state-store';

/** One question the bot could not answer well, as stored (already redacted). */
export interface UnansweredEntry {
  at: string;
  platform: string;
  lang: Lang;
  intent: Intent;
  confidence: number;
  question: string;
}

/** The state-store log (a Redis stream with REDIS_URL) where replicas put their unanswered questions together. */
export const UNANSWERED_STREAM = 'unanswered';
/** Entries the shared log keeps (about: Redis trims in blocks); the oldest go first. */
export const UNANSWERED_MAX_ENTRIES = 10_000;

/** Where unanswered questions go: a JSON Lines file, or a log in the state store shared by replicas. */
export type UnansweredTarget = string | { store: StateStore; stream?: string; maxEntries?: number };

/**
 * Appends fallbacks and low-confidence questions to a JSON Lines file or to the state store's
 * shared log, redacted, so the knowledge base can grow where customers need it. Writing never
 * blocks an answer; a write error is reported once to `onError` and the log goes quiet.
 */
export class UnansweredLog {
  private stream?: WriteStream;
  private failed = false;
  /** Appends to the store still under way, so that `close()` waits for them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly target: UnansweredTarget,
    private readonly onError: (error: Error) => void,
  ) {}

  record(entry: Omit<UnansweredEntry, 'at' | 'question'> & { question: string }): void {
    if (this.failed) return;
    const line: UnansweredEntry = { at: new Date().toISOString(), ...entry, question: redact(entry.question.slice(0, 600)).slice(0, 500) };
    if (typeof this.target !== 'string') {
      const { store, stream = UNANSWERED_STREAM, maxEntries = UNANSWERED_MAX_ENTRIES } = this.target;
      const append = store.appendLog(stream, line, maxEntries).catch((error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))));
      this.pending.add(append);
      void append.finally(() => this.pending.delete(append));
      return;
    }
    const file = this.target;
    if (!this.stream) {
      try {
        mkdirSync(path.dirname(file), { recursive: true });
      } catch (error) {
        this.fail(error as Error);
        return;
      }
      this.stream = createWriteStream(file, { flags: 'a' });
      this.stream.on('error', (error) => this.fail(error));
    }
    this.stream.write(`${JSON.stringify(line)}\n`);
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.onError(error);
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    const stream = this.stream;
    if (!stream || this.failed) return;
    await new Promise((resolve) => stream.end(resolve));
  }
}
