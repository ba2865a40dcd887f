import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, readEnvironment } from '../config';
import { createBot } from '../create-bot';
import { INTENTS } from '../core';
import { LANGS } from '../domain';
import { PROJECT_ROOT } from '../paths';
import { firstMessageLength, lengthTarget, PLATFORMS, repetitions, stats } from './answer-shape';
import { evaluate, isEverydaySet, isMailAnswer, problemsOf, ratio, readLabelled, score, type EvaluatedQuestion } from './evaluation';

export const EVAL_DIR = path.join(PROJECT_ROOT, 'eval');
const DEFAULT_SETS = ['devset.fr.jsonl', 'devset.en.jsonl'].map((f) => path.join(EVAL_DIR, f));
export const KNOWN_MISSES_FILE = path.join(EVAL_DIR, 'known-misses.txt');

/** Every labelled set of eval/. */
export function allSets(dir = EVAL_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(dir, f));
}

function percent(part: number, whole: number): string {
  return `${(ratio(part, whole) * 100).toFixed(1)}%`.padStart(7);
}

export interface SetResults {
  file: string;
  everyday: boolean;
  results: EvaluatedQuestion[];
}

/** Evaluates sets with the bot the environment configures (tests pass `{}`: the defaults, whatever the machine). */
export function evaluateSets(
  files: readonly string[],
  env: Record<string, string | undefined> = readEnvironment(),
  decider: 'rules' | 'model' | 'combined' = 'combined',
): SetResults[] {
  const bot = createBot(loadConfig(env), 'chat', decider);
  return files.map((file) => ({ file, everyday: isEverydaySet(file), results: evaluate(bot, readLabelled(file), file) }));
}

/** The misses of every set, one `id  what` line each (the known-misses format). */
export function missLines(sets: readonly SetResults[]): Map<string, string> {
  const lines = new Map<string, string>();
  for (const set of sets) {
    for (const r of set.results) {
      const problems = problemsOf(r, set.everyday);
      if (problems.length) lines.set(r.id, `${r.id}  ${problems.join('; ')}  # ${JSON.stringify(r.q).slice(0, 100)}`);
    }
  }
  return lines;
}

/** The ids listed in eval/known-misses.txt (comments and blank lines ignored). */
export function readKnownMisses(file = KNOWN_MISSES_FILE): Set<string> {
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim().split(/\s+/)[0])
      .filter(Boolean),
  );
}

/** Length of the first message per intent, language and platform, and what any answer says twice. */
function shapeReport(sets: readonly SetResults[]): string {
  const out = ['\n== first message, characters (median / 95th percentile; target in brackets)'];
  const results = sets.filter((s) => !s.everyday).flatMap((s) => s.results);
  out.push(`   ${'intent'.padEnd(16)} ${'lang'.padEnd(4)} ${PLATFORMS.map((p) => p.padStart(13)).join('')}`);
  for (const intent of INTENTS) {
    for (const lang of LANGS) {
      const rows = results.filter((r) => r.gotIntent === intent && r.gotLang === lang);
      if (!rows.length) continue;
      const cells = PLATFORMS.map((platform) => {
        const s = stats(rows.map((r) => firstMessageLength(r.reply, platform)));
        return `${s.median} / ${s.p95}`.padStart(13);
      });
      out.push(`   ${intent.padEnd(16)} ${lang.padEnd(4)} ${cells.join('')}  (${lengthTarget(intent)})`);
    }
  }
  const repeated = results.flatMap((r) => repetitions(r.reply).map((what) => `${r.id}: ${what}`));
  out.push(`\n== said twice in one answer: ${repeated.length}`, ...repeated.slice(0, 20).map((line) => `   ${line}`));
  return `${out.join('\n')}\n`;
}

/** The same sets read by the rules alone, the model alone, and both as shipped: which design earns its place. */
function ablation(files: readonly string[]): string {
  const out = ['\n== ablation: intent fr / en, facts fr / en, everyday mail answers fr / en'];
  for (const decider of ['rules', 'model', 'combined'] as const) {
    const sets = evaluateSets(files, readEnvironment(), decider);
    const labelled = sets.filter((s) => !s.everyday).flatMap((s) => s.results);
    const everyday = sets.filter((s) => s.everyday).flatMap((s) => s.results);
    const cell = (lang: string, f: (s: ReturnType<typeof score>) => string) => {
      const rows = labelled.filter((r) => r.lang === lang);
      return rows.length ? f(score(rows)) : '–';
    };
    const intents = LANGS.map((l) => cell(l, (s) => percent(s.intentRight, s.total).trim())).join(' / ');
    const facts = LANGS.map((l) => cell(l, (s) => percent(s.factsComplete, s.withFacts).trim())).join(' / ');
    const mail = LANGS.map((l) => {
      const rows = everyday.filter((r) => r.lang === l);
      return rows.length ? percent(rows.filter((r) => isMailAnswer(r.gotIntent)).length, rows.length).trim() : '–';
    }).join(' / ');
    out.push(`   ${decider.padEnd(9)} intent ${intents}   facts ${facts}   everyday ${mail}`);
  }
  return `${out.join('\n')}\n`;
}

function report(sets: readonly SetResults[], quiet: boolean): string {
  const out: string[] = [];
  const labelled = sets.filter((s) => !s.everyday).flatMap((s) => s.results);
  for (const lang of LANGS) {
    const mine = labelled.filter((r) => r.lang === lang);
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
  for (const set of sets.filter((s) => s.everyday)) {
    for (const lang of LANGS) {
      const mine = set.results.filter((r) => r.lang === lang);
      if (!mine.length) continue;
      const mail = mine.filter((r) => isMailAnswer(r.gotIntent)).length;
      out.push(`\n== ${path.basename(set.file)} ${lang}: ${mine.length} everyday requests — mail-settings answers ${percent(mail, mine.length)} (${mail})`);
    }
  }
  const misses = missLines(sets);
  if (!quiet && misses.size) out.push(`\n== misses (${misses.size})`, ...[...misses.values()].map((line) => `   ${line}`));
  return `${out.join('\n')}\n`;
}

/**
 * `npm run eval [-- files…] [--all] [--quiet] [--shape] [--ablation] [--prune-known-misses]`: intent accuracy and fact
 * coverage per language and intent, the mail-answer rate of everyday sets, and the misses.
 * `--prune-known-misses` deletes the lines of eval/known-misses.txt that are now answered right
 * (the ratchet only tightens; a new miss is added by hand, with a reason).
 */
export function run(): void {
  const args = process.argv.slice(2);
  const files = args.filter((a) => !a.startsWith('--'));
  const all = args.includes('--all') || args.includes('--prune-known-misses');
  const sets = evaluateSets(all ? allSets() : files.length ? files : DEFAULT_SETS);
  process.stdout.write(report(sets, args.includes('--quiet')));
  if (args.includes('--shape')) process.stdout.write(shapeReport(sets));
  if (args.includes('--ablation')) process.stdout.write(ablation(files.length ? files : DEFAULT_SETS));
  if (args.includes('--prune-known-misses')) {
    const misses = missLines(sets);
    const kept = readFileSync(KNOWN_MISSES_FILE, 'utf8')
      .split('\n')
      .filter((line) => {
        const id = line.replace(/#.*$/, '').trim().split(/\s+/)[0];
        return !id || misses.has(id);
      });
    writeFileSync(KNOWN_MISSES_FILE, kept.join('\n'));
  }
}

if (require.main === module) run();
