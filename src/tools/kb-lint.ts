import path from 'node:path';
import { loadConfig, readEnvironment } from '../config';
import { Translations } from '../i18n';
import { KnowledgeBaseError, loadKnowledgeBase } from '../knowledge/load';
import { lintKnowledgeBase, placeholderWarnings } from './knowledge-lint';

/**
 * `npm run kb:lint [-- file.json]`: checks a knowledge base (default: KNOWLEDGE_BASE_FILE or
 * knowledge/default.json) and the locale files; exits 1 when it finds a contradiction.
 */
export function run(): void {
  const argument = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const file = argument ? path.resolve(argument) : loadConfig(readEnvironment()).knowledgeBaseFile;
  let problems;
  try {
    const kb = loadKnowledgeBase(file);
    // The example brand still in place is a warning (exit 0): the default file is meant to carry it.
    for (const w of placeholderWarnings(kb)) process.stdout.write(`kb:lint: warning: ${w.where} ${w.problem}\n`);
    problems = lintKnowledgeBase(kb, new Translations());
  } catch (error) {
    if (!(error instanceof KnowledgeBaseError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  if (!problems.length) {
    process.stdout.write(`kb:lint: ${path.relative(process.cwd(), file) || file} and the locales are consistent.\n`);
    return;
  }
  process.stdout.write(`kb:lint: ${problems.length} problem(s) in ${file}:\n`);
  for (const p of problems) process.stdout.write(`  - ${p.where}: ${p.problem}\n`);
  process.exitCode = 1;
}

if (require.main === module) run();
