import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { InboundMessage, Reply } from '../../core';
import type { Lang } from '../../domain';
import type { Translations } from '../../i18n';
import type { Adapter } from '../adapter';
import { renderText } from './render-text';

export interface ConsoleOptions {
  /** The conversation service's `handle`: the reply, or null to say nothing. */
  answer: (message: InboundMessage) => Promise<Reply | null>;
  translations: Translations;
  input: Readable & { isTTY?: boolean };
  output: Writable;
  defaultLang: Lang;
}

const QUIT = new Set(['quit', 'exit', 'quitter', 'bye', ':q']);

/**
 * A chat in the terminal, for trying the bot without any account. In a terminal it prompts;
 * with piped input it answers each line and finishes at the end of input.
 */
export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  /** Resolves when the user leaves or the input ends. */
  readonly finished: Promise<void>;
  private finish!: () => void;
  private lines?: Interface;
  private last?: Reply;
  private running = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConsoleOptions) {
    this.finished = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  private get interactive(): boolean {
    return Boolean(this.options.input.isTTY);
  }

  async start(): Promise<void> {
    this.running = true;
    const lines = createInterface({ input: this.options.input, output: this.interactive ? this.options.output : undefined, terminal: this.interactive });
    this.lines = lines;
    // The reader went away ("npm start < questions.txt | head"): stop reading and finish quietly.
    this.options.output.on('error', () => lines.close());
    if (this.interactive) {
      const t = this.options.translations.forLang(this.options.defaultLang);
      this.options.output.write(`mailconfig-bot — ${t('common.console.welcome')}\n`);
      lines.setPrompt('> ');
      lines.prompt();
    }
    lines.on('line', (line) => {
      // Answers are written in the order the questions came, even if one takes longer.
      this.queue = this.queue.then(() => this.answer(line));
    });
    lines.on('close', () => {
      void this.queue.then(() => {
        this.running = false;
        this.finish();
      });
    });
  }

  private async answer(line: string): Promise<void> {
    const text = line.trim();
    if (this.interactive && QUIT.has(text.toLowerCase())) {
      this.lines?.close();
      return;
    }
    if (!text) {
      if (this.interactive) this.lines?.prompt();
      return;
    }
    // "2" picks the second suggestion of the previous answer, like a click on its button.
    const picked = /^\d{1,2}$/.test(text) ? this.last?.suggestions?.[Number(text) - 1] : undefined;
    const reply = await this.options.answer({
      platform: 'console',
      conversationId: 'console',
      userId: 'console',
      text: picked ? picked.label : text,
      choice: picked?.choice,
    });
    if (reply && this.options.output.writable) {
      this.last = reply;
      this.options.output.write(`${renderText(reply, { numberSuggestions: true })}\n\n`);
    }
    if (this.interactive) this.lines?.prompt();
  }

  async stop(): Promise<void> {
    this.lines?.close();
    await this.finished;
  }

  isReady(): boolean {
    return this.running;
  }
}
