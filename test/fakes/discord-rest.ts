import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snowflake } from './discord-ids';

/** One request the bot made, as the test asserts it (path without the /api/v10 prefix). */
export interface RestCall {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined. */
  body: any;
  authorization?: string;
}

export interface FakeRestOptions {
  token: string;
  appId: string;
  botUser: { id: string; username: string };
  /** The gateway address answered on GET /gateway/bot (the gateway may start later). */
  gatewayUrl: () => string;
}

interface Failure {
  match: (call: RestCall) => boolean;
  status: number;
}

const API_VERSION_PREFIX = /^\/api\/v\d+/;

/**
 * A stand-in for Discord's REST API on 127.0.0.1: it answers what discord.js needs
 * (GET /gateway/bot with the local gateway's ws:// address), records every call the bot
 * makes (interaction callbacks, webhook edits and follow-ups, channel messages, threads,
 * command registration) and can be told to fail a call, to test the apologies.
 */
export class FakeDiscordRest {
  readonly calls: RestCall[] = [];
  private readonly failures: Failure[] = [];
  private readonly waiters: Array<{ match: (call: RestCall) => boolean; resolve: (call: RestCall) => void }> = [];
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly options: FakeRestOptions) {}

  /** Base URL as DISCORD_API_URL expects it: no version, no trailing slash. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  /** The next matching call not yet seen (from now, or already recorded after `since`). */
  waitFor(match: (call: RestCall) => boolean, since = 0, timeoutMs = 4000): Promise<RestCall> {
    const found = this.calls.slice(since).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const seen = this.calls.slice(since).map((c) => `${c.method} ${c.path}`);
        reject(new Error(`no matching REST call within ${timeoutMs} ms; saw: ${seen.join(', ') || 'nothing'}`));
      }, timeoutMs);
      this.waiters.push({
        match,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      });
    });
  }

  /** Makes the next matching call fail with `status` and a Discord-style error body. */
  failNext(match: (call: RestCall) => boolean, status = 400): void {
    this.failures.push({ match, status });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const call: RestCall = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname.replace(API_VERSION_PREFIX, '')),
      query: url.searchParams,
      body: raw ? JSON.parse(raw) : undefined,
      authorization: req.headers.authorization,
    };
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
    const failure = this.failures.find((f) => f.match(call));
    if (failure) {
      this.failures.splice(this.failures.indexOf(failure), 1);
      return send(res, failure.status, { message: 'Injected failure', code: 50035 });
    }
    const [status, body] = this.route(call);
    send(res, status, body);
  }

  private route(call: RestCall): [number, unknown] {
    const { method, path, body } = call;
    const authorised = call.authorization === `Bot ${this.options.token}`;
    const unauthorised: [number, unknown] = [401, { message: '401: Unauthorized', code: 0 }];
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      if (!authorised) return unauthorised;
      return [200, { url: this.options.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14400000, max_concurrency: 1 } }];
    }
    if (method === 'GET' && path === '/users/@me') return authorised ? [200, this.botUser()] : unauthorised;
    // Interaction callbacks carry their own token (no Authorization header); Discord answers 204.
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return [204, undefined];
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path)) && method === 'PATCH') return [200, this.message(body)];
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path)) && method === 'POST') return [200, this.message(body)];
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      return authorised ? [200, this.message(body, m[1])] : unauthorised;
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') {
      return authorised ? [201, { id: snowflake(), type: 11, parent_id: m[1], name: body?.name, guild_id: undefined }] : unauthorised;
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path)) && method === 'PUT') {
      if (!authorised) return unauthorised;
      if (m[1] !== this.options.appId) return [404, { message: 'Unknown Application', code: 10002 }];
      const guildId = m[2];
      return [200, (body as any[]).map((command) => ({ ...command, id: snowflake(), application_id: m![1], guild_id: guildId, version: snowflake(), default_member_permissions: null, type: command.type ?? 1 }))];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  private botUser() {
    return { id: this.options.botUser.id, username: this.options.botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true };
  }

  /** A message as Discord returns it after creating or editing one. */
  private message(body: any, channelId = '0'): unknown {
    return {
      id: snowflake(),
      channel_id: channelId,
      type: body?.message_reference ? 19 : 0,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      flags: body?.flags ?? 0,
      author: this.botUser(),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      application_id: this.options.appId,
    };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
