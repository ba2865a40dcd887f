import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { snowflake } from './discord-ids';

/** Gateway opcodes used here (Discord API v10). */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;
/** Close code Discord uses for a rejected token. */
const AUTHENTICATION_FAILED = 4004;
/** Events kept per session for a client that resumes (Discord keeps a bounded backlog too). */
const BACKLOG = 1000;

export interface FakeGatewayOptions {
  token: string;
  appId: string;
  botUser: { id: string; username: string };
  /** Full guild objects sent as GUILD_CREATE after READY. */
  guilds: Array<Record<string, unknown> & { id: string }>;
  /** Short, so the client heartbeats (and gets ACKs) during a test. */
  heartbeatIntervalMs?: number;
  /** Sessions can be resumed (default); otherwise a RESUME is answered "invalid session". */
  resumable?: boolean;
}

interface Session {
  id: string;
  socket: WebSocket | null;
  sequence: number;
  /** Dispatched events, for replay on RESUME. */
  sent: Array<{ s: number; payload: string }>;
}

/**
 * A stand-in for Discord's gateway on 127.0.0.1, plain JSON without compression (what
 * discord.js asks for when zlib-sync is not installed): HELLO, IDENTIFY checked against the
 * token, heartbeats answered with ACKs, READY then GUILD_CREATE, then whatever the test
 * dispatches. It can drop connections as Discord and networks do (`drop(1006)`: the TCP
 * connection vanishes; `drop(4000)`: Discord's "unknown error" close), keeps each session's
 * events meanwhile, and replays them when the client resumes (RESUME, then RESUMED).
 */
export class FakeDiscordGateway {
  /** IDENTIFY payloads received (`d`), to check intents and compression. */
  readonly identifies: any[] = [];
  /** RESUME payloads received (`d`). */
  readonly resumes: any[] = [];
  /** Query strings of the connections (`v`, `encoding`, `compress`). */
  readonly connectionQueries: URLSearchParams[] = [];
  heartbeats = 0;
  /** The most sessions live at the same moment (identified or resumed, socket open): Discord must see one bot session. */
  mostLiveAtOnce = 0;
  private server: WebSocketServer | null = null;
  private readonly sockets = new Set<WebSocket>();
  private readonly sessions = new Map<string, Session>();
  private port = 0;

  constructor(private readonly options: FakeGatewayOptions) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server = server;
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    server.on('connection', (socket, request) => {
      this.sockets.add(socket);
      this.connectionQueries.push(new URL(request.url ?? '/', 'http://127.0.0.1').searchParams);
      socket.on('close', () => {
        this.sockets.delete(socket);
        for (const session of this.sessions.values()) if (session.socket === socket) session.socket = null;
      });
      socket.on('message', (data) => this.receive(socket, JSON.parse(data.toString())));
      this.send(socket, { op: OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 1000 }, s: null, t: null });
    });
  }

  /** True while a client is connected with a live session (identified or resumed). */
  get connected(): boolean {
    return this.liveSessions > 0;
  }

  /** Sessions with an open socket now. */
  get liveSessions(): number {
    return [...this.sessions.values()].filter((session) => session.socket !== null).length;
  }

  private countLive(): void {
    this.mostLiveAtOnce = Math.max(this.mostLiveAtOnce, this.liveSessions);
  }

  /**
   * Sends an event (INTERACTION_CREATE, MESSAGE_CREATE…) on every session: at once to a
   * connected client, or kept for when its client resumes.
   */
  dispatch(type: string, data: unknown): void {
    for (const session of this.sessions.values()) {
      const s = ++session.sequence;
      const payload = JSON.stringify({ op: OP.dispatch, t: type, s, d: data });
      session.sent.push({ s, payload });
      if (session.sent.length > BACKLOG) session.sent.shift();
      const socket = session.socket;
      if (socket && socket.readyState === socket.OPEN) socket.send(payload);
    }
  }

  /**
   * Drops every connection: 1006 cuts it without a close frame (as a network failure or a
   * crashed Discord node does); another code closes it with that code (4000: unknown error).
   */
  drop(code = 1006): void {
    for (const socket of this.sockets) {
      if (code === 1006) socket.terminate();
      else socket.close(code, 'Dropped by the test');
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(socket: WebSocket, payload: { op: number; d: any }): void {
    switch (payload.op) {
      case OP.heartbeat:
        this.heartbeats++;
        this.send(socket, { op: OP.heartbeatAck, d: null, s: null, t: null });
        return;
      case OP.identify:
        if (payload.d?.token !== this.options.token) {
          socket.close(AUTHENTICATION_FAILED, 'Authentication failed.');
          return;
        }
        this.identifies.push(payload.d);
        this.ready(socket);
        return;
      case OP.resume:
        this.resumes.push(payload.d);
        this.resume(socket, payload.d);
        return;
    }
  }

  private ready(socket: WebSocket): void {
    const { appId, botUser, guilds } = this.options;
    const session: Session = { id: snowflake(), socket, sequence: 0, sent: [] };
    this.sessions.set(session.id, session);
    this.countLive();
    this.send(socket, {
      op: OP.dispatch,
      t: 'READY',
      s: ++session.sequence,
      d: {
        v: 10,
        user: { id: botUser.id, username: botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
        guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: this.url,
        shard: [0, 1],
        application: { id: appId, flags: 0 },
      },
    });
    for (const guild of guilds) this.send(socket, { op: OP.dispatch, t: 'GUILD_CREATE', s: ++session.sequence, d: guild });
  }

  /** RESUME: the events the client missed since `seq`, then RESUMED; or "invalid session". */
  private resume(socket: WebSocket, d: { token?: string; session_id?: string; seq?: number }): void {
    const session = d.session_id ? this.sessions.get(d.session_id) : undefined;
    const resumable = (this.options.resumable ?? true) && session && d.token === this.options.token && session.socket === null;
    if (!resumable) {
      // The client must identify again.
      this.send(socket, { op: OP.invalidSession, d: false, s: null, t: null });
      return;
    }
    session.socket = socket;
    this.countLive();
    const since = d.seq ?? 0;
    for (const event of session.sent) if (event.s > since) socket.send(event.payload);
    this.send(socket, { op: OP.dispatch, t: 'RESUMED', s: ++session.sequence, d: {} });
  }

  private send(socket: WebSocket, payload: unknown): void {
    socket.send(JSON.stringify(payload));
  }
}
