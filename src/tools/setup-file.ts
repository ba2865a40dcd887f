import type { Writable } from 'node:stream';
import { ConfigError, loadConfig, readEnvironment, type Env } from '../config';
import { readSigningMaterial, SigningConfigError } from '../config/signing';
import { createSetupFile, isSetupFormat, SETUP_FORMATS, SetupFileError, type SetupFormat } from '../core';
import { isLang, type Lang } from '../domain';
import { KnowledgeBaseError, loadKnowledgeBase } from '../knowledge/load';

const USAGE = `usage: npm run setup-file -- --format thunderbird|outlook|apple [--email ADDRESS] [--lang fr|en]

Writes a setup file to standard output:
  thunderbird   autoconfig config-v1.1.xml (without --email: the %EMAILDOMAIN% placeholder form)
  outlook       autodiscover response (needs --email)
  apple         .mobileconfig profile (needs --email; signed when MOBILECONFIG_SIGNING_CERT
                and MOBILECONFIG_SIGNING_KEY name a PEM certificate and key)

options:
  --lang fr|en  language of the Apple profile's name and description (default en)
  -h, --help    show this help`;

interface Options {
  format: SetupFormat;
  email: string | null;
  lang: Lang;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options | 'help' {
  let format: string | undefined;
  let email: string | null = null;
  let lang: Lang = 'en';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || (inline === undefined && next.startsWith('--'))) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--format') format = value().toLowerCase();
    else if (flag === '--email') email = value();
    else if (flag === '--lang') {
      const asked = value().toLowerCase();
      if (!isLang(asked)) throw new UsageError(`--lang must be fr or en, not "${asked}".`);
      lang = asked;
    } else if (flag === '--') continue;
    else throw new UsageError(`unexpected argument ${JSON.stringify(arg)}.`);
  }
  if (format === undefined) throw new UsageError('--format is required.');
  if (!isSetupFormat(format)) throw new UsageError(`--format must be one of ${SETUP_FORMATS.join(', ')}, not "${format}".`);
  if (email === null && format !== 'thunderbird') throw new UsageError(`--format ${format} needs --email.`);
  return { format, email, lang };
}

interface Io {
  argv: readonly string[];
  env: Env;
  stdout: Writable;
  stderr: Writable;
}

/** The `setup-file` command; returns the exit status (2 for a usage mistake, 1 when the configuration is wrong). */
export function runSetupFile(io: Io): number {
  let options: Options | 'help';
  try {
    options = parseArgs(io.argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`setup-file: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const kb = loadKnowledgeBase(loadConfig(io.env).knowledgeBaseFile);
    const signing = options.format === 'apple' ? readSigningMaterial(io.env) : undefined;
    const file = createSetupFile(kb, options.format, options.email, { lang: options.lang, signing });
    io.stdout.write(file.body);
    return 0;
  } catch (error) {
    if (error instanceof SetupFileError) {
      const usage = error.code === 'invalid_address' || error.code === 'missing_address';
      io.stderr.write(`setup-file: --email: ${error.message}.\n${usage ? `\n${USAGE}\n` : ''}`);
      return usage ? 2 : 1;
    }
    if (error instanceof ConfigError || error instanceof KnowledgeBaseError || error instanceof SigningConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Entry point (called by bin/launch.js, or when this file is run directly). */
export function run(): void {
  try {
    process.exitCode = runSetupFile({ argv: process.argv.slice(2), env: readEnvironment(), stdout: process.stdout, stderr: process.stderr });
  } catch (error) {
    process.stderr.write(`setup-file: unexpected error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) run();
