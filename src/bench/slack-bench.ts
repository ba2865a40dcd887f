import { createHmac } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import autocannon from 'autocannon';
import { createSlackAdapter } from '../adapters/slack';
import { loadConfig } from '../config';
import { createBot } from '../create-bot';
import { HttpServer } from '../http/server';
import { createLogger } from '../logger';
import { Metrics } from '../ops/metrics';
import { ConversationService, serviceStateIn, stateFamilyLimits } from '../service';
import { MEMORY_MAX_KEYS, MemoryStateStore, openStateStore, type StateStore } from '../state';
import { median, percentile, round } from './stats';
import { BENCH_TEAM, startBenchSlackApi, type BenchSlackApi } from './slack-fake-api';

/** One side of the Slack benchmark, as measured by autocannon. */
export interface SlackSideFigures {
  /** Completed requests per second over the measured run. */
  requestsPerSecond: number;
  /** 99th percentile latency, in milliseconds (the median over the measured rounds of each round's). */
  p99Ms: number;
  /** Answers with a status other than 2xx (should be 0). */
  non2xx: number;
  /** Requests that failed at the connection level, or timed out (should be 0). */
  errors: number;
  requests: number;
}

export interface SlackBenchFigures {
  /** The bot: its Slack adapter on its own HTTP server, answering `/mailconfig outlook port`. */
  bot: SlackSideFigures;
  /** A bare Bolt app on Bolt's HTTPReceiver that only acks. */
  bare: SlackSideFigures;
  /** bot / bare requests per second (the target is at least 0.8). */
  ratio: number;
  connections: number;
  durationSeconds: number;
}

const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
/** The file autocannon's worker requires to sign each request (written once per run). */
let signer: string | undefined;
const BOT_TOKEN = 'xoxb-bench-token';
const CONNECTIONS = 10;
/** Each side's measured run is bounded, whatever the caller asks for. */
const MAX_SECONDS = 10;

interface Target {
  url: string;
  close(): Promise<void>;
}

/** A discarding log destination: the bot logs as in production (one line per message), nowhere. */
function nullStream(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/**
 * The bot as `npm start` wires it for Slack in HTTP mode, with its state in `store` (memory, or
 * Redis as with REDIS_URL) and a rate limit that never interferes.
 */
async function startBot(api: BenchSlackApi, store: StateStore = new MemoryStateStore({ maxKeys: MEMORY_MAX_KEYS })): Promise<Target> {
  const config = loadConfig({ LOG_LEVEL: 'info', UNANSWERED_LOG_FILE: 'off' });
  const logger = createLogger('info', nullStream());
  const bot = createBot(config);
  const state = serviceStateIn(store, { conversationTtlMs: config.contextTtlMs, rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 1000 } });
  const service = new ConversationService({ bot, logger, metrics: new Metrics(false), ...state });
  const http = new HttpServer(logger);
  const adapter = createSlackAdapter({
    service,
    logger,
    http,
    config: { mode: 'http', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: api.url },
  });
  await adapter.start();
  const port = await http.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    async close() {
      await adapter.stop();
      await http.close();
      await store.close();
    },
  };
}

/** The baseline: Bolt's own HTTPReceiver, same signing secret, a listener that only acks. */
async function startBare(api: BenchSlackApi): Promise<Target> {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({ token: BOT_TOKEN, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: api.url } });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo | string | null };
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/slack/events`, close: () => app.stop() as Promise<void> };
}

/** A slash command exactly as Slack signs it; the timestamp stays valid for Slack's five minutes. */
function signedSlashCommand(api: BenchSlackApi): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: BENCH_TEAM,
    team_domain: 'bench',
    channel_id: 'CBENCH',
    channel_name: 'general',
    user_id: 'UBENCH',
    user_name: 'bench',
    command: '/mailconfig',
    text: 'outlook port',
    api_app_id: 'ABENCH',
    response_url: `${api.url.replace(/\/api\/$/, '')}/hooks/bench`,
    // The load gives each request its own (requestSigner); this one is for the first check.
    trigger_id: `check.${Date.now()}.${Math.random().toString(16).slice(2)}`,
  }).toString();
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(body) } };
}

function slackSignatureHeaders(body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}` };
}

/**
 * Slack gives each command its own trigger_id, and the bot answers a copy of a command only
 * once: every request of the load gets a fresh trigger_id and its signature, made in
 * autocannon's worker thread by this module (a worker is given functions as files to require).
 * The commands come from a thousand users in turn: one user's messages are answered one after
 * the other (each continues the conversation), as in a workspace, not all from one person.
 */
function requestSigner(): string {
  const file = path.join(tmpdir(), `mailconfig-bench-signer-${process.pid}.js`);
  writeFileSync(
    file,
    `'use strict';
const { createHmac } = require('node:crypto');
const { threadId } = require('node:worker_threads');
let n = 0;
module.exports = function setupRequest(request) {
  n++;
  const body = request.body.replace(/trigger_id=[^&]*/, 'trigger_id=' + threadId + '.' + n + '.' + Date.now()).replace(/user_id=[^&]*/, 'user_id=UBENCH' + (n % 1000));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = 'v0=' + createHmac('sha256', ${JSON.stringify(SIGNING_SECRET)}).update('v0:' + timestamp + ':' + body).digest('hex');
  return { ...request, body, headers: { ...request.headers, 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature } };
};
`,
  );
  return file;
}

/** One request first: the side must answer 200 (and the bot a real answer) before it is timed. */
async function check(target: Target, request: { body: string; headers: Record<string, string> }, expect?: string): Promise<void> {
  const response = await fetch(target.url, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  if (response.status !== 200 || (expect && !text.includes(expect))) {
    throw new Error(`slack benchmark: ${target.url} answered ${response.status} ${text.slice(0, 200)}`);
  }
}

interface Run {
  requests: number;
  seconds: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** Loads a side for `seconds`, as fast as it answers. */
async function load(target: Target, request: { body: string; headers: Record<string, string> }, seconds: number): Promise<Run> {
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'POST', headers: request.headers, body: request.body, setupRequest: (signer ??= requestSigner()) }],
    // The load generator in a thread of its own: it must not share the measured server's event loop.
    workers: 1,
  });
  return { requests: result.requests.total, seconds: result.duration || seconds, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

function summarise(runs: Run[]): SlackSideFigures {
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requestsPerSecond: Math.round(requests / seconds),
    // autocannon gives percentiles per run, not samples: the median run's, robust to one noisy round.
    p99Ms: round(median(runs.map((r) => r.p99Ms)), 2),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    requests,
  };
}

interface Side {
  target: Target;
  api: BenchSlackApi;
  request: { body: string; headers: Record<string, string> };
}

/** Starts a side with its own fake Web API and checks it answers (the bot with a real answer). */
async function startSide(start: (api: BenchSlackApi) => Promise<Target>, expect?: string): Promise<Side> {
  const api = await startBenchSlackApi();
  try {
    const target = await start(api);
    const side = { target, api, request: signedSlashCommand(api) };
    try {
      await check(target, side.request, expect);
    } catch (error) {
      await target.close();
      throw error;
    }
    return side;
  } catch (error) {
    await api.close();
    throw error;
  }
}

async function stopSide(side: Side | undefined): Promise<void> {
  if (!side) return;
  await side.target.close();
  await side.api.close();
}

/**
 * Measured rounds alternate between the sides, so that whatever else the machine does weighs on
 * both alike; at full speed, or at `rate` requests per second.
 */
async function alternate(sides: Side[], seconds: number): Promise<Run[][]> {
  // A warm-up run each, so both are measured with their code optimised.
  for (const side of sides) await load(side.target, side.request, 1);
  const rounds = Math.ceil(seconds / 2);
  const runs: Run[][] = sides.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (const [n, side] of sides.entries()) runs[n].push(await load(side.target, side.request, seconds / rounds));
  }
  return runs;
}

/** One side alone (for profiling one side: `node --cpu-prof`). */
export async function benchSlackSide(which: 'bot' | 'bare', durationSeconds: number): Promise<SlackSideFigures> {
  const seconds = Math.max(1, Math.min(MAX_SECONDS, durationSeconds));
  const side = await startSide(which === 'bot' ? startBot : startBare, which === 'bot' ? '993' : undefined);
  try {
    const [runs] = await alternate([side], seconds);
    return summarise(runs);
  } finally {
    await stopSide(side);
  }
}

/**
 * Signed slash commands per second and 99th percentile latency through the bot's real HTTP
 * receiver (the Slack adapter on the bot's HttpServer, answering `/mailconfig outlook port`),
 * against a bare Bolt app that only acks; same load generator (autocannon), connections and
 * duration, all on 127.0.0.1, each side against its own fake Slack Web API. Prints nothing.
 * Each side is loaded for `durationSeconds` (at most 10), in rounds of about 2 s taken in turn,
 * after a 1-second warm-up each: about `2 × (durationSeconds + 1)` seconds in all.
 */
export async function benchSlack(durationSeconds: number): Promise<SlackBenchFigures> {
  const seconds = Math.max(1, Math.min(MAX_SECONDS, durationSeconds));
  let bare: Side | undefined;
  let bot: Side | undefined;
  try {
    bare = await startSide(startBare);
    bot = await startSide(startBot, '993');
    const [bareRuns, botRuns] = await alternate([bare, bot], seconds);
    const figures = { bare: summarise(bareRuns), bot: summarise(botRuns) };
    return {
      ...figures,
      ratio: figures.bare.requestsPerSecond ? round(figures.bot.requestsPerSecond / figures.bare.requestsPerSecond, 3) : 0,
      connections: CONNECTIONS,
      durationSeconds: seconds,
    };
  } finally {
    await stopSide(bot);
    await stopSide(bare);
  }
}

/** The bot with its state in Redis against the same bot with its state in memory. */
export interface SlackRedisFigures {
  /** At full speed (10 connections), state in this process's memory (no REDIS_URL). */
  memory: SlackSideFigures;
  /** The same, state in Redis on 127.0.0.1 (REDIS_URL). */
  redis: SlackSideFigures;
  /** redis / memory requests per second (the target is at least 0.85). */
  ratio: number;
  /**
   * 99th percentile latency at a steady `rate` well below saturation, commands evenly spaced,
   * where it is the time one command takes (at full speed it is mostly queueing, which grows
   * with any added work); `commands`: answered per side.
   */
  steady: { rate: number; memoryP99Ms: number; redisP99Ms: number; addedP99Ms: number; commands: number };
  connections: number;
  durationSeconds: number;
}

/** Requests per second of the steady-rate latency runs: a busy hour of a large workspace, a fraction of what the bot can take. */
const STEADY_RATE = 300;

type SignedCommand = { body: string; headers: Record<string, string> };

/** The signer autocannon's worker requires, loaded here as well: the paced commands are made alike. */
function loadSigner(): (request: SignedCommand) => SignedCommand {
  return require((signer ??= requestSigner())) as (request: SignedCommand) => SignedCommand;
}

/**
 * Each command's latency, in ms, at a steady `rate`: commands go out evenly spaced whether or not
 * the previous ones are answered (as users' commands do), on kept-alive connections. autocannon's
 * rate mode is no use for this: each connection sends its quota for the second back to back,
 * then waits, so its percentiles measured how long a burst took to drain, in whole milliseconds.
 */
async function pacedLatencies(target: Target, request: SignedCommand, seconds: number, rate: number): Promise<number[]> {
  const sign = loadSigner();
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL(target.url);
  const latencies: number[] = [];
  const total = Math.round(seconds * rate);
  const started = performance.now();
  let sent = 0;
  const answered: Array<Promise<void>> = [];
  const send = () =>
    new Promise<void>((resolve) => {
      const command = sign(request);
      const at = performance.now();
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: command.headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - at);
          resolve();
        });
      });
      req.on('error', () => resolve());
      req.end(command.body);
    });
  await new Promise<void>((done) => {
    // Every millisecond, what is due by now goes out (timers cannot keep a 3.3 ms period exactly).
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      for (; sent < due; sent++) answered.push(send());
      if (sent >= total) {
        clearInterval(tick);
        done();
      }
    }, 1);
  });
  await Promise.all(answered);
  agent.destroy();
  return latencies;
}

/**
 * Signed slash commands through the bot with REDIS_URL (a real redis-server at `redisUrl`) and
 * through the same bot with its state in memory, same run, rounds taken in turn: throughput at
 * full speed, then p99 latency at a steady rate. About `4 × (durationSeconds + 1)` seconds.
 */
export async function benchSlackRedis(durationSeconds: number, redisUrl: string): Promise<SlackRedisFigures> {
  const seconds = Math.max(1, Math.min(MAX_SECONDS, durationSeconds));
  const logger = createLogger('warn', nullStream());
  let memory: Side | undefined;
  let redis: Side | undefined;
  try {
    memory = await startSide((api) => startBot(api), '993');
    redis = await startSide(async (api) => {
      const store = openStateStore({ redis: { url: redisUrl, prefix: 'bench:slack:' }, familyLimits: stateFamilyLimits({ conversations: 10_000 }) }, logger);
      await store.ready();
      if (store.health() !== 'ok') throw new Error(`slack benchmark: Redis at ${redisUrl} cannot be reached`);
      return startBot(api, store);
    }, '993');
    const [memoryRuns, redisRuns] = await alternate([memory, redis], seconds);
    // Steady-rate latency, rounds in turn as well: each side's p99 over all its commands.
    const steady: number[][] = [[], []];
    const rounds = Math.ceil(seconds / 2);
    for (let i = 0; i < rounds; i++) {
      for (const [n, side] of [memory, redis].entries()) steady[n].push(...(await pacedLatencies(side.target, side.request, seconds / rounds, STEADY_RATE)));
    }
    const [memoryP99Ms, redisP99Ms] = steady.map((latencies) => round(percentile(latencies.sort((a, b) => a - b), 99), 2));
    const figures = { memory: summarise(memoryRuns), redis: summarise(redisRuns) };
    return {
      ...figures,
      ratio: figures.memory.requestsPerSecond ? round(figures.redis.requestsPerSecond / figures.memory.requestsPerSecond, 3) : 0,
      steady: { rate: STEADY_RATE, memoryP99Ms, redisP99Ms, addedP99Ms: round(redisP99Ms - memoryP99Ms, 2), commands: Math.min(steady[0].length, steady[1].length) },
      connections: CONNECTIONS,
      durationSeconds: seconds,
    };
  } finally {
    await stopSide(redis);
    await stopSide(memory);
  }
}
