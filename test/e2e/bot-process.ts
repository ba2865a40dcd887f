import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The bot as operators run it — `node bin/launch.js main`, i.e. `npm start` — with only the
 * given environment. Collects its JSON log lines and learns its HTTP port from them.
 */
export class BotProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  stdout = '';
  port?: number;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--max-semi-space-size=4', path.join(ROOT, 'bin', 'launch.js'), 'main'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', UNANSWERED_LOG_FILE: 'off', ...env },
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      const listening = /"port":(\d+)[^\n]*HTTP server listening/.exec(this.stderr);
      if (listening) this.port = Number(listening[1]);
    });
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once the HTTP server listens; rejects if the process exits first. */
  ready(timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not start:\n${this.stderr}`)), timeoutMs);
      const check = () => {
        if (this.port) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.child.stderr.on('data', check);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bot exited with ${code} before listening:\n${this.stderr}`));
      });
      check();
    });
  }

  exited(): Promise<number | null> {
    // Killed by a signal: the exit code stays null, and the exit event has already gone.
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Log lines as objects. */
  get logs(): Array<Record<string, unknown>> {
    return this.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
