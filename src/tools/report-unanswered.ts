import { existsSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { ConfigError, loadConfig, readEnvironment, type Config, type Env } from '../config';
import { normalise } from '../core';
import { LANGS } from '../domain';
import { createLogger } from '../logger';
import { UNANSWERED_STREAM, type UnansweredEntry } from '../ops/unanswered-log';
import { redactRedisUrl } from '../state/redis-url';

interface Group {
  count: number;
  example: string;
  intents: Map<string, number>;
}

/** Groups questions that say the same thing once folded ("Webmail ?" and "webmail"). */
export function summarise(entries: readonly UnansweredEntry[], top = 15): Record<string, Array<{ count: number; question: string; intents: string }>> {
  const out: Record<string, Array<{ count: number; question: string; intents: string }>> = {};
  for (const lang of LANGS) {
    const groups = new Map<string, Group>();
    for (const entry of entries.filter((e) => e.lang === lang)) {
      const key = normalise(entry.question).tokens.join(' ') || entry.question.trim();
      const group = groups.get(key) ?? { count: 0, example: entry.question, intents: new Map() };
      group.count++;
      group.intents.set(entry.intent, (group.intents.get(entry.intent) ?? 0) + 1);
      groups.set(key, group);
    }
    out[lang] = [...groups.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, top)
      .map((g) => ({ count: g.count, question: g.example, intents: [...g.intents.keys()].join(', ') }));
  }
  return out;
}

/** The entries of a JSON Lines file, skipping lines that are not JSON (a line cut by a crash). */
function readFile(file: string): UnansweredEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as UnansweredEntry];
      } catch {
        return [];
      }
    });
}

/** The shared log in Redis, or a sentence saying why it cannot be read. */
async function readRedisLog(config: Config, errors: Writable): Promise<UnansweredEntry[] | string> {
  const redis = config.redis!;
  // Loaded only here: reading a file needs no Redis client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStateStore } = require('../state') as typeof import('../state');
  const store = await createStateStore(config, createLogger('warn', errors));
  try {
    // A store that fell back to memory would report an empty log: say that Redis is unreachable instead.
    if (store.health() !== 'ok') return `Redis cannot be reached at ${redactRedisUrl(redis.url)}: check REDIS_URL, or pass a JSON Lines file.`;
    return await store.readLog<UnansweredEntry>(UNANSWERED_STREAM);
  } finally {
    await store.close();
  }
}

/**
 * The most frequent unanswered questions, per language: from the file given, else from the
 * replicas' shared log in Redis when REDIS_URL is set, else from UNANSWERED_LOG_FILE.
 * Resolves to the exit code.
 */
export async function report(args: readonly string[], env: Env, out: Writable, errors: Writable): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    errors.write(`${error.message}\n`);
    return 1;
  }
  const fileArgument = args.find((a) => !a.startsWith('-'));
  let entries: UnansweredEntry[];
  let source: string;
  if (!fileArgument && config.redis) {
    const read = await readRedisLog(config, errors);
    if (typeof read === 'string') {
      errors.write(`${read}\n`);
      return 1;
    }
    entries = read;
    source = `the Redis stream ${config.redis.prefix}${UNANSWERED_STREAM}`;
    if (!entries.length) {
      out.write(`No unanswered questions recorded yet (${source} is empty).\n`);
      return 0;
    }
  } else {
    const file = fileArgument ?? config.unansweredLogFile;
    if (!file || !existsSync(file)) {
      out.write(`No unanswered questions recorded yet${file ? ` (${file} does not exist)` : ' (UNANSWERED_LOG_FILE is off)'}.\n`);
      return 0;
    }
    entries = readFile(file);
    source = file;
  }
  const summary = summarise(entries);
  out.write(`${entries.length} unanswered question(s) in ${source}\n`);
  for (const lang of LANGS) {
    out.write(`\n== ${lang === 'fr' ? 'French' : 'English'} (${entries.filter((e) => e.lang === lang).length})\n`);
    for (const row of summary[lang]) out.write(`  ${String(row.count).padStart(4)} × ${JSON.stringify(row.question)}  [${row.intents}]\n`);
  }
  return 0;
}

/** `npm run report:unanswered [-- file]`. */
export async function run(): Promise<void> {
  process.exitCode = await report(process.argv.slice(2), readEnvironment(), process.stdout, process.stderr);
}

if (require.main === module) void run();
