import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/** One Web API call as the fake received it (JSON-encoded form fields such as `blocks` decoded). */
export interface ApiCall {
  method: string;
  args: Record<string, any>;
  /** The bearer token it was sent with. */
  token?: string;
  at: number;
  /** The fault this call was answered with, if one was injected. */
  fault?: Fault['kind'];
}

/**
 * A platform failure the fake can produce instead of an answer: HTTP 429 with Retry-After,
 * an HTTP error status, an answer slower than the client's time-out, or a reset connection.
 */
export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'reset' };

/** An injected fault: for calls of `method` (matching `when`), the next `times` of them. */
export interface FaultRule {
  method: string;
  fault: Fault;
  /** How many calls get the fault (Infinity: until cleared). */
  times: number;
  when?: (args: Record<string, any>) => boolean;
}

/** The pseudo-method name under which POSTs to an `upload_url` are recorded (and can be faulted). */
export const UPLOAD_METHOD = 'upload_url';

/** The bytes POSTed to an `upload_url`. */
export interface UploadedBytes {
  fileId: string;
  filename?: string;
  content: Buffer;
  token?: string;
}

/** A file as the user would see it: its bytes, and where `files.completeUploadExternal` shared it. */
export interface SharedFile {
  id: string;
  filename: string;
  title?: string;
  content: Buffer;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
}

/** One POST to a response_url. */
export interface ResponseUrlPost {
  id: string;
  body: Record<string, any>;
}

export interface FakeSlackUser {
  locale?: string;
  name?: string;
}

/** What the fake answers; tests change these fields before (or between) requests. */
export interface FakeSlackBehaviour {
  botToken: string;
  appToken?: string;
  /** Identity returned by auth.test. */
  bot: { userId: string; botId: string; teamId: string };
  users: Record<string, FakeSlackUser>;
  /** Returned by apps.connections.open. */
  socketUrl?: string;
  /** Answer the next call of these methods with HTTP 429 and this Retry-After (seconds). */
  rateLimitOnce: Map<string, number>;
  /** Answer the next call of these methods with `{ ok: false, error }`. */
  failOnce: Map<string, string>;
  /** Answer calls of these methods only after this many milliseconds (a slow Slack). */
  delayMs: Map<string, number>;
}

type Waiter = { test: () => boolean; resolve: () => void };

/**
 * A fake Slack Web API on 127.0.0.1: records every call (auth.test, chat.postMessage,
 * chat.postEphemeral, chat.update, views.publish, users.info, apps.connections.open,
 * conversations.open, files.getUploadURLExternal, files.completeUploadExternal), every POST to
 * its response_url endpoint (`/hooks/<id>`) and to the upload URLs it hands out (`/upload/<id>`),
 * and answers like Slack does, or with the faults a test injects.
 */
export class FakeSlackWebApi {
  readonly calls: ApiCall[] = [];
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  readonly uploads: UploadedBytes[] = [];
  readonly faults: FaultRule[] = [];
  /** Files announced by files.getUploadURLExternal, by id. */
  private readonly pendingFiles = new Map<string, { filename: string; length: number }>();
  private fileCounter = 0;
  readonly behaviour: FakeSlackBehaviour = {
    botToken: 'xoxb-test-bot-token',
    appToken: 'xapp-test-app-token',
    bot: { userId: 'UBOT', botId: 'BBOT', teamId: 'T1' },
    users: {},
    rateLimitOnce: new Map(),
    failOnce: new Map(),
    delayMs: new Map(),
  };
  private server?: Server;
  private port = 0;
  private ts = 1700000000;
  private waiters: Waiter[] = [];

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  /** The Web API base URL, as SLACK_API_URL would give it (ends with a slash). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/hooks/${id}`;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `test` holds (checked after every recorded request); rejects after `ms`. */
  until(test: () => boolean, ms = 4000, what = 'the expected Slack call'): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
      const waiter: Waiter = { test, resolve: () => (done(), resolve()) };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(', ')}`));
      }, ms);
      // Also checked now and then: a test may wait for something besides a request (a log line).
      const poll = setInterval(() => {
        if (test()) waiter.resolve();
      }, 20);
      this.waiters.push(waiter);
    });
  }

  /** The `n`-th call (from 1) to `method`, once it has arrived. */
  async nth(method: string, n = 1, ms = 4000): Promise<ApiCall> {
    await this.until(() => this.callsTo(method).length >= n, ms, `${method} #${n}`);
    return this.callsTo(method)[n - 1];
  }

  async nthResponse(n = 1): Promise<ResponseUrlPost> {
    await this.until(() => this.responseUrlPosts.length >= n, 4000, `response_url post #${n}`);
    return this.responseUrlPosts[n - 1];
  }

  /** Makes the next `times` calls of `method` (those matching `when`) fail with `fault`. */
  inject(method: string, fault: Fault, options: { times?: number; when?: (args: Record<string, any>) => boolean } = {}): void {
    this.faults.push({ method, fault, times: options.times ?? 1, when: options.when });
  }

  /** Files shared by files.completeUploadExternal, with the bytes POSTed for them. */
  sharedFiles(): SharedFile[] {
    return this.callsTo('files.completeUploadExternal')
      .filter((c) => !c.fault)
      .flatMap((c) =>
        (c.args.files as Array<{ id: string; title?: string }>).map((f) => ({
          id: f.id,
          filename: this.pendingFiles.get(f.id)?.filename ?? '',
          title: f.title,
          content: this.uploads.find((u) => u.fileId === f.id)?.content ?? Buffer.alloc(0),
          channel: c.args.channel_id as string | undefined,
          threadTs: c.args.thread_ts as string | undefined,
          initialComment: c.args.initial_comment as string | undefined,
        })),
      );
  }

  /** The `n`-th shared file (from 1), once files.completeUploadExternal has been answered. */
  async nthFile(n = 1, ms = 4000): Promise<SharedFile> {
    await this.until(() => this.sharedFiles().length >= n, ms, `shared file #${n}`);
    return this.sharedFiles()[n - 1];
  }

  reset(): void {
    this.calls.length = 0;
    this.responseUrlPosts.length = 0;
    this.uploads.length = 0;
    this.faults.length = 0;
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }

  /** The first injected fault for this call, used up by one. */
  private takeFault(method: string, args: Record<string, any>): Fault | undefined {
    const rule = this.faults.find((f) => f.method === method && f.times > 0 && (!f.when || f.when(args)));
    if (!rule) return undefined;
    rule.times--;
    return rule.fault;
  }

  /** Answers with the fault; false for a slow answer, which then goes on normally. */
  private async applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'rate_limited':
        res.writeHead(429, { 'retry-after': String(fault.retryAfterSeconds) }).end();
        return true;
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('upstream failure');
        return true;
      case 'reset':
        // No answer at all: the client sees the connection reset.
        req.socket.destroy();
        return true;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return false;
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const raw = body.toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/hooks/')) {
      this.responseUrlPosts.push({ id: path.slice('/hooks/'.length), body: JSON.parse(raw) as Record<string, any> });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      this.notify();
      return;
    }
    if (path.startsWith('/upload/')) return this.handleUpload(path.slice('/upload/'.length), req, res, body);
    if (!path.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = path.slice('/api/'.length);
    const args = decodeArgs(req.headers['content-type'], raw);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    const fault = this.takeFault(method, args);
    const call: ApiCall = { method, args, token, at: Date.now(), fault: fault?.kind };
    this.calls.push(call);
    if (fault && (await this.applyFault(fault, req, res))) {
      this.notify();
      return;
    }
    this.notify();
    const retryAfter = this.behaviour.rateLimitOnce.get(method);
    if (retryAfter !== undefined) {
      this.behaviour.rateLimitOnce.delete(method);
      res.writeHead(429, { 'retry-after': String(retryAfter) }).end();
      this.notify();
      return;
    }
    const delay = this.behaviour.delayMs.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const failure = this.behaviour.failOnce.get(method);
    if (failure) this.behaviour.failOnce.delete(method);
    const answer = failure ? { ok: false, error: failure } : this.answer(method, args, token);
    // The client may have given up on a slow answer.
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    this.notify();
  }

  /** The bytes of a file, POSTed (multipart, as the Web API client sends them) to an upload URL. */
  private async handleUpload(fileId: string, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const fault = this.takeFault(UPLOAD_METHOD, { fileId });
    this.calls.push({ method: UPLOAD_METHOD, args: { fileId }, token, at: Date.now(), fault: fault?.kind });
    if (fault && (await this.applyFault(fault, req, res))) {
      this.notify();
      return;
    }
    if (!this.pendingFiles.has(fileId)) {
      res.writeHead(404).end();
      this.notify();
      return;
    }
    let content = body;
    let filename: string | undefined;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(body, { headers: { 'content-type': type } }).formData();
      const file = [...form.values()].find((v) => typeof v !== 'string');
      if (file && typeof file !== 'string') {
        content = Buffer.from(await file.arrayBuffer());
        filename = file.name;
      }
    }
    this.uploads.push({ fileId, filename, content, token });
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${content.length}`);
    this.notify();
  }

  private answer(method: string, args: Record<string, any>, token: string | undefined): Record<string, unknown> {
    const b = this.behaviour;
    if (method === 'apps.connections.open') {
      if (token !== b.appToken) return { ok: false, error: 'invalid_auth' };
      return b.socketUrl ? { ok: true, url: b.socketUrl } : { ok: false, error: 'socket_mode_not_enabled' };
    }
    if (token !== b.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'mailconfig', team_id: b.bot.teamId, user_id: b.bot.userId, bot_id: b.bot.botId };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `${++this.ts}.000100`, message: { text: args.text, blocks: args.blocks } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'views.publish':
        return { ok: true, view: { id: 'V1', ...(args.view as object) } };
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users || users.includes(',')) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, channel: { id: `D${users.replace(/^U/, '')}` } };
      }
      case 'files.getUploadURLExternal': {
        if (!args.filename || !Number(args.length)) return { ok: false, error: 'invalid_arguments' };
        const fileId = `F${String(++this.fileCounter).padStart(6, '0')}`;
        this.pendingFiles.set(fileId, { filename: String(args.filename), length: Number(args.length) });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files ?? []) as Array<{ id: string; title?: string }>;
        const missing = files.find((f) => !this.uploads.some((u) => u.fileId === f.id));
        if (!files.length || missing) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, name: this.pendingFiles.get(f.id)?.filename })) };
      }
      case 'users.info': {
        const user = b.users[args.user as string];
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id: args.user, name: user.name ?? 'someone', real_name: user.name, locale: args.include_locale ? user.locale : undefined } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The Web API client sends forms whose nested values (blocks, view) are JSON strings. */
function decodeArgs(contentType: string | undefined, raw: string): Record<string, any> {
  if ((contentType ?? '').includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, any>) : {};
  const form = parseQuery(raw) as Record<string, any>;
  for (const key of ['blocks', 'view', 'attachments', 'files']) {
    if (typeof form[key] === 'string') form[key] = JSON.parse(form[key] as string);
  }
  for (const key of ['include_locale', 'unfurl_links', 'unfurl_media']) {
    if (form[key] === 'true' || form[key] === 'false') form[key] = form[key] === 'true';
  }
  return form;
}
