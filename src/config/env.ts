import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { PROJECT_ROOT } from '../paths';

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

  flag(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}="${this.raw(name)}" is not valid: use true or false (default ${fallback}).`);
    return fallback;
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
