import type { Writable } from 'node:stream';
import { ConfigError, loadConfig, readEnvironment, type Env } from '../config';
import { isLang, type Lang } from '../domain';
import { checkSentence, createDiagnostics, diagnosticsReply, parseTarget, type CheckDomainDeps, type TargetProblem } from '../diagnostics';
import { Translations } from '../i18n';
import { KnowledgeBaseError, loadKnowledgeBase } from '../knowledge/load';
import { exitWith, readCommandLine, UsageError } from '../lib/command-line';
import { createLogger } from '../logger';

const USAGE = `usage: npm run diagnose -- ADDRESS-OR-DOMAIN [--json] [--lang fr|en]

Checks a customer's domain as the chat does: MX records, the mail host's addresses,
autoconfig/autodiscover names and SRV records, then each mail port of the knowledge base
(TCP, TLS, certificate, greeting, SMTP AUTH). No credentials are ever sent.

  ADDRESS-OR-DOMAIN  alice@example.com or example.com (IP addresses, URLs and ports are refused)
  --json             print {"domain","checks":[{"id","status","detail"}]}
  --lang fr|en       language of the sentences (default: DEFAULT_LANG)
  -h, --help         show this help

Exit status: 0 whatever the check finds, 2 on a usage error, 1 when the configuration is
wrong or domain checks are turned off (DIAGNOSTICS_ENABLED=false).`;

const TARGET_PROBLEMS: Record<TargetProblem, string> = {
  empty: 'an address or a domain to check is required',
  ip_address: 'is an IP address: give an email address or a domain; IP addresses are never checked',
  url: 'is a URL: give an email address or just the domain (example.com)',
  port: 'names a port: give just the domain; the ports come from the knowledge base',
  reserved_name: 'is a private or reserved name, not a domain on the internet',
  not_a_domain: 'is not a domain: give an email address (alice@example.com) or a domain (example.com)',
};

interface Options {
  target: string;
  json: boolean;
  lang?: Lang;
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  const words: string[] = [];
  let json = false;
  let lang: Lang | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return 'help';
    else if (arg === '--json') json = true;
    else if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = (arg.includes('=') ? arg.slice(7) : (argv[++i] ?? '')).toLowerCase();
      if (!isLang(value)) throw new UsageError(`--lang must be fr or en, not "${value}".`);
      lang = value;
    } else if (arg === '--') continue;
    else if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg}.`);
    else words.push(arg);
  }
  if (words.length > 1) throw new UsageError('give one address or domain.');
  const target = words[0] ?? '';
  const parsed = parseTarget(target);
  if (!parsed.ok) throw new UsageError(parsed.problem === 'empty' ? `${TARGET_PROBLEMS.empty}.` : `"${target}" ${TARGET_PROBLEMS[parsed.problem]}.`);
  return { target, json, lang };
}

export interface DiagnoseIo {
  argv: readonly string[];
  env: Env;
  stdout: Writable;
  stderr: Writable;
}

/** The `diagnose` command; resolves to the exit status. `deps` lets tests shorten the time-outs. */
export async function runDiagnose(io: DiagnoseIo, deps: Partial<CheckDomainDeps> = {}): Promise<number> {
  const options = readCommandLine(io, 'diagnose', USAGE, parseArgs);
  if (typeof options === 'number') return options;
  let config;
  let kb;
  try {
    config = loadConfig(io.env);
    kb = loadKnowledgeBase(config.knowledgeBaseFile);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KnowledgeBaseError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!config.diagnostics.enabled) {
    io.stderr.write('diagnose: domain checks are turned off (DIAGNOSTICS_ENABLED=false); unset it or set it to true.\n');
    return 1;
  }
  for (const warning of config.warnings) io.stderr.write(`warning: ${warning}\n`);
  const logger = createLogger(config.logLevelSet ? config.logLevel : 'warn', io.stderr);
  const service = createDiagnostics(config.diagnostics, kb, logger, { deps });
  const lang = options.lang ?? config.defaultLang;
  const t = new Translations().forLang(lang);
  const outcome = await service.check({ user: 'cli', target: options.target });
  if (outcome.kind !== 'report') {
    io.stderr.write(`diagnose: ${diagnosticsReply(outcome, t, lang).paragraphs.join(' ')}\n`);
    return 1;
  }
  const { report } = outcome;
  if (options.json) {
    const checks = report.checks.map((check) => ({ id: check.id, status: check.status, detail: checkSentence(check, report, t) }));
    io.stdout.write(`${JSON.stringify({ domain: report.domain, checks })}\n`);
  } else {
    const reply = diagnosticsReply(outcome, t, lang);
    io.stdout.write(`${[reply.title, ...reply.paragraphs, '', ...(reply.checks ?? []).map((c) => c.text)].join('\n')}\n`);
  }
  return 0;
}

/** Entry point (called by bin/launch.js, or when this file is run directly). */
export function run(): void {
  exitWith('diagnose', runDiagnose({ argv: process.argv.slice(2), env: readEnvironment(), stdout: process.stdout, stderr: process.stderr }));
}

if (require.main === module) run();
