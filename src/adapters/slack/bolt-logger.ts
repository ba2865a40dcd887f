import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../logger';
import { redact } from '../../core';

/**
 * The libraries' debug lines can carry raw payloads (Socket Mode logs each message received,
 * the Web API client its request bodies): everything goes through the bot's redaction, which
 * removes Slack tokens and whatever a user typed that looks like a password.
 */
function line(parts: unknown[]): string {
  return redact(
    parts.map((part) => (part instanceof Error ? `${part.name}: ${part.message}` : typeof part === 'string' ? part : String(part))).join(' '),
  );
}

function slackLevel(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/**
 * Bolt, the Web API client and Socket Mode log through the bot's pino logger, tagged
 * `component: slack`. LOG_LEVEL decides what is kept: the libraries cannot change it.
 */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack' });
  // Bolt logs at debug on every request: build the line only when it will be written.
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]) => {
    if (child.isLevelEnabled(level)) child[level](line(parts));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: () => undefined,
    getLevel: () => slackLevel(child.level),
    setName: () => undefined,
  };
}
