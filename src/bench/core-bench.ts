import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { renderText } from '../adapters/console/render-text';
import type { Bot } from '../core';
import { PROJECT_ROOT } from '../paths';
import { readLabelled } from '../tools/evaluation';
import { percentile, round } from './stats';

export interface CoreFigures {
  questions: number;
  questionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Understanding + answer + plain-text rendering, per question, over the development sets of
 * both languages, in this process, after a warm-up (a few passes, up to 3 s). Bounded by `budgetMs`.
 */
export function benchCore(bot: Bot, budgetMs = 8000): CoreFigures {
  const questions = ['devset.fr.jsonl', 'devset.en.jsonl'].flatMap((f) => readLabelled(path.join(PROJECT_ROOT, 'eval', f)).map((q) => q.q));
  const once = (q: string, i: number) => renderText(bot.process({ platform: 'bench', conversationId: `b${i % 500}`, userId: 'b', text: q }).reply);
  // Warm-up long enough for V8 to finish optimising (a few passes left the first measured ones slower).
  const warmUntil = performance.now() + Math.min(3000, budgetMs / 2);
  for (let round = 0; round < 3 || performance.now() < warmUntil; round++) questions.forEach(once);

  const samples: number[] = [];
  const started = performance.now();
  let i = 0;
  while (performance.now() - started < budgetMs && samples.length < questions.length * 20) {
    const q = questions[i % questions.length];
    const t0 = performance.now();
    once(q, i);
    samples.push(performance.now() - t0);
    i++;
  }
  const elapsed = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    questions: samples.length,
    questionsPerSecond: Math.round(samples.length / (elapsed / 1000)),
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(samples[samples.length - 1]),
  };
}
