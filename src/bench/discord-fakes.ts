import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The Discord the benchmark talks to, on 127.0.0.1, kept as light as possible so that the
 * client under test, not the fake, is what is measured: a gateway that says HELLO, answers
 * IDENTIFY with READY and one GUILD_CREATE, acknowledges heartbeats and dispatches
 * interactions; and a REST API that answers GET /gateway/bot and takes interaction
 * callbacks (204), telling the benchmark which interaction each callback answers.
 */

export const BENCH = {
  token: 'bench-token.not-a-real-one',
  appId: '1100000000000000001',
  botId: '1100000000000000002',
  guildId: '1100000000000000003',
  channelId: '1100000000000000004',
} as const;

const OP = { dispatch: 0, heartbeat: 1, identify: 2, hello: 10, heartbeatAck: 11 } as const;

/** What distinguishes one fake server from another; the rest of GUILD_CREATE is the same everywhere. */
export interface GuildFields {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  channels: unknown[];
  members: unknown[];
}

/** A GUILD_CREATE payload as Discord sends it (the benchmark's and the tests' fake servers). */
export function guildCreate(fields: GuildFields) {
  return {
    id: fields.id,
    name: fields.name,
    icon: null,
    owner_id: fields.ownerId,
    preferred_locale: fields.preferredLocale,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    premium_tier: 0,
    system_channel_flags: 0,
    nsfw_level: 0,
    features: [],
    roles: [{ id: fields.id, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    channels: fields.channels,
    threads: [],
    members: fields.members,
    member_count: 2,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}

function guild() {
  return guildCreate({
    id: BENCH.guildId,
    name: 'Bench',
    ownerId: BENCH.botId,
    preferredLocale: 'en-US',
    channels: [{ id: BENCH.channelId, type: 0, name: 'help', guild_id: BENCH.guildId, position: 0, permission_overwrites: [], nsfw: false, parent_id: null }],
    members: [],
  });
}

/**
 * INTERACTION_CREATE for `/mailconfig question:<question>` from user `userId`, as Discord
 * sends it (a guild member, en-US), serialised ready to send: only id, token, user and
 * sequence change between two of them.
 */
export function interactionPayloadFactory(question: string): (id: string, userId: string, sequence: number) => string {
  const marker = { id: '@@ID@@', token: '@@TOKEN@@', user: '@@USER@@', sequence: '@@SEQ@@' };
  const data = {
    id: marker.id,
    application_id: BENCH.appId,
    type: 2,
    token: marker.token,
    version: 1,
    locale: 'en-US',
    guild_locale: 'en-US',
    guild_id: BENCH.guildId,
    channel_id: BENCH.channelId,
    channel: { id: BENCH.channelId, type: 0, name: 'help', guild_id: BENCH.guildId, position: 0, permission_overwrites: [], nsfw: false, parent_id: null },
    app_permissions: '2248473465835073',
    entitlements: [],
    authorizing_integration_owners: { 0: BENCH.guildId },
    context: 0,
    member: {
      user: { id: marker.user, username: 'bench-user', discriminator: '0', global_name: null, avatar: null },
      roles: [],
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: '2248473465835073',
    },
    data: { id: '1100000000000000005', name: 'mailconfig', type: 1, options: [{ name: 'question', type: 3, value: question }] },
  };
  const json = JSON.stringify({ op: OP.dispatch, t: 'INTERACTION_CREATE', s: 0, d: data }).replace('"s":0', `"s":${marker.sequence}`);
  // Alternating fixed text and markers, in order of appearance.
  const parts = json.split(/(@@(?:ID|TOKEN|USER|SEQ)@@)/);
  return (id, userId, sequence) => {
    const values: Record<string, string> = { [marker.id]: id, [marker.token]: `itoken-${id}`, [marker.user]: userId, [marker.sequence]: String(sequence) };
    let out = '';
    for (const part of parts) out += values[part] ?? part;
    return out;
  };
}

export class BenchGateway {
  private server: WebSocketServer | null = null;
  private socket: WebSocket | null = null;
  private sequence = 1;
  private onReady: (() => void) | null = null;
  url = '';

  async start(): Promise<void> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    this.server = server;
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    this.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (socket) => {
      socket.on('message', (raw) => {
        const payload = JSON.parse(raw.toString()) as { op: number };
        if (payload.op === OP.heartbeat) socket.send(JSON.stringify({ op: OP.heartbeatAck, d: null }));
        else if (payload.op === OP.identify) this.ready(socket);
      });
      socket.send(JSON.stringify({ op: OP.hello, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    });
  }

  /** Resolves once a client has identified (the next one, if one already has). */
  identified(): Promise<void> {
    return new Promise((resolve) => {
      this.onReady = resolve;
    });
  }

  /** Sends a dispatch built by `build(sequence)` to the connected client. */
  dispatch(build: (sequence: number) => string): void {
    this.socket?.send(build(++this.sequence));
  }

  async close(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private ready(socket: WebSocket): void {
    this.socket = socket;
    this.sequence = 1;
    const user = { id: BENCH.botId, username: 'bench-bot', discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0 };
    socket.send(
      JSON.stringify({
        op: OP.dispatch,
        t: 'READY',
        s: this.sequence,
        d: { v: 10, user, guilds: [{ id: BENCH.guildId, unavailable: true }], session_id: 'bench-session', resume_gateway_url: this.url, shard: [0, 1], application: { id: BENCH.appId, flags: 0 } },
      }),
    );
    socket.send(JSON.stringify({ op: OP.dispatch, t: 'GUILD_CREATE', s: ++this.sequence, d: guild() }));
    this.onReady?.();
    this.onReady = null;
  }
}

const CALLBACK = /^\/api\/v\d+\/interactions\/(\d+)\/[^/]+\/callback$/;

/** What the REST fake saw of one callback: the interaction it answers and the callback type. */
export interface CallbackSeen {
  interactionId: string;
  /** 4: a message, 5: deferred, 6/7: button updates, 8: autocomplete; NaN when unreadable. */
  type: number;
  body: string;
}

export class BenchRest {
  private server: Server | null = null;
  url = '';
  /** Anything but GET /gateway/bot and callbacks (follow-ups, edits…): a sign the client was not answering at once. */
  otherCalls = 0;

  constructor(
    private readonly gatewayUrl: () => string,
    private readonly onCallback: (seen: CallbackSeen) => void,
  ) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 60_000;
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && /^\/api\/v\d+\/gateway\/bot$/.test(path)) {
        const body = JSON.stringify({ url: this.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14400000, max_concurrency: 1 } });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      const callback = req.method === 'POST' ? CALLBACK.exec(path) : null;
      if (callback) {
        res.writeHead(204).end();
        const body = Buffer.concat(chunks).toString('utf8');
        const type = /"type":\s*(\d+)/.exec(body.slice(0, 40));
        this.onCallback({ interactionId: callback[1], type: type ? Number(type[1]) : NaN, body });
        return;
      }
      this.otherCalls++;
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"404: Not Found","code":0}');
    });
  }
}
