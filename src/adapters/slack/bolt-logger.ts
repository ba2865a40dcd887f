import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../logger';

/** Slack tokens, should a library ever put one in a message. */
const TOKEN = /\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+/g;

function line(parts: unknown[]): string {
  return parts
    .map((part) => (part instanceof Error ? `${part.name}: ${part.message}` : typeof part === 'string' ? part : String(part)))
    .join(' ')
    .replace(TOKEN, '[redacted]');
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
