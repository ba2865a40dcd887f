import { slackSignature } from '../adapters/slack/builders';
import { RedisServer } from '../helpers/redis-server';
import { BotProcess } from './bot-process';

export const SIGNING_SECRET = 'replicas-signing-secret-0123456789';
// A password with characters that need escaping in a URL: it must never reach a log.
export const REDIS_PASSWORD = 'r3dis:pa55@word';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, checking every 50 ms; fails after `ms` with `what`. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 10_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export interface Health {
  status: string;
  adapters: Record<string, boolean>;
  state?: string;
}

/** GET /healthz of a replica. */
export async function health(replica: BotProcess): Promise<Health> {
  return (await (await fetch(`${replica.base}/healthz`)).json()) as Health;
}

/**
 * Several copies of the bot as operators run them (`npm start`, environment variables), all
 * given the same REDIS_URL to one real redis-server of the test's own (with a password), and
 * whatever platform settings `env` adds.
 */
export class Replicas {
  readonly running: BotProcess[] = [];

  private constructor(
    readonly redis: RedisServer,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<Replicas> {
    return new Replicas(await RedisServer.start({ password: REDIS_PASSWORD }), env);
  }

  /** Starts one more replica and resolves once its HTTP server listens. */
  async add(extra: Record<string, string> = {}): Promise<BotProcess> {
    const replica = new BotProcess({ REDIS_URL: this.redis.url, PORT: '0', LOG_LEVEL: 'info', ...this.env, ...extra });
    this.running.push(replica);
    await replica.ready(30_000);
    return replica;
  }

  /** Kills every replica still running, and the redis-server. */
  async close(): Promise<void> {
    for (const replica of this.running) if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGKILL');
    await Promise.all(this.running.map((replica) => replica.exited()));
    await this.redis.dispose();
  }
}

/** Slack's headers for a body, signed now; `retry` adds the X-Slack-Retry-Num of Slack's redeliveries. */
export function slackHeaders(body: string, retry = 0): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
  };
  if (retry) Object.assign(headers, { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_error' });
  return headers;
}

/** Posts a signed body to one replica's /slack/events. */
export function postSlack(replica: BotProcess, body: string, retry = 0): Promise<Response> {
  return fetch(`${replica.base}/slack/events`, { method: 'POST', headers: slackHeaders(body, retry), body });
}

/**
 * What Slack and a load balancer do together: send to the first replica; when it cannot take
 * the request (refused connection, reset, 5xx), send it again to the next with Slack's retry
 * header. Resolves to the answer that was taken, and who took it.
 */
export async function deliverSlack(order: BotProcess[], body: string): Promise<{ response: Response; by: BotProcess; attempts: number }> {
  let attempts = 0;
  for (let round = 0; round < 3; round++) {
    for (const replica of order) {
      attempts++;
      try {
        const response = await postSlack(replica, body, attempts - 1);
        if (response.status < 500) return { response, by: replica, attempts };
        await response.body?.cancel();
      } catch {
        // Not reachable (stopping, or gone): the next replica.
      }
    }
    await sleep(200);
  }
  throw new Error(`no replica took the request after ${attempts} attempts`);
}
