import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { isLang, type Lang } from './core/types';
import { DEFAULT_KNOWLEDGE_FILE } from './knowledge/load';
import { PROJECT_ROOT } from './paths';

/** Everything the bot reads from its environment, validated once at start-up. */
export interface Config {
  defaultLang: Lang;
  knowledgeBaseFile: string;
  minConfidence: number;
  maxInputChars: number;
  contextTtlMs: number;
  contextMaxEntries: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** A setting that cannot be used; `problems` name each variable and how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The process environment, with `.env` (if present in the working directory or the project)
 * filling in what is not already set: real environment variables always win.
 */
export function readEnvironment(processEnv: Env = process.env, cwd = process.cwd()): Env {
  const candidates = [path.join(cwd, '.env'), path.join(PROJECT_ROOT, '.env')];
  const file = candidates.find((f) => existsSync(f));
  const fromFile = file ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...processEnv };
}

/** Reads variables one by one, collecting every problem instead of stopping at the first. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or empty. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  number(name: string, fallback: number, min: number, max: number, hint: string): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}="${value}" is not valid: ${hint} (between ${min} and ${max}; default ${fallback}).`);
      return fallback;
    }
    return parsed;
  }

  integer(name: string, fallback: number, min: number, max: number, hint: string): number {
    const value = this.number(name, fallback, min, max, hint);
    if (!Number.isInteger(value)) {
      this.problems.push(`${name}="${this.raw(name)}" must be a whole number: ${hint}.`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase() as T;
    if (!allowed.includes(lower)) {
      this.problems.push(`${name}="${value}" is not valid: use one of ${allowed.join(', ')} (default ${fallback}).`);
      return fallback;
    }
    return lower;
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
  const config: Config = {
    defaultLang: isLang(lang) ? lang : 'fr',
    knowledgeBaseFile,
    minConfidence: read.number('MIN_CONFIDENCE', 0.5, 0, 1, 'how sure the bot must be before answering'),
    maxInputChars: read.integer('MAX_INPUT_CHARS', 2000, 50, 100000, 'the longest message the bot reads'),
    contextTtlMs: read.integer('CONTEXT_TTL_SECONDS', 1800, 10, 7 * 24 * 3600, 'how long a conversation is remembered, in seconds') * 1000,
    contextMaxEntries: read.integer('CONTEXT_MAX_CONVERSATIONS', 10000, 10, 10_000_000, 'how many conversations are remembered at most'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  };
  if (read.problems.length) throw new ConfigError(read.problems);
  return config;
}
