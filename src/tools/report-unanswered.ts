import { existsSync, readFileSync } from 'node:fs';
import { ConfigError, loadConfig, readEnvironment } from '../config';
import { normalise } from '../core';
import { LANGS } from '../domain';
import type { UnansweredEntry } from '../ops/unanswered-log';

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

/** `npm run report:unanswered [-- file]`: the most frequent unanswered questions, per language. */
export function run(): void {
  let config;
  try {
    config = loadConfig(readEnvironment());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const file = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? config.unansweredLogFile;
  if (!file || !existsSync(file)) {
    process.stdout.write(`No unanswered questions recorded yet${file ? ` (${file} does not exist)` : ' (UNANSWERED_LOG_FILE is off)'}.\n`);
    return;
  }
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as UnansweredEntry];
      } catch {
        return [];
      }
    });
  const summary = summarise(entries);
  process.stdout.write(`${entries.length} unanswered question(s) in ${file}\n`);
  for (const lang of LANGS) {
    process.stdout.write(`\n== ${lang === 'fr' ? 'French' : 'English'} (${entries.filter((e) => e.lang === lang).length})\n`);
    for (const row of summary[lang]) process.stdout.write(`  ${String(row.count).padStart(4)} × ${JSON.stringify(row.question)}  [${row.intents}]\n`);
  }
}

if (require.main === module) run();
