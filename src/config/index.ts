import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SigningMaterial } from '../core';
import type { DiagnosticsConfig } from '../diagnostics/settings';
import { isLang, type Lang } from '../domain';
import { DEFAULT_KNOWLEDGE_FILE } from '../knowledge/load';
import { redisUrlProblem, type RedisSettings } from '../state/redis-url';
import { diagnosticsWarnings, readDiagnosticsSettings } from './diagnostics';
import { EnvReader, readEnvironment, type Env } from './env';

export { EnvReader, readEnvironment, type Env } from './env';

/** Slack connection: HTTP mode (signing secret) or Socket Mode (app-level token). */
export interface SlackConfig {
  botToken: string;
  mode: 'http' | 'socket';
  signingSecret?: string;
  appToken?: string;
  /** Web API base URL, ending with a slash (default https://slack.com/api/). */
  apiUrl?: string;
  /** Channel ID or name where "Talk to a human" posts cases; no button without it. */
  supportChannel?: string;
}

export interface DiscordConfig {
  token: string;
  appId: string;
  /** REST base URL without the version (discord.js appends it), e.g. http://127.0.0.1:8080/api. */
  apiUrl?: string;
  /** Register commands to this guild only (instant), instead of globally. */
  guildId?: string;
  /** Channel where "Talk to a human" posts cases; no button without it. */
  supportChannelId?: string;
  /** The application's Ed25519 public key (64 hex digits): interactions are then also taken over HTTP, at POST /discord/interactions. */
  publicKey?: string;
}

/** The web chat (widget, /chat page and its JSON API); absent when WEBCHAT_ENABLED=false. */
export interface WebChatConfig {
  /**
   * Origins (scheme://host[:port]) of the sites allowed to call the API from a browser, besides
   * the bot's own /chat page; `'*'` allows any site.
   */
  allowedOrigins: readonly string[] | '*';
  /**
   * How many reverse proxies in front of the bot append to X-Forwarded-For (TRUST_PROXY; 0: the
   * header is ignored and the client address is the connection's).
   */
  trustProxyHops: number;
  /**
   * API requests one client address may make per window, whatever its sessions (each session's
   * messages are limited by RATE_LIMIT_MESSAGES like any user's).
   */
  perAddress: { limit: number; windowMs: number };
}

/** Everything the bot reads from its environment, validated once at start-up. */
export interface Config {
  defaultLang: Lang;
  knowledgeBaseFile: string;
  minConfidence: number;
  maxInputChars: number;
  contextTtlMs: number;
  contextMaxEntries: number;
  /** How many identical-question answers are remembered (0: none). */
  answerCacheSize: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** True when LOG_LEVEL was set explicitly (the console chat is otherwise quiet). */
  logLevelSet: boolean;
  /** HTTP port of the bot's one server (Slack events, health, setup files). */
  port: number;
  /** True when PORT was set explicitly: the HTTP server then runs even with no platform configured. */
  portSet: boolean;
  slack?: SlackConfig;
  discord?: DiscordConfig;
  /** Per-user limit: at most `messages` per `windowMs`. */
  rateLimit: { messages: number; windowMs: number };
  /** JSON Lines file where unanswered questions go (redacted); undefined when turned off. */
  unansweredLogFile?: string;
  /** Log the (redacted) text of each message. */
  logMessageText: boolean;
  /** How long a shutdown waits for messages in flight before disconnecting. */
  shutdownTimeoutMs: number;
  /** Settings that do not stop start-up but deserve a look (unknown variables); main logs them. */
  warnings: string[];
  /** Certificate and key that sign Apple profiles; unsigned profiles without. */
  profileSigning?: SigningMaterial;
  webChat?: WebChatConfig;
  /** The domain check (DNS, ports, certificates): on/off, where probes may go, extra CA, resolvers. */
  diagnostics: DiagnosticsConfig;
  /** Shared state for several replicas; in-process memory without it. The URL may hold a password: never log it as is. */
  redis?: RedisSettings;
}

/** A setting that cannot be used; `problems` name each variable and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Validates the environment into a `Config`; throws a `ConfigError` listing every bad variable. */
export function loadConfig(env: Env = readEnvironment()): Config {
  const read = new EnvReader(env);
  const lang = read.raw('DEFAULT_LANG')?.toLowerCase() ?? 'fr';
  if (!isLang(lang)) read.problems.push(`DEFAULT_LANG="${read.raw('DEFAULT_LANG')}" is not valid: use fr or en.`);
  const knowledgeBaseFile = path.resolve(read.string('KNOWLEDGE_BASE_FILE', DEFAULT_KNOWLEDGE_FILE));
  if (!existsSync(knowledgeBaseFile)) {
    read.problems.push(`KNOWLEDGE_BASE_FILE="${knowledgeBaseFile}" does not exist: point it to a JSON knowledge base, or unset it to use knowledge/default.json.`);
  }
  const diagnostics = readDiagnosticsSettings(read);
  const config: Config = {
    defaultLang: isLang(lang) ? lang : 'fr',
    knowledgeBaseFile,
    minConfidence: read.number('MIN_CONFIDENCE', 0.5, 0, 1, 'how sure the bot must be before answering'),
    maxInputChars: read.integer('MAX_INPUT_CHARS', 2000, 50, 100000, 'the longest message the bot reads'),
    contextTtlMs: read.integer('CONTEXT_TTL_SECONDS', 1800, 10, 7 * 24 * 3600, 'how long a conversation is remembered, in seconds') * 1000,
    contextMaxEntries: read.integer('CONTEXT_MAX_CONVERSATIONS', 10000, 10, 10_000_000, 'how many conversations are remembered at most'),
    answerCacheSize: read.integer('ANSWER_CACHE_SIZE', 2000, 0, 1_000_000, 'how many answers to identical questions are remembered (0 turns it off)'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    logLevelSet: read.raw('LOG_LEVEL') !== undefined,
    port: read.integer('PORT', 3000, 0, 65535, 'the TCP port of the HTTP server'),
    portSet: read.raw('PORT') !== undefined,
    slack: readSlack(read),
    discord: readDiscord(read),
    rateLimit: {
      messages: read.integer('RATE_LIMIT_MESSAGES', 10, 1, 10_000, 'how many messages one user may send per window'),
      windowMs: read.integer('RATE_LIMIT_WINDOW_SECONDS', 30, 1, 3600, 'the rate-limit window, in seconds') * 1000,
    },
    unansweredLogFile: readUnansweredLog(read),
    logMessageText: read.flag('LOG_MESSAGE_TEXT', false),
    warnings: [...unknownVariables(env), ...diagnosticsWarnings(diagnostics)],
    profileSigning: readProfileSigning(env, read),
    redis: readRedis(read),
    shutdownTimeoutMs: read.number('SHUTDOWN_TIMEOUT_SECONDS', 8, 0.1, 9, 'how long a shutdown waits for messages in flight, in seconds (the bot exits within 10 s)') * 1000,
    diagnostics,
  };
  config.webChat = readWebChat(read, config.rateLimit);
  if (read.problems.length) throw new ConfigError(read.problems);
  return config;
}

const SLACK_TOKEN = /^xox[bp]-[A-Za-z0-9-]+$/;

/** A base URL for an API, normalised to end with a slash; a problem is recorded when it is not http(s). */
function readApiUrl(read: EnvReader, name: string, example: string): string | undefined {
  const value = read.raw(name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    read.problems.push(`${name}="${value}" is not a URL: give the API base, e.g. ${example}.`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    read.problems.push(`${name}="${value}" must start with http:// or https://, e.g. ${example}.`);
    return undefined;
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function readSlack(read: EnvReader): SlackConfig | undefined {
  const botToken = read.raw('SLACK_BOT_TOKEN');
  const signingSecret = read.raw('SLACK_SIGNING_SECRET');
  const appToken = read.raw('SLACK_APP_TOKEN');
  const apiUrl = readApiUrl(read, 'SLACK_API_URL', 'https://slack.com/api/');
  const supportChannel = read.raw('SLACK_SUPPORT_CHANNEL');
  if (!botToken) {
    if (signingSecret) read.problems.push('SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is missing: set SLACK_BOT_TOKEN (xoxb-…) from the Slack app\'s OAuth & Permissions page, or unset SLACK_SIGNING_SECRET.');
    if (appToken) read.problems.push('SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is missing: set SLACK_BOT_TOKEN (xoxb-…) from the Slack app\'s OAuth & Permissions page, or unset SLACK_APP_TOKEN.');
    if (supportChannel) read.problems.push('SLACK_SUPPORT_CHANNEL is set but Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN), or unset SLACK_SUPPORT_CHANNEL.');
    return undefined;
  }
  if (!SLACK_TOKEN.test(botToken)) read.problems.push('SLACK_BOT_TOKEN does not look like a Slack bot token: it starts with "xoxb-" (OAuth & Permissions › Bot User OAuth Token).');
  if (appToken && !appToken.startsWith('xapp-')) read.problems.push('SLACK_APP_TOKEN does not look like an app-level token: it starts with "xapp-" (Basic Information › App-Level Tokens, scope connections:write).');
  if (!signingSecret && !appToken) {
    read.problems.push('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them (Basic Information › App Credentials › Signing Secret, or App-Level Tokens).');
    return undefined;
  }
  if (signingSecret && appToken) {
    read.problems.push('Both SLACK_SIGNING_SECRET and SLACK_APP_TOKEN are set: keep SLACK_SIGNING_SECRET for HTTP mode (requests to /slack/events) or SLACK_APP_TOKEN for Socket Mode, not both.');
  }
  return {
    botToken,
    mode: appToken && !signingSecret ? 'socket' : 'http',
    signingSecret,
    appToken,
    apiUrl,
    supportChannel,
  };
}

function readDiscord(read: EnvReader): DiscordConfig | undefined {
  const token = read.raw('DISCORD_TOKEN');
  const appId = read.raw('DISCORD_APP_ID');
  const apiUrl = readApiUrl(read, 'DISCORD_API_URL', 'http://127.0.0.1:8080/api');
  const guildId = read.raw('DISCORD_GUILD_ID');
  const supportChannelId = read.raw('DISCORD_SUPPORT_CHANNEL_ID');
  const publicKey = read.raw('DISCORD_PUBLIC_KEY');
  if (publicKey !== undefined && !/^[0-9a-f]{64}$/i.test(publicKey)) {
    read.problems.push('DISCORD_PUBLIC_KEY is not a Discord public key: copy it from the Developer Portal › your app › General Information › Public Key (64 hexadecimal digits).');
  }
  const snowflake = (name: string, value: string | undefined) => {
    if (value !== undefined && !/^\d{5,25}$/.test(value)) read.problems.push(`${name}="${value}" is not a Discord ID: copy it with Developer Mode › Copy ID (digits only).`);
  };
  snowflake('DISCORD_APP_ID', appId);
  snowflake('DISCORD_GUILD_ID', guildId);
  snowflake('DISCORD_SUPPORT_CHANNEL_ID', supportChannelId);
  if (!token && !appId) {
    for (const name of ['DISCORD_GUILD_ID', 'DISCORD_SUPPORT_CHANNEL_ID', 'DISCORD_PUBLIC_KEY'] as const) {
      if (read.raw(name)) read.problems.push(`${name} is set but Discord is not configured: set DISCORD_TOKEN and DISCORD_APP_ID, or unset ${name}.`);
    }
    return undefined;
  }
  if (!token) {
    read.problems.push('DISCORD_APP_ID is set but DISCORD_TOKEN is missing: set DISCORD_TOKEN (Developer Portal › your app › Bot › Reset Token).');
    return undefined;
  }
  if (!appId) {
    read.problems.push('DISCORD_TOKEN is set but DISCORD_APP_ID is missing: set DISCORD_APP_ID (Developer Portal › your app › General Information › Application ID).');
    return undefined;
  }
  return { token, appId, apiUrl: apiUrl?.replace(/\/$/, ''), guildId, supportChannelId, publicKey: publicKey?.toLowerCase() };
}

/** Every variable the bot reads; anything else with one of our prefixes is a typo to report. */
export const KNOWN_VARIABLES = [
  'DEFAULT_LANG', 'KNOWLEDGE_BASE_FILE', 'MIN_CONFIDENCE', 'MAX_INPUT_CHARS', 'CONTEXT_TTL_SECONDS',
  'CONTEXT_MAX_CONVERSATIONS', 'ANSWER_CACHE_SIZE', 'LOG_LEVEL', 'LOG_MESSAGE_TEXT', 'PORT', 'RATE_LIMIT_MESSAGES',
  'RATE_LIMIT_WINDOW_SECONDS', 'UNANSWERED_LOG_FILE', 'SHUTDOWN_TIMEOUT_SECONDS', 'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'SLACK_SUPPORT_CHANNEL', 'DISCORD_TOKEN',
  'DISCORD_APP_ID', 'DISCORD_API_URL', 'DISCORD_GUILD_ID', 'DISCORD_SUPPORT_CHANNEL_ID', 'DISCORD_PUBLIC_KEY',
  'MOBILECONFIG_SIGNING_CERT', 'MOBILECONFIG_SIGNING_KEY', 'MOBILECONFIG_SIGNING_CHAIN',
  'WEBCHAT_ENABLED', 'WEBCHAT_ALLOWED_ORIGINS', 'TRUST_PROXY',
  'DIAGNOSTICS_ENABLED', 'DIAGNOSTICS_ALLOWED_NETWORKS', 'DIAGNOSTICS_ALLOW_LOOPBACK', 'DIAGNOSTICS_CA_FILE', 'DNS_SERVERS',
  'REDIS_URL', 'REDIS_PREFIX',
] as const;

// REDIS_ is not one of ours to police: Kubernetes and docker links set REDIS_PORT, REDIS_SERVICE_HOST… for a service named redis.
const OUR_PREFIXES = /^(SLACK_|DISCORD_|MAILCONFIG_|MOBILECONFIG_|RATE_LIMIT_|CONTEXT_|UNANSWERED_|KNOWLEDGE_|ANSWER_|WEBCHAT_|DIAGNOSTICS_)/;

/** Variables with one of our prefixes that the bot does not read: probably a typo, reported at start-up. */
function unknownVariables(env: Env): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env)) {
    if (!OUR_PREFIXES.test(name) || (KNOWN_VARIABLES as readonly string[]).includes(name)) continue;
    const close = KNOWN_VARIABLES.find((known) => known.split('_')[0] === name.split('_')[0] && Math.abs(known.length - name.length) <= 3);
    warnings.push(`${name} is not a setting of this bot and is ignored${close ? ` (did you mean ${close}?)` : ''}: remove it or fix its name (see .env.example).`);
  }
  return warnings;
}

function readWebChat(read: EnvReader, rateLimit: Config['rateLimit']): WebChatConfig | undefined {
  const enabled = read.flag('WEBCHAT_ENABLED', true);
  const trustProxyHops = readTrustProxy(read);
  const allowedOrigins = readAllowedOrigins(read);
  if (!enabled) return undefined;
  // Several people may share an address (an office behind one NAT): a few sessions' worth.
  return { allowedOrigins, trustProxyHops, perAddress: { limit: rateLimit.messages * 6, windowMs: rateLimit.windowMs } };
}

function readAllowedOrigins(read: EnvReader): WebChatConfig['allowedOrigins'] {
  const list = read.raw('WEBCHAT_ALLOWED_ORIGINS');
  if (list === undefined) return [];
  if (list === '*') return '*';
  const origins: string[] = [];
  for (const item of list.split(/[\s,]+/).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    // An origin is scheme, host and port only: a path here is almost always a pasted page address.
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
      read.problems.push(`WEBCHAT_ALLOWED_ORIGINS: "${item}" is not a site origin: give scheme and host only, e.g. https://www.example.com (comma-separated; * for any site).`);
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

/** TRUST_PROXY: false/0 (default), true (one proxy) or the number of proxies in front of the bot. */
function readTrustProxy(read: EnvReader): number {
  const value = read.raw('TRUST_PROXY')?.toLowerCase();
  if (value === undefined || value === 'false' || value === 'no' || value === 'off') return 0;
  if (value === 'true' || value === 'yes' || value === 'on') return 1;
  return read.integer('TRUST_PROXY', 0, 0, 10, 'how many reverse proxies in front of the bot add to X-Forwarded-For (true means 1, false 0)');
}

function readRedis(read: EnvReader): Config['redis'] {
  const url = read.raw('REDIS_URL');
  const prefix = read.raw('REDIS_PREFIX');
  if (prefix !== undefined && !/^[A-Za-z0-9:._-]{1,64}$/.test(prefix)) {
    read.problems.push(`REDIS_PREFIX="${prefix}" is not valid: use up to 64 letters, digits and : . _ - (default mailconfig:).`);
  }
  if (url === undefined) {
    if (prefix !== undefined) read.problems.push('REDIS_PREFIX is set but REDIS_URL is not: set REDIS_URL (redis://[user:password@]host[:port][/db]) or unset REDIS_PREFIX.');
    return undefined;
  }
  const problem = redisUrlProblem(url);
  if (problem) {
    read.problems.push(`REDIS_URL ${problem}.`);
    return undefined;
  }
  return { url, prefix: prefix ?? 'mailconfig:' };
}

function readUnansweredLog(read: EnvReader): string | undefined {
  const value = read.raw('UNANSWERED_LOG_FILE');
  if (value && ['off', 'none', 'false', '0'].includes(value.toLowerCase())) return undefined;
  return path.resolve(value ?? path.join('data', 'unanswered.jsonl'));
}

/** Signing files are read and checked now, so a wrong path or key fails at start-up, not on the first download. */
function readProfileSigning(env: Env, read: EnvReader): SigningMaterial | undefined {
  if (!Object.keys(env).some((name) => name.startsWith('MOBILECONFIG_SIGNING_') && env[name]?.trim())) return undefined;
  // Loaded only when signing is configured: checking the material loads the whole core and its CMS library.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const signing = require('./signing') as typeof import('./signing');
  try {
    return signing.readSigningMaterial(env);
  } catch (error) {
    if (!(error instanceof signing.SigningConfigError)) throw error;
    read.problems.push(...error.problems);
    return undefined;
  }
}
