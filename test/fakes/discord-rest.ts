import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { snowflake } from './discord-ids';
import { messageLimitViolations } from './discord-limits';

/** A file the bot attached (multipart/form-data part `files[n]`). */
export interface RecordedFile {
  /** Form field name, `files[0]`… */
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

/** One request the bot made, as the test asserts it (path without the /api/v10 prefix). */
export interface RestCall {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (or the `payload_json` part of a multipart body), or undefined. */
  body: any;
  /** Attached files, when the body was multipart/form-data. */
  files: RecordedFile[];
  /** `application/json`, `multipart/form-data`… (without parameters). */
  contentType?: string;
  authorization?: string;
  /** The status answered (undefined when the connection was reset or held without an answer). */
  status?: number;
  /** The injected fault this call met, if any. */
  fault?: Fault['kind'];
  /** What Discord would have refused in the body (limits), already answered with a 400. */
  violations: string[];
}

/**
 * A fault the fake can inject on matching calls, as Discord and the network produce them:
 * - `status`: an error status with a Discord-style body (400, 500, 502…);
 * - `rateLimit`: 429 with `Retry-After` and the `X-RateLimit-*` headers of a per-route limit,
 *   or of the global limit (`global: true`);
 * - `slow`: the call is carried out, but the answer comes after `delayMs` (past the client's time-out);
 * - `stall`: the call is held without being carried out, and the connection closed after `delayMs`;
 * - `reset`: the connection is reset (TCP RST) before any answer, the call not carried out.
 */
export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'rateLimit'; retryAfterSeconds: number; global?: boolean }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'stall'; delayMs: number }
  | { kind: 'reset' };

export interface FakeRestOptions {
  token: string;
  appId: string;
  botUser: { id: string; username: string };
  /** The gateway address answered on GET /gateway/bot (the gateway may start later). */
  gatewayUrl: () => string;
}

interface Injected {
  match: (call: RestCall) => boolean;
  fault: Fault;
  times: number;
}

const API_VERSION_PREFIX = /^\/api\/v\d+/;
/** Discord's default upload limit (bytes of a request's files) and its file count limit. */
const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 10;
const CALLBACK_PATH = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

export const isCallback = (call: RestCall) => call.method === 'POST' && CALLBACK_PATH.test(call.path);
/** Calls that create or change a message (what `allowed_mentions` and the limits apply to). */
export const sendsMessage = (call: RestCall) =>
  (isCallback(call) && call.body?.data && call.body.type !== 8) ||
  (/^\/webhooks\//.test(call.path) && (call.method === 'POST' || call.method === 'PATCH')) ||
  (/^\/channels\/\d+\/messages$/.test(call.path) && call.method === 'POST');
/** The message body of such a call (callbacks carry it in `data`). */
export const messageBody = (call: RestCall) => (isCallback(call) ? call.body?.data : call.body);
export const succeeded = (call: RestCall) => call.status !== undefined && call.status >= 200 && call.status < 300;

/**
 * A stand-in for Discord's REST API on 127.0.0.1: it answers what discord.js needs
 * (GET /gateway/bot with the local gateway's ws:// address), records every call the bot
 * makes (interaction callbacks, webhook edits and follow-ups, channel messages, threads,
 * command registration), JSON or multipart with files, refuses what Discord refuses (message
 * limits, a second callback for one interaction, too many or too large files), and injects
 * faults per route: rate limits, server errors, slow answers, stalls and reset connections.
 */
export class FakeDiscordRest {
  readonly calls: RestCall[] = [];
  /** Channel messages actually created (a retry with an enforced nonce creates none). */
  readonly created: Array<{ channelId: string; id: string; body: any }> = [];
  private readonly injected: Injected[] = [];
  private readonly waiters: Array<{ match: (call: RestCall) => boolean; resolve: (call: RestCall) => void }> = [];
  /** Interactions already answered: Discord refuses a second callback (code 40060). */
  private readonly acknowledged = new Set<string>();
  /** Nonces of channel messages sent with `enforce_nonce`: a retry returns the first message. */
  private readonly nonces = new Map<string, unknown>();
  private readonly held = new Set<ServerResponse>();
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
    for (const res of this.held) res.destroy();
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
        const seen = this.calls.slice(since).map((c) => `${c.method} ${c.path} ${c.status ?? c.fault}`);
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
    this.inject(match, { kind: 'status', status });
  }

  /** Makes the next `times` matching calls meet `fault`. */
  inject(match: (call: RestCall) => boolean, fault: Fault, times = 1): void {
    this.injected.push({ match, fault, times });
  }

  /** Faults injected but not met yet. */
  get pendingFaults(): number {
    return this.injected.reduce((sum, i) => sum + i.times, 0);
  }

  private takeFault(call: RestCall): Fault | undefined {
    const found = this.injected.find((i) => i.match(call));
    if (!found) return undefined;
    if (--found.times <= 0) this.injected.splice(this.injected.indexOf(found), 1);
    return found.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const contentType = req.headers['content-type']?.split(';')[0].trim();
    const call: RestCall = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname.replace(API_VERSION_PREFIX, '')),
      query: url.searchParams,
      body: undefined,
      files: [],
      contentType,
      authorization: req.headers.authorization,
      violations: [],
    };
    if (contentType === 'multipart/form-data') {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type']! } }).formData();
      for (const [field, value] of form.entries()) {
        if (field === 'payload_json') call.body = JSON.parse(String(value));
        else if (typeof value !== 'string') call.files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
      }
    } else if (raw.length) {
      call.body = JSON.parse(raw.toString('utf8'));
    }

    const fault = this.takeFault(call);
    if (fault?.kind === 'reset') {
      this.record(call, undefined, 'reset');
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'stall') {
      this.record(call, undefined, 'stall');
      this.held.add(res);
      setTimeout(() => {
        this.held.delete(res);
        res.destroy();
      }, fault.delayMs);
      return;
    }
    if (fault?.kind === 'status') {
      this.record(call, fault.status, 'status');
      return send(res, fault.status, fault.status >= 500 ? { message: `${fault.status}: Injected server error`, code: 0 } : { message: 'Injected failure', code: 50035 });
    }
    if (fault?.kind === 'rateLimit') {
      this.record(call, 429, 'rateLimit');
      return sendRateLimit(res, call, fault.retryAfterSeconds, Boolean(fault.global));
    }

    const [status, body] = this.route(call);
    this.record(call, status, fault?.kind);
    if (fault?.kind === 'slow') {
      this.held.add(res);
      setTimeout(() => {
        this.held.delete(res);
        if (!res.destroyed) send(res, status, body);
      }, fault.delayMs);
      return;
    }
    send(res, status, body);
  }

  private record(call: RestCall, status: number | undefined, fault: Fault['kind'] | undefined): void {
    call.status = status;
    if (fault) call.fault = fault;
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
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

    const refused = this.refusal(call);
    if (refused) return refused;
    // Interaction callbacks carry their own token (no Authorization header); Discord answers 204, once.
    if (method === 'POST' && (m = CALLBACK_PATH.exec(path))) {
      if (this.acknowledged.has(m[1])) return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
      this.acknowledged.add(m[1]);
      return [204, undefined];
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      if (method === 'PATCH') return [200, this.message(call)];
      if (method === 'DELETE') return [204, undefined];
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path)) && method === 'POST') return [200, this.message(call)];
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (!authorised) return unauthorised;
      const key = body?.enforce_nonce && body.nonce !== undefined ? `${m[1]}:${body.nonce}` : null;
      // Discord: the same nonce again within a few minutes returns the message already created.
      if (key && this.nonces.has(key)) return [200, this.nonces.get(key)];
      const created = this.message(call, m[1]) as { id: string };
      this.created.push({ channelId: m[1], id: created.id, body });
      if (key) this.nonces.set(key, created);
      return [200, created];
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

  /** What Discord refuses in a message: over its limits, too many or too large files. */
  private refusal(call: RestCall): [number, unknown] | null {
    if (!sendsMessage(call)) return null;
    const size = call.files.reduce((sum, f) => sum + f.data.length, 0);
    if (size > UPLOAD_LIMIT_BYTES) {
      call.violations.push(`files: ${size} bytes`);
      return [413, { message: 'Request entity too large', code: 40005 }];
    }
    call.violations.push(...messageLimitViolations(messageBody(call) ?? {}));
    if (call.files.length > MAX_FILES) call.violations.push(`files: ${call.files.length} > ${MAX_FILES}`);
    return call.violations.length ? [400, { message: 'Invalid Form Body', code: 50035, errors: call.violations }] : null;
  }

  private botUser() {
    return { id: this.options.botUser.id, username: this.options.botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true };
  }

  /** A message as Discord returns it after creating or editing one. */
  private message(call: RestCall, channelId = '0'): unknown {
    const body = call.body;
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
      attachments: call.files.map((file) => {
        const id = snowflake();
        return { id, filename: file.name, size: file.data.length, content_type: file.contentType, url: `${this.url}/attachments/${id}/${encodeURIComponent(file.name)}`, proxy_url: `${this.url}/attachments/${id}` };
      }),
      pinned: false,
      application_id: this.options.appId,
    };
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A 429 as Discord sends it: whole seconds in `Retry-After`, the precise wait in the body. */
function sendRateLimit(res: ServerResponse, call: RestCall, seconds: number, global: boolean): void {
  const headers: Record<string, string> = { 'Retry-After': String(Math.ceil(seconds)) };
  if (global) {
    headers['X-RateLimit-Global'] = 'true';
    headers['X-RateLimit-Scope'] = 'global';
  } else {
    Object.assign(headers, {
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': ((Date.now() + seconds * 1000) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': seconds.toFixed(3),
      // One bucket per route, as Discord names them (an opaque hash).
      'X-RateLimit-Bucket': Buffer.from(`${call.method} ${call.path.replace(/\d{17,19}/g, ':id')}`).toString('hex').slice(0, 32),
      'X-RateLimit-Scope': 'user',
    });
  }
  send(res, 429, { message: 'You are being rate limited.', retry_after: seconds, global }, headers);
}
