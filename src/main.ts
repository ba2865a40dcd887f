import { App } from './app';
import { ConfigError, loadConfig } from './config';
import { KnowledgeBaseError } from './knowledge/load';

/** A shutdown must end within 10 seconds whatever hangs: this is the last resort. */
const HARD_EXIT_MS = 9500;

/**
 * Start-up: config → knowledge base → bot → adapters. With no Slack or Discord token, the
 * console chat. Stops cleanly on SIGINT and SIGTERM. Only this file exits the process.
 */
export async function main(): Promise<number> {
  let app: App;
  try {
    app = new App(loadConfig(), { stdin: process.stdin, stdout: process.stdout });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KnowledgeBaseError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  // A stray rejection or exception is logged and counted; it never takes the bot down for everyone.
  process.on('unhandledRejection', (reason) => {
    app.metrics.errors.inc({ platform: 'process', kind: 'unhandled_rejection' });
    app.logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    app.metrics.errors.inc({ platform: 'process', kind: 'uncaught_exception' });
    app.logger.error({ err: error }, 'uncaught exception');
  });

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  const shutdown = (signal: string) => {
    app.logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(0), HARD_EXIT_MS).unref();
    void app.stop().then(() => resolveDone(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  try {
    await app.start();
  } catch (error) {
    process.stderr.write(`mailconfig-bot could not start: ${(error as Error).message}\n`);
    await app.stop();
    return 1;
  }
  // The console chat ends with its input, unless the HTTP server was asked for (PORT set).
  if (app.console && !app.config.portSet) {
    void app.console.finished.then(() => app.stop().then(() => resolveDone(0)));
  }
  return done;
}

/** Entry point (called by bin/launch.js, or when this file is run directly). */
export function run(): void {
  main().then(
    (code) => {
      process.exitCode = code;
      // Nothing left to do: do not wait for idle sockets or timers to let the process end.
      setImmediate(() => process.exit(code));
    },
    (error: unknown) => {
      process.stderr.write(`mailconfig-bot could not start: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) run();
