import path from 'node:path';
import { loadConfig, readEnvironment } from '../config';
import { createBot } from '../create-bot';
import { INTENTS, LANGS } from '../core/types';
import { PROJECT_ROOT } from '../paths';
import { evaluate, ratio, readLabelled, score, type EvaluatedQuestion } from './evaluation';

const DEFAULT_SETS = ['devset.fr.jsonl', 'devset.en.jsonl'].map((f) => path.join(PROJECT_ROOT, 'eval', f));

function percent(part: number, whole: number): string {
  return `${(ratio(part, whole) * 100).toFixed(1)}%`.padStart(7);
}

/** `npm run eval [-- files…]`: intent accuracy and fact coverage per language and intent, with the misses. */
export function run(): void {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const quiet = process.argv.includes('--quiet');
  const bot = createBot(loadConfig(readEnvironment()));
  const results: EvaluatedQuestion[] = [];
  for (const file of files.length ? files : DEFAULT_SETS) results.push(...evaluate(bot, readLabelled(file), file));

  const out: string[] = [];
  for (const lang of LANGS) {
    const mine = results.filter((r) => r.lang === lang);
    if (!mine.length) continue;
    const s = score(mine);
    out.push(`\n== ${lang}: ${s.total} questions — intent ${percent(s.intentRight, s.total)}, language ${percent(s.langRight, s.total)}, facts ${percent(s.factsComplete, s.withFacts)}`);
    out.push(`   ${'intent'.padEnd(16)} ${'n'.padStart(4)} ${'intent'.padStart(7)} ${'facts'.padStart(7)}`);
    for (const intent of INTENTS) {
      const rows = mine.filter((r) => r.intent === intent);
      if (!rows.length) continue;
      const si = score(rows);
      out.push(`   ${intent.padEnd(16)} ${String(si.total).padStart(4)} ${percent(si.intentRight, si.total)} ${percent(si.factsComplete, si.withFacts)}`);
    }
  }
  const misses = results.filter((r) => r.gotIntent !== r.intent || r.gotLang !== r.lang || r.missingFacts.length);
  if (!quiet && misses.length) {
    out.push(`\n== misses (${misses.length})`);
    for (const m of misses) {
      const problems = [
        m.gotIntent !== m.intent ? `intent ${m.gotIntent} (want ${m.intent})` : '',
        m.gotLang !== m.lang ? `lang ${m.gotLang} (want ${m.lang})` : '',
        m.missingFacts.length ? `missing ${m.missingFacts.join(', ')}` : '',
      ].filter(Boolean);
      out.push(`   ${m.id.padEnd(8)} ${JSON.stringify(m.q)} — ${problems.join('; ')}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) run();
