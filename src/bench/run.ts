import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { createBot } from '../create-bot';
import { PROJECT_ROOT } from '../paths';
import { benchColdStart } from './cold-start';
import { benchCore } from './core-bench';
import { benchMemory } from './memory-bench';
import { RedisServer, redisServerInstalled } from './redis-server';
import { benchRedisKeys } from './redis-keys-bench';
import { benchSlack, benchSlackRedis } from './slack-bench';
import { benchDiscord } from './discord-bench';
import { round } from './stats';
import { benchWebChat, type WebChatFigures } from './webchat-bench';

interface Row {
  part: string;
  figure: string;
  value: number | string;
  target: string;
  met: boolean | null;
}

/** `npm run bench`: every figure on stdout as a table, and in bench/results.json. */
export async function runBench(): Promise<void> {
  const rows: Row[] = [];
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` },
  };

  // The core's own cost: no answer is reused (the adapters' figures below run as deployed, with the cache).
  const bot = createBot(loadConfig({ LOG_LEVEL: 'silent', ANSWER_CACHE_SIZE: '0' }));
  const core = benchCore(bot);
  results.core = core;
  rows.push(
    { part: 'core', figure: 'questions per second', value: core.questionsPerSecond, target: '', met: null },
    { part: 'core', figure: 'p50 latency (ms)', value: core.p50Ms, target: '', met: null },
    { part: 'core', figure: 'p99 latency (ms)', value: core.p99Ms, target: '< 1 ms', met: core.p99Ms < 1 },
  );

  const slack = await benchSlack(10);
  results.slack = slack;
  rows.push(
    ...againstBare('slack', ['signed slash commands/s, bot', 'signed slash commands/s, bare Bolt (ack only)'], [slack.bot.requestsPerSecond, slack.bare.requestsPerSecond], [slack.bot.p99Ms, slack.bare.p99Ms], slack.ratio),
  );

  const discord = await benchDiscord(10);
  results.discord = discord;
  rows.push(
    ...againstBare(
      'discord',
      ['interactions/s (dispatch → callback), bot', 'interactions/s, bare discord.js (constant reply)'],
      [discord.bot.interactionsPerSecond, discord.bare.interactionsPerSecond],
      [discord.bot.p99Ms, discord.bare.p99Ms],
      discord.ratio,
    ),
  );

  rows.push(...(await redisRows(results)));

  const memory = benchMemory();
  results.memory = memory;
  rows.push(
    { part: 'memory', figure: 'RSS growth, 1st pass of 100k msgs / 10k users (MB)', value: memory.growthFirstPassMb, target: '< 50 MB', met: memory.growthFirstPassMb < 50 },
    { part: 'memory', figure: 'RSS growth, 2nd identical pass (MB)', value: memory.growthSecondPassMb, target: '~0', met: memory.growthSecondPassMb < 5 },
  );

  const cold = benchColdStart();
  results.askColdStart = cold;
  rows.push({ part: 'ask', figure: 'cold start, median of 7 (ms)', value: cold.medianMs, target: '< 1000 ms', met: cold.medianMs < 1000 });

  const webchat = await benchWebChat(50);
  results.webchat = webchat;
  rows.push(...webChatRows(webchat));

  printAndSave(rows, results);
}

function webChatRows(webchat: WebChatFigures): Row[] {
  return [
    { part: 'webchat', figure: `Enter → answer rendered, ${webchat.questions} questions, p50 (ms)`, value: webchat.p50Ms, target: '', met: null },
    { part: 'webchat', figure: 'Enter → answer rendered, p95 (ms)', value: webchat.p95Ms, target: '< 100 ms', met: webchat.p95Ms < 100 },
    { part: 'webchat', figure: 'widget script, gzipped (KB)', value: round(webchat.bundleGzipBytes / 1024, 1), target: '< 30 KB', met: webchat.bundleGzipBytes < 30 * 1024 },
  ];
}

/**
 * `npm run bench -- webchat`: the web chat's figures alone (about 20 s), written into the
 * existing bench/results.json beside the others' last figures.
 */
export async function runWebChatBench(): Promise<void> {
  const file = path.join(PROJECT_ROOT, 'bench', 'results.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { table?: Row[] }) : {};
  const webchat = await benchWebChat(50);
  const rows = [...(previous.table ?? []).filter((r) => r.part !== 'webchat'), ...webChatRows(webchat)];
  printAndSave(webChatRows(webchat), { ...previous, webchat: { ...webchat, date: new Date().toISOString() } }, rows);
}

function printAndSave(rows: Row[], results: Record<string, unknown>, table: Row[] = rows): void {
  const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => String(r[key]).length));
  const line = (r: Record<keyof Row, string>) =>
    `${r.part.padEnd(width('part'))}  ${r.figure.padEnd(width('figure'))}  ${r.value.padStart(width('value'))}  ${r.target.padEnd(width('target'))}  ${r.met}`;
  process.stdout.write(`${line({ part: 'part', figure: 'figure', value: 'value', target: 'target', met: 'met' })}\n`);
  for (const r of rows) process.stdout.write(`${line({ part: r.part, figure: r.figure, value: String(r.value), target: r.target, met: r.met === null ? '' : r.met ? 'yes' : 'NO' })}\n`);

  mkdirSync(path.join(PROJECT_ROOT, 'bench'), { recursive: true });
  writeFileSync(path.join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify({ ...results, table }, null, 2)}\n`);
  process.stdout.write(`\nwritten to bench/results.json\n`);
}

/** A platform measured against a bare client: both rates, both p99 latencies, and the ratio with its target. */
function againstBare(part: string, figures: [bot: string, bare: string], rates: [bot: number, bare: number], p99Ms: [bot: number, bare: number], ratio: number): Row[] {
  return [
    { part, figure: figures[0], value: rates[0], target: '', met: null },
    { part, figure: figures[1], value: rates[1], target: '', met: null },
    { part, figure: 'p99 latency bot / bare (ms)', value: `${p99Ms[0]} / ${p99Ms[1]}`, target: '', met: null },
    { part, figure: 'throughput ratio bot / bare', value: ratio, target: '>= 0.8', met: ratio >= 0.8 },
  ];
}

/**
 * The bot with REDIS_URL against the same bot in memory, and Redis's keys after 100k messages,
 * on a redis-server of the benchmark's own (no persistence, 127.0.0.1). Without redis-server,
 * the rows say so instead of figures.
 */
async function redisRows(results: Record<string, unknown>): Promise<Row[]> {
  if (!redisServerInstalled()) {
    const missing = 'not measured: redis-server is not installed (apt-get install redis-server)';
    return [{ part: 'redis', figure: missing, value: '', target: '', met: null }];
  }
  const server = await RedisServer.start();
  try {
    const slack = await benchSlackRedis(10, server.url);
    const keys = await benchRedisKeys(server.url);
    results.slackRedis = slack;
    results.redisKeys = keys;
    const maxima = Object.values(keys.families).reduce((sum, f) => sum + f.max, 0);
    return [
      { part: 'redis', figure: 'signed slash commands/s, state in Redis / in memory', value: `${slack.redis.requestsPerSecond} / ${slack.memory.requestsPerSecond}`, target: '', met: null },
      { part: 'redis', figure: 'throughput ratio Redis / memory', value: slack.ratio, target: '>= 0.85', met: slack.ratio >= 0.85 },
      { part: 'redis', figure: `p99 at ${slack.steady.rate}/s evenly spaced, Redis / memory (ms)`, value: `${slack.steady.redisP99Ms} / ${slack.steady.memoryP99Ms}`, target: '', met: null },
      { part: 'redis', figure: 'added p99 latency (ms)', value: slack.steady.addedP99Ms, target: '< 2 ms', met: slack.steady.addedP99Ms < 2 },
      { part: 'redis', figure: `keys after ${keys.messages / 1000}k msgs / ${keys.users / 1000}k users`, value: keys.totalKeys, target: `<= ${maxima} (maxima)`, met: keys.bounded },
      { part: 'redis', figure: 'keys without a TTL', value: keys.keysWithoutTtl, target: '0', met: keys.keysWithoutTtl === 0 },
      { part: 'redis', figure: 'Redis memory after the run (MB)', value: keys.usedMemoryMb, target: '', met: null },
    ];
  } finally {
    await server.dispose();
  }
}

export function run(): void {
  (process.argv.slice(2).includes('webchat') ? runWebChatBench() : runBench()).catch((error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}

if (require.main === module) run();
