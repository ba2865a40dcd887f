import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import autocannon from 'autocannon';
import { createSlackAdapter } from '../adapters/slack';
import { loadConfig } from '../config';
import { createBot } from '../create-bot';
import { HttpServer } from '../http/server';
import { createLogger } from '../logger';
import { Metrics } from '../ops/metrics';
import { ConversationService, RateLimiter } from '../service';
import { median, round } from './stats';
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

/** The bot as `npm start` wires it for Slack in HTTP mode, with a rate limit that never interferes. */
async function startBot(api: BenchSlackApi): Promise<Target> {
  const config = loadConfig({ LOG_LEVEL: 'info', UNANSWERED_LOG_FILE: 'off' });
  const logger = createLogger('info', nullStream());
  const bot = createBot(config);
  const limits = new RateLimiter({ limit: Number.MAX_SAFE_INTEGER, windowMs: 1000, maxUsers: 1000 });
  const service = new ConversationService({ bot, logger, metrics: new Metrics(false), limits });
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
    trigger_id: '1.2.3',
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
  };
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

async function load(target: Target, request: { body: string; headers: Record<string, string> }, seconds: number): Promise<Run> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    connections: CONNECTIONS,
    duration: seconds,
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

/** Measured rounds alternate between the sides, so that whatever else the machine does weighs on both alike. */
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
