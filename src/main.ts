import type { Adapter } from './adapters/adapter';
import { ConsoleAdapter } from './adapters/console/console-adapter';
import { ConfigError, loadConfig } from './config';
import { createBot } from './create-bot';
import { KnowledgeBaseError } from './knowledge/load';

/**
 * Start-up: config → knowledge base → bot → adapters. With no Slack or Discord token, the
 * console chat. Stops cleanly on SIGINT and SIGTERM. Only this file exits the process.
 */
export async function main(): Promise<number> {
  let config;
  let bot;
  try {
    config = loadConfig();
    bot = createBot(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KnowledgeBaseError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  const consoleChat = new ConsoleAdapter(bot, { input: process.stdin, output: process.stdout, defaultLang: config.defaultLang });
  const adapters: Adapter[] = [consoleChat];
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled(adapters.map((a) => a.stop()));
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  for (const adapter of adapters) await adapter.start();
  await consoleChat.finished;
  await stop();
  return 0;
}

/** Entry point (called by bin/launch.js, or when this file is run directly). */
export function run(): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mailconfig-bot could not start: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) run();
