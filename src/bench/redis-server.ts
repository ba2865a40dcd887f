import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

const INSTALL_HINT =
  'redis-server is not installed, and the Redis tests and benchmark need a real one: install it with `apt-get update && apt-get install -y redis-server` (Debian/Ubuntu; .ci/run does this by itself), or put redis-server on PATH.';

/** True when a redis-server can be started here. */
export function redisServerInstalled(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return !probe.error && probe.status === 0;
}

/** Fails (never skips) when redis-server is missing: a missing server must not pass as green. */
function requireRedisServer(): void {
  if (!redisServerInstalled()) throw new Error(INSTALL_HINT);
}

/** A free TCP port on the loopback interface (asked of the kernel, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A redis-server of the test file's (or the benchmark's) own, on 127.0.0.1 and a free port, persisting nothing
 * (`--save '' --appendonly no`, in a temporary directory), optionally with a password.
 * `stop()` and `start()` again on the same port make outages; `kill()` makes an abrupt one.
 */
export class RedisServer {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'mailconfig-redis-'));

  private constructor(
    readonly port: number,
    readonly password?: string,
  ) {}

  /** Starts a server and resolves once it answers PING. */
  static async start(options: { password?: string } = {}): Promise<RedisServer> {
    requireRedisServer();
    const server = new RedisServer(await freePort(), options.password);
    await server.start();
    return server;
  }

  /** The URL a client uses, with the password when there is one. */
  get url(): string {
    return this.password ? `redis://:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--loglevel', 'warning', '--daemonize', 'no'];
    if (this.password) args.push('--requirepass', this.password);
    const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited at start (code ${child.exitCode}): ${stderr.trim()}`);
      if (await this.answers()) return;
      await Promise.race([sleep(50), exited]);
    }
    await this.stop();
    throw new Error(`redis-server did not answer on port ${this.port} within 5 s: ${stderr.trim()}`);
  }

  /** True when the server answers PING now. */
  private async answers(): Promise<boolean> {
    const probe = new Redis({ host: '127.0.0.1', port: this.port, password: this.password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 500 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      // A probe that never connected has ended already; disconnecting it would leave a 2 s timer behind.
      if (probe.status !== 'end') probe.disconnect();
    }
  }

  /** Stops the server (SIGTERM, or SIGKILL for a crash) and resolves once it has exited. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  /** An abrupt outage: the process dies without closing connections cleanly. */
  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }

  /** A server that hangs without closing anything (SIGSTOP): commands get no answer until `resume()`. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** A plain client for looking inside (SCAN, PTTL); the caller disconnects it. */
  client(): Redis {
    return new Redis({ host: '127.0.0.1', port: this.port, password: this.password, maxRetriesPerRequest: 1 });
  }

  /** Stops the server and removes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
