import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino blanks out in every log line, whatever the caller passes: tokens and secrets.
 * Explicit paths only: wildcard paths made every log line four times slower (about 19 µs
 * instead of 5), and the bot never logs objects that nest secrets deeper than these.
 */
const REDACTED_PATHS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'password', 'authorization', 'secret',
  'headers.authorization', 'req.headers.authorization', 'err.config.headers.authorization',
  'config.slack.botToken', 'config.slack.appToken', 'config.slack.signingSecret', 'config.discord.token',
];

/** Structured JSON logs on standard error (standard output belongs to the console chat and `ask`). */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: { service: 'mailconfig-bot' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream,
  );
}

/** A logger that drops everything (tests, tools). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
