import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { snowflake } from './discord-ids';

/** Gateway opcodes used here (Discord API v10). */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;
/** Close code Discord uses for a rejected token. */
const AUTHENTICATION_FAILED = 4004;

export interface FakeGatewayOptions {
  token: string;
  appId: string;
  botUser: { id: string; username: string };
  /** Full guild objects sent as GUILD_CREATE after READY. */
  guilds: Array<Record<string, unknown> & { id: string }>;
  /** Short, so the client heartbeats (and gets ACKs) during a test. */
  heartbeatIntervalMs?: number;
}

/**
 * A stand-in for Discord's gateway on 127.0.0.1, plain JSON without compression (what
 * discord.js asks for when zlib-sync is not installed): HELLO, IDENTIFY checked against the
 * token, heartbeats answered with ACKs, READY then GUILD_CREATE, then whatever the test dispatches.
 */
export class FakeDiscordGateway {
  /** IDENTIFY payloads received (`d`), to check intents and compression. */
  readonly identifies: any[] = [];
  /** Query strings of the connections (`v`, `encoding`, `compress`). */
  readonly connectionQueries: URLSearchParams[] = [];
  heartbeats = 0;
  private server: WebSocketServer | null = null;
  private readonly sockets = new Set<WebSocket>();
  private sequence = 0;
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
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.receive(socket, JSON.parse(data.toString())));
      this.send(socket, { op: OP.hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 1000 }, s: null, t: null });
    });
  }

  /** True while a client is connected and identified. */
  get connected(): boolean {
    return this.sockets.size > 0 && this.identifies.length > 0;
  }

  /** Sends an event (INTERACTION_CREATE, MESSAGE_CREATE…) to every connected client. */
  dispatch(type: string, data: unknown): void {
    for (const socket of this.sockets) this.send(socket, { op: OP.dispatch, t: type, s: ++this.sequence, d: data });
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
        // No sessions are kept: the client must identify again.
        this.send(socket, { op: OP.invalidSession, d: false, s: null, t: null });
        return;
    }
  }

  private ready(socket: WebSocket): void {
    const { appId, botUser, guilds } = this.options;
    this.send(socket, {
      op: OP.dispatch,
      t: 'READY',
      s: ++this.sequence,
      d: {
        v: 10,
        user: { id: botUser.id, username: botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
        guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: snowflake(),
        resume_gateway_url: this.url,
        shard: [0, 1],
        application: { id: appId, flags: 0 },
      },
    });
    for (const guild of guilds) this.send(socket, { op: OP.dispatch, t: 'GUILD_CREATE', s: ++this.sequence, d: guild });
  }

  private send(socket: WebSocket, payload: unknown): void {
    socket.send(JSON.stringify(payload));
  }
}
