import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../paths';
import { BARE_REPLY, type ChildMessage, type ChildMode, type ParentMessage } from './discord-child';
import { BenchGateway, BenchRest, interactionPayloadFactory, type CallbackSeen } from './discord-fakes';
import { percentile, round } from './stats';

/** One side of the Discord benchmark. */
export interface DiscordSideFigures {
  /** Interactions answered per second, from gateway dispatch to the REST callback. */
  interactionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Interactions answered during the measured window. */
  interactions: number;
  /** CPU time of the client's process per interaction, in ms (user + system). */
  cpuMsPerInteraction: number;
  /** Callbacks that were not an immediate answer (deferrals), and other REST calls: should be 0. */
  notImmediate: number;
}

export interface DiscordFigures {
  bot: DiscordSideFigures;
  bare: DiscordSideFigures;
  /**
   * With `{ diagnose: true }`: the bot handing back one answer computed once, so everything
   * the adapter does and nothing the core does; with `fixedRatio` (its throughput over the
   * bare client's), it tells the adapter's share of the gap from the core's.
   */
  fixedAnswer?: DiscordSideFigures;
  fixedRatio?: number;
  /** bot / bare interactions per second (target: at least 0.8). */
  ratio: number;
  /** Interactions kept in flight at every moment, on both sides. */
  concurrency: number;
  seconds: number;
}

/** The question the bot answers, with a real answer from the knowledge base. */
const QUESTION = 'outlook port';
/** Interactions kept outstanding: enough to keep the client busy, as a popular server would. */
const CONCURRENCY = 32;
/** Distinct users (each with their own conversation), cycled. */
const USERS = 1000;
/** Same V8 flags as `npm start`, for both sides. */
const NODE_FLAGS = ['--max-semi-space-size=4'];
/** The two sides take turns in slices this long, so that whatever else the machine does weighs on both alike. */
const SLICE_MS = 1000;

/**
 * Interactions per second from gateway dispatch (INTERACTION_CREATE on a fake gateway) to
 * REST callback (seen by a fake REST API), for the bot (the real Discord adapter answering
 * `/mailconfig question:"outlook port"` through the conversation service) and for a bare
 * discord.js client replying a constant, through the same fakes, under the same load: a
 * fixed number of interactions outstanding (each answer lets the next one in). Each client
 * runs in its own process; everything stays on 127.0.0.1. After a warm-up, the sides take
 * turns in one-second slices until each has been measured for `durationSeconds`. With
 * `diagnose`, a third side: the bot with a fixed answer (see `fixedAnswer`). Prints nothing.
 * BENCH_PROFILE_DIR=dir makes each client write a CPU profile there.
 */
export async function benchDiscord(durationSeconds: number, options: { diagnose?: boolean } = {}): Promise<DiscordFigures> {
  const bare = new Side('bare');
  const bot = new Side('bot');
  const fixed = options.diagnose ? new Side('fixed') : null;
  const sides = fixed ? [bare, bot, fixed] : [bare, bot];
  try {
    await Promise.all(sides.map((side) => side.start()));
    // Warm-up: JIT, caches, connections.
    const warmUpMs = Math.min(2000, Math.max(500, durationSeconds * 200));
    for (const side of sides) await side.run(warmUpMs, false);
    const slices = Math.max(1, Math.round((durationSeconds * 1000) / SLICE_MS));
    const sliceMs = (durationSeconds * 1000) / slices;
    for (let i = 0; i < slices; i++) {
      for (const side of i % 2 ? [...sides].reverse() : sides) await side.run(sliceMs, true);
    }
    const [botFigures, bareFigures] = [bot.figures(), bare.figures()];
    const figures: DiscordFigures = {
      bot: botFigures,
      bare: bareFigures,
      ratio: round(botFigures.interactionsPerSecond / bareFigures.interactionsPerSecond, 3),
      concurrency: CONCURRENCY,
      seconds: durationSeconds,
    };
    if (fixed) {
      figures.fixedAnswer = fixed.figures();
      figures.fixedRatio = round(figures.fixedAnswer.interactionsPerSecond / bareFigures.interactionsPerSecond, 3);
    }
    return figures;
  } finally {
    await Promise.all(sides.map((side) => side.stop()));
  }
}

/** One client under test, with its own fake gateway and REST API, and the load that drives it. */
class Side {
  private readonly build = interactionPayloadFactory(QUESTION);
  private readonly gateway = new BenchGateway();
  private readonly rest: BenchRest;
  private child: Child | null = null;
  private readonly sentAt = new Map<string, number>();
  private nextId = 1100000000000100000n;
  private running = false;
  private measuring = false;
  private checked = false;
  private failure: Error | null = null;
  private notImmediate = 0;
  private readonly latencies: number[] = [];
  private measuredMs = 0;
  private cpuMicros = 0;
  /** From the start of a measured run until its last answer: what its CPU time paid for. */
  private counting = false;
  private completedInMeasuredRuns = 0;
  private drained: (() => void) | null = null;

  constructor(private readonly mode: ChildMode) {
    this.rest = new BenchRest(() => this.gateway.url, (seen) => this.answered(seen));
  }

  async start(): Promise<void> {
    await Promise.all([this.gateway.start(), this.rest.start()]);
    const identified = this.gateway.identified();
    this.child = startChild(this.mode, this.rest.url);
    await Promise.race([Promise.all([this.child.ready, identified]), this.child.failed]);
  }

  /** Keeps CONCURRENCY interactions outstanding for `ms`, then lets those in flight finish. */
  async run(ms: number, measure: boolean): Promise<void> {
    const child = this.child!;
    const cpuBefore = measure ? await child.cpu() : null;
    this.running = true;
    this.measuring = measure;
    this.counting = measure;
    const started = performance.now();
    for (let i = 0; i < CONCURRENCY; i++) this.dispatch();
    await Promise.race([sleep(ms), child.failed]);
    this.running = false;
    this.measuring = false;
    if (measure) this.measuredMs += performance.now() - started;
    if (this.sentAt.size) {
      let timer: NodeJS.Timeout | undefined;
      const drained = new Promise<void>((resolve) => {
        this.drained = resolve;
        // A client that stopped answering must not hang the benchmark.
        timer = setTimeout(resolve, 10_000);
      });
      await Promise.race([drained, child.failed]);
      clearTimeout(timer);
      this.drained = null;
    }
    this.counting = false;
    if (cpuBefore) {
      const cpuAfter = await child.cpu();
      this.cpuMicros += cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system;
    }
    if (this.failure) throw this.failure;
  }

  figures(): DiscordSideFigures {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      interactionsPerSecond: Math.round(sorted.length / (this.measuredMs / 1000)),
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
      interactions: sorted.length,
      // The drain after each slice is included: its answers were paid for too.
      cpuMsPerInteraction: this.completedInMeasuredRuns ? round(this.cpuMicros / 1000 / this.completedInMeasuredRuns) : NaN,
      notImmediate: this.notImmediate + this.rest.otherCalls,
    };
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.child?.stop();
    await Promise.all([this.gateway.close(), this.rest.close()]);
  }

  private dispatch(): void {
    const id = String(this.nextId++);
    const user = String(1100000000000000000n + (this.nextId % BigInt(USERS)));
    this.sentAt.set(id, performance.now());
    this.gateway.dispatch((sequence) => this.build(id, user, sequence));
  }

  private answered(seen: CallbackSeen): void {
    const started = this.sentAt.get(seen.interactionId);
    if (started === undefined) return;
    this.sentAt.delete(seen.interactionId);
    if (seen.type !== 4) this.notImmediate++;
    if (!this.checked) {
      this.checked = true;
      // The answers must be real ones: the bot's settings for Outlook, or the bare constant.
      const ok = this.mode === 'bare' ? seen.body.includes(BARE_REPLY) : /993/.test(seen.body);
      if (!ok) this.failure = new Error(`the ${this.mode} client did not answer as expected: ${seen.body.slice(0, 300)}`);
    }
    if (this.measuring) this.latencies.push(performance.now() - started);
    if (this.counting) this.completedInMeasuredRuns++;
    if (this.running) this.dispatch();
    else if (!this.sentAt.size) this.drained?.();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Loads TypeScript sources in a child Node process (when the benchmark itself runs from
// sources, as under jest): each .ts file is transpiled on require, like ts-jest does.
const TS_LOADER = `
const ts = require(process.env.BENCH_TYPESCRIPT);
const fs = require('node:fs');
require.extensions['.ts'] = (module, file) => {
  const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(out.outputText, file);
};
require(process.env.BENCH_CHILD).run();
`;

interface Child {
  ready: Promise<void>;
  /** Rejects if the child fails or exits early; never resolves. */
  failed: Promise<never>;
  cpu(): Promise<{ user: number; system: number }>;
  stop(): Promise<void>;
}

/** Starts the client under test: the compiled child file, or the TypeScript one through the loader above. */
function startChild(mode: ChildMode, apiUrl: string): Child {
  const fromSources = path.extname(__filename) === '.ts';
  const file = path.join(__dirname, `discord-child${fromSources ? '.ts' : '.js'}`);
  // BENCH_PROFILE_DIR=dir: each client writes a CPU profile there (node --cpu-prof), to see where its time goes.
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`, `--cpu-prof-name=discord-${mode}.cpuprofile`] : [];
  const flags = [...NODE_FLAGS, ...profile];
  const args = fromSources ? [...flags, '-e', TS_LOADER] : [...flags, file];
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_MODE: mode, BENCH_API_URL: apiUrl, BENCH_CHILD: file };
  if (fromSources) env.BENCH_TYPESCRIPT = require.resolve('typescript', { paths: [PROJECT_ROOT] });
  const child: ChildProcess = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const failed = new Promise<never>((_, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'error') reject(new Error(`the ${mode} client failed: ${message.message}`));
    });
    void exit.then(() => reject(new Error(`the ${mode} client exited early: ${stderr}`)));
  });
  failed.catch(() => undefined);
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve();
    });
  });
  const ask = (message: ParentMessage) => child.send(message);
  return {
    ready,
    failed,
    cpu: () =>
      Promise.race([
        new Promise<{ user: number; system: number }>((resolve) => {
          const listener = (message: ChildMessage) => {
            if (message.type !== 'cpu') return;
            child.off('message', listener);
            resolve(message);
          };
          child.on('message', listener);
          ask({ type: 'cpu' });
        }),
        failed,
      ]),
    async stop() {
      if (exited) return;
      ask({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exit;
      clearTimeout(timer);
    },
  };
}
