import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { redact, type Intent } from '../core';
import type { Lang } from '../domain';

/** One question the bot could not answer well, as stored (already redacted). */
export interface UnansweredEntry {
  at: string;
  platform: string;
  lang: Lang;
  intent: Intent;
  confidence: number;
  question: string;
}

/**
 * Appends fallbacks and low-confidence questions to a JSON Lines file, redacted, so the
 * knowledge base can grow where customers need it. Writing never blocks an answer; a write
 * error is reported once to `onError` and the log goes quiet.
 */
export class UnansweredLog {
  private stream?: WriteStream;
  private failed = false;

  constructor(
    private readonly file: string,
    private readonly onError: (error: Error) => void,
  ) {}

  record(entry: Omit<UnansweredEntry, 'at' | 'question'> & { question: string }): void {
    if (this.failed) return;
    if (!this.stream) {
      try {
        mkdirSync(path.dirname(this.file), { recursive: true });
      } catch (error) {
        this.fail(error as Error);
        return;
      }
      this.stream = createWriteStream(this.file, { flags: 'a' });
      this.stream.on('error', (error) => this.fail(error));
    }
    const line: UnansweredEntry = { at: new Date().toISOString(), ...entry, question: redact(entry.question.slice(0, 600)).slice(0, 500) };
    this.stream.write(`${JSON.stringify(line)}\n`);
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.onError(error);
  }

  close(): Promise<void> {
    const stream = this.stream;
    if (!stream || this.failed) return Promise.resolve();
    return new Promise((resolve) => stream.end(resolve));
  }
}
