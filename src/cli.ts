import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { renderText } from './adapters/console/render-text';
import { ConfigError, loadConfig, readEnvironment, type Env } from './config';
import { createBot } from './create-bot';
import { explain, explanationText, findAddress, fold, type Bot, type Handled, type InboundMessage } from './core';
import { createDiagnostics, type CheckDomainDeps } from './diagnostics';
import type { Lang } from './domain';
import { KnowledgeBaseError } from './knowledge/load';
import { exitWith, readCommandLine, UsageError } from './lib/command-line';
import { createLogger } from './logger';
import { DomainCheckAnswers, supportContact } from './service';

const USAGE = `usage: npm run ask -- [options] "question"
       npm run ask -- [options] < questions.txt    (one question per line, one JSON line each)

options:
  --lang fr|en        answer in this language instead of detecting it
  --email ADDRESS     personalise server names and username for this address
  --json              print {"lang","intent","confidence","entities","reply","text"}
  --explain           also show why: the rule that decided, the concepts and entities it saw
  -h, --help          show this help

batch input lines are plain questions (each stands alone unless it says it follows up), or JSON
objects {"conversation": "c1", "text": "...", "lang"?: "fr"|"en", "email"?: "..."}: lines with the
same conversation id are one chat, with the follow-ups of a real chat.`;

export interface AskOptions {
  question?: string;
  lang?: Lang;
  email?: string;
  json: boolean;
  explain: boolean;
}

export { UsageError };

export function parseArgs(argv: readonly string[]): AskOptions | 'help' {
  const options: AskOptions = { json: false, explain: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (flag: string): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--json') options.json = true;
    else if (arg === '--explain') options.explain = true;
    else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const lang = (arg.includes('=') ? arg.slice(7) : value('--lang')).toLowerCase();
      if (lang !== 'fr' && lang !== 'en') throw new UsageError(`--lang must be fr or en, not "${lang}".`);
      options.lang = lang;
    } else if (arg === '--email' || arg.startsWith('--email=')) {
      const email = arg.includes('=') ? arg.slice(8) : value('--email');
      if (!findAddress(fold(email.trim()), '').email) throw new UsageError(`--email "${email}" is not a valid email address (expected name@domain.tld).`);
      options.email = email.trim();
    } else if (arg === '--') continue;
    else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) throw new UsageError(`unknown option ${arg}.`);
    else words.push(arg);
  }
  if (words.length) options.question = words.join(' ');
  return options;
}

/** The JSON line of one answered question (a stable interface: keep the field names). */
export function toJson(handled: Handled, extra: Record<string, unknown> = {}): string {
  const { understanding, reply } = handled;
  return JSON.stringify({
    ...extra,
    lang: understanding.lang,
    intent: understanding.intent,
    confidence: understanding.confidence,
    entities: understanding.entities,
    ...(understanding.alternatives?.length ? { alternatives: understanding.alternatives } : {}),
    reply,
    text: renderText(reply),
  });
}

function message(options: AskOptions, text: string, conversationId: string): InboundMessage {
  return { platform: 'cli', conversationId, userId: 'cli', text, forceLang: options.lang, email: options.email };
}

/** One batch line: a plain question, or a JSON object naming its conversation. */
interface BatchLine {
  text: string;
  conversation?: string;
  lang?: Lang;
  email?: string;
}

function readBatchLine(line: string): BatchLine {
  if (!line.trimStart().startsWith('{')) return { text: line };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    // Braces typed by a person, not a JSON line: answer it as the text it is.
    return { text: line };
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { text?: unknown }).text !== 'string') return { text: line };
  const { text, conversation, lang, email } = parsed as Record<string, unknown>;
  return {
    text: text as string,
    conversation: typeof conversation === 'string' || typeof conversation === 'number' ? String(conversation) : undefined,
    lang: lang === 'fr' || lang === 'en' ? lang : undefined,
    email: typeof email === 'string' ? email : undefined,
  };
}

/** One message answered as a platform would: the core, then the domain check when one was asked for. */
async function answer(bot: Bot, message: InboundMessage, checks: DomainCheckAnswers | undefined): Promise<Handled> {
  const handled = bot.process(message);
  if (handled.understanding.intent !== 'diagnose' || !checks) return handled;
  return { ...handled, reply: (await checks.answer(message, handled.understanding, handled.reply)).reply };
}

/**
 * Answers every line of `input`, writing one JSON line per line read, in order. Plain lines go to
 * `bot` (each stands alone unless it marks a follow-up); JSON lines with a conversation id go to
 * `chatBot`, where lines of one conversation follow up on each other as in a real chat. With
 * `checks`, a line asking for a domain check runs it.
 */
export async function runBatch(bot: Bot, options: AskOptions, input: Readable, output: Writable, chatBot: Bot = bot, checks?: DomainCheckAnswers): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    const item = readBatchLine(line);
    // One line per question whatever happens: a line that fails gets an apology line, the batch goes on.
    let handled: Handled;
    try {
      const lineOptions = { ...options, lang: item.lang ?? options.lang, email: item.email ?? options.email };
      handled = item.conversation === undefined
        ? await answer(bot, message(lineOptions, item.text, 'batch'), checks)
        : await answer(chatBot, message(lineOptions, item.text, `conversation:${item.conversation}`), checks);
    } catch (error) {
      const lang = item.lang ?? options.lang ?? 'en';
      handled = { understanding: { lang, intent: 'unknown', confidence: 0, entities: {} }, reply: bot.notice(lang, 'error', { ref: 'BATCH' }) };
      process.stderr.write(`ask: line ${count + 1} failed: ${(error as Error).message}\n`);
    }
    output.write(`${toJson(handled, item.conversation === undefined ? {} : { conversation: item.conversation })}\n`);
    count++;
  }
  return count;
}

interface Io {
  argv: readonly string[];
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  /** The environment to configure from; the process's (and .env) by default. */
  env?: Env;
}

/** The `ask` command; resolves to the exit status. `checkDeps` lets tests aim domain checks at their own servers. */
export async function runAsk(io: Io, checkDeps: Partial<CheckDomainDeps> = {}): Promise<number> {
  const options = readCommandLine(io, 'ask', USAGE, parseArgs);
  if (typeof options === 'number') return options;
  if (options.question === undefined && io.stdin.isTTY) {
    io.stderr.write(`ask: give a question, or pipe questions on standard input.\n\n${USAGE}\n`);
    return 2;
  }
  let bot: Bot;
  let chatBot: Bot | undefined;
  let checks: DomainCheckAnswers;
  try {
    const config = loadConfig(io.env ?? readEnvironment());
    bot = createBot(config, options.question === undefined ? 'explicit' : 'chat');
    if (options.question === undefined) chatBot = createBot(config, 'chat');
    // Warnings only: standard output carries the answers, and a check logs a line per request.
    const logger = createLogger(config.logLevelSet ? config.logLevel : 'warn', io.stderr);
    checks = new DomainCheckAnswers({
      checks: createDiagnostics(config.diagnostics, bot.kb, logger, { deps: checkDeps }),
      translations: bot.translations,
      supportContact: supportContact(bot.kb),
      logger,
    });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KnowledgeBaseError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (options.question === undefined) {
    await runBatch(bot, options, io.stdin, io.stdout, chatBot, checks);
    return 0;
  }
  const handled = await answer(bot, message(options, options.question, 'cli'), checks);
  io.stdout.write(`${options.json ? toJson(handled) : renderText(handled.reply)}\n`);
  if (options.explain) io.stdout.write(`\n${explanationText(explain(options.question, handled.understanding), handled.understanding)}\n`);
  return 0;
}

/** Entry point (called by bin/launch.js, or when this file is run directly). */
export function run(): void {
  exitWith('ask', runAsk({ argv: process.argv.slice(2), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }));
}

if (require.main === module) run();
