import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The bot's one HTTP server: Slack events, health, metrics and setup files are routes on it.
 * Routes match method and exact path (the query string is ignored for matching).
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server?: Server;
  /** Set once the server stops taking connections; resolves when the last one has ended. */
  private closed?: Promise<void>;

  constructor(private readonly logger: Logger) {}

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** Paths that have at least one route (for 405 answers). */
  private knownPath(path: string): boolean {
    for (const key of this.routes.keys()) if (key.slice(key.indexOf(' ') + 1) === path) return true;
    return false;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    // Stopping: this request is answered, and its connection then closes, so the client's next one goes to another replica.
    if (this.closed) res.setHeader('connection', 'close');
    const handler = this.routes.get(`${req.method ?? 'GET'} ${path}`);
    if (!handler) {
      const status = this.knownPath(path) ? 405 : 404;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(status === 404 ? 'not found\n' : 'method not allowed\n');
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      this.logger.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    }
  }

  /** Starts listening (port 0 picks a free port); resolves to the port actually used. */
  listen(port: number, host?: string): Promise<number> {
    const server = createServer((req, res) => void this.dispatch(req, res));
    this.server = server;
    // Slack and load balancers keep connections alive; bound how long an idle one is held.
    server.keepAliveTimeout = 65_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  /**
   * The first step of a rolling restart: no new connections (a load balancer or Slack then
   * reaches another replica), idle ones closed, and requests already on their way still
   * answered, each closing its connection afterwards. Nothing is refused half-way.
   */
  stopAccepting(): void {
    const server = this.server;
    if (!server || this.closed) return;
    this.closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
  }

  /** Stops accepting connections and closes idle ones; resolves when every request has finished. */
  close(): Promise<void> {
    this.stopAccepting();
    this.server?.closeIdleConnections();
    return this.closed ?? Promise.resolve();
  }

  get listening(): boolean {
    return Boolean(this.server?.listening);
  }
}

/** Reads a request body, refusing more than `limit` bytes (the caller answers 413). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve('too_large');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
