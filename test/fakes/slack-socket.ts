import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the app sent back over the socket: acknowledgements of envelopes. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, any>;
}

/**
 * A fake Socket Mode endpoint on 127.0.0.1: greets each connection with `hello` like Slack,
 * lets the test push envelopes (`events_api`, `slash_commands`, `interactive`) to the latest
 * connection or to a chosen one (Slack spreads events over an app's connections, up to 10:
 * one per replica), and records acks.
 */
export class FakeSlackSocket {
  readonly acks: SocketAck[] = [];
  private server?: WebSocketServer;
  private client?: WebSocket;
  /** Every connection still open, oldest first. */
  readonly clients: WebSocket[] = [];
  private waiters: Array<() => void> = [];
  private envelope = 0;

  async start(): Promise<void> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server = server;
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket) => {
      this.client = socket;
      this.clients.push(socket);
      socket.on('close', () => this.clients.splice(this.clients.indexOf(socket), 1));
      socket.on('message', (data) => {
        this.acks.push(JSON.parse(String(data)) as SocketAck);
        this.notify();
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A1' } }));
      this.notify();
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}/link`;
  }

  get connected(): boolean {
    return this.client?.readyState === 1;
  }

  /**
   * Sends an envelope as Slack would, to the latest connection or to `to`; resolves to its
   * envelope_id. `retryAttempt` marks Slack's redelivery of an envelope not acked in time.
   */
  send(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>, to = this.client, retryAttempt = 0): string {
    if (!to) throw new Error('no Socket Mode client connected');
    const envelopeId = `env-${++this.envelope}`;
    const retry_reason = retryAttempt ? 'timeout' : '';
    to.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: retryAttempt, retry_reason }));
    return envelopeId;
  }

  /** The ack of one envelope, once it has arrived. */
  async ackOf(envelopeId: string, ms = 4000): Promise<SocketAck> {
    const found = () => this.acks.find((a) => a.envelope_id === envelopeId);
    const deadline = Date.now() + ms;
    while (!found()) {
      if (Date.now() > deadline) throw new Error(`no ack for ${envelopeId}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return found()!;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const socket of server.clients) socket.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
