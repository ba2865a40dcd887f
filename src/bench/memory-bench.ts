import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface MemoryFigures {
  rssBeforeMb: number;
  rssAfterFirstPassMb: number;
  rssAfterSecondPassMb: number;
  growthFirstPassMb: number;
  growthSecondPassMb: number;
  conversationsKept: number;
  rateLimitUsersKept: number;
}

/** Runs the memory pass in a fresh process, so earlier benchmarks do not blur the figure. */
export function benchMemory(): MemoryFigures {
  const child = path.join(__dirname, 'memory-child.js');
  // Same V8 young-generation size as `npm start` uses (package.json), so the figure is the bot's.
  const result = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=4', child], { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`memory benchmark failed: ${result.stderr}`);
  const r = JSON.parse(result.stdout) as { before: number; afterFirst: number; afterSecond: number; contexts: number; rateLimitUsers: number };
  return {
    rssBeforeMb: r.before,
    rssAfterFirstPassMb: r.afterFirst,
    rssAfterSecondPassMb: r.afterSecond,
    growthFirstPassMb: Math.round((r.afterFirst - r.before) * 10) / 10,
    growthSecondPassMb: Math.round((r.afterSecond - r.afterFirst) * 10) / 10,
    conversationsKept: r.contexts,
    rateLimitUsersKept: r.rateLimitUsers,
  };
}
