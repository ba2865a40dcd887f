import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../paths';
import { median, round } from './stats';

export interface ColdStartFigures {
  runs: number;
  /** `node bin/launch.js cli "Outlook port?"`, from process start to exit. */
  medianMs: number;
  maxMs: number;
}

/** Times `ask` answering one question in a fresh process, several times. */
export function benchColdStart(runs = 7): ColdStartFigures {
  const launcher = path.join(PROJECT_ROOT, 'bin', 'launch.js');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [launcher, 'cli', 'Outlook port?'], { encoding: 'utf8', timeout: 30_000 });
    const elapsed = performance.now() - t0;
    if (result.status !== 0 || !result.stdout.includes('993')) throw new Error(`ask failed during the benchmark: ${result.stderr}`);
    times.push(elapsed);
  }
  return { runs, medianMs: round(median(times), 1), maxMs: round(Math.max(...times), 1) };
}
