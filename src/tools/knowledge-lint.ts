import { renderText } from '../adapters/console/render-text';
import { Answerer } from '../core';
import { CLIENTS, LANGS, WELL_KNOWN_PORTS, type Lang } from '../domain';
import { readLocale, type Translations } from '../i18n';
import type { KnowledgeBase } from '../knowledge/settings';

/** One contradiction or gap found in a knowledge base; `where` is a field path or a locale key. */
export interface LintProblem {
  where: string;
  problem: string;
}

/** Any well-known mail port written in a sentence ("port 587"). */
const PORT_IN_TEXT = new RegExp(`\\b(${Object.keys(WELL_KNOWN_PORTS).join('|')})\\b`, 'g');

function lintServices(kb: KnowledgeBase): LintProblem[] {
  const problems: LintProblem[] = [];
  kb.data.services.forEach((service, i) => {
    const where = `services[${i}]`;
    const rule = WELL_KNOWN_PORTS[service.port];
    if (rule && rule.protocol !== service.protocol) {
      problems.push({ where, problem: `port ${service.port} is the ${rule.protocol.toUpperCase()} port, but the service says ${service.protocol.toUpperCase()}.` });
    }
    if (rule?.security && service.security !== 'none' && rule.security !== service.security) {
      const expected = rule.security === 'ssl' ? 'implicit TLS ("ssl")' : '"starttls"';
      problems.push({ where, problem: `port ${service.port} uses ${expected} (RFC 8314), but security is "${service.security}".` });
    }
    if (service.security === 'none') {
      problems.push({ where, problem: `security "none" sends the password unencrypted; the help page asks for SSL on every connection.` });
    }
    if (service.authentication === 'password-encrypted' && !kb.data.encryptedPasswordSupported) {
      problems.push({ where, problem: 'authentication "password-encrypted" contradicts encryptedPasswordSupported: false.' });
    }
  });
  if (!kb.primary('smtp')) problems.push({ where: 'services', problem: 'no SMTP service: customers cannot be told how to send mail.' });
  if (!kb.primary('imap') && !kb.primary('pop3')) problems.push({ where: 'services', problem: 'no IMAP or POP3 service: customers cannot be told how to receive mail.' });
  return problems;
}

const NEGATION = /\b(not|never|don't|do not|avoid|instead of|rather than|pas|jamais|évitez|plutôt que|au lieu de)\b/i;

/** Operator notes per client must not tell users to pick what the settings rule out. */
function lintClientNotes(kb: KnowledgeBase): LintProblem[] {
  const problems: LintProblem[] = [];
  const usesStarttls = kb.data.services.some((s) => s.security === 'starttls');
  const usesSsl = kb.data.services.some((s) => s.security === 'ssl');
  const ports = new Set(kb.data.services.map((s) => s.port));
  for (const [client, note] of Object.entries(kb.data.clientNotes)) {
    for (const lang of LANGS) {
      const where = `clientNotes.${client}.${lang}`;
      for (const sentence of (note?.[lang] ?? '').split(/(?<=[.!?;])\s+/)) {
        const negated = NEGATION.test(sentence);
        if (/starttls/i.test(sentence) && !usesStarttls && !negated) {
          problems.push({ where, problem: `tells users to choose STARTTLS, but every service uses implicit SSL/TLS ("${sentence.trim()}").` });
        }
        if (/\b(ssl\/tls|tls\/ssl)\b/i.test(sentence) && !usesSsl && !negated) {
          problems.push({ where, problem: `tells users to choose SSL/TLS, but every service uses STARTTLS ("${sentence.trim()}").` });
        }
        if (/(secure authentication|encrypted password|authentification sécurisée|mot de passe chiffré|cram-md5|\bspa\b)/i.test(sentence) && !kb.data.encryptedPasswordSupported && !negated) {
          problems.push({ where, problem: `tells users to use an encrypted password method, which the server does not accept (encryptedPasswordSupported: false) ("${sentence.trim()}").` });
        }
        for (const match of sentence.matchAll(PORT_IN_TEXT)) {
          if (!ports.has(Number(match[1])) && !negated) problems.push({ where, problem: `mentions port ${match[1]}, which no service uses.` });
        }
      }
    }
  }
  return problems;
}

/** Every key in one language exists in the other, and no string is empty. */
export function lintLocales(): LintProblem[] {
  const problems: LintProblem[] = [];
  const flat = (value: unknown, prefix = ''): Map<string, unknown> => {
    const out = new Map<string, unknown>();
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) for (const [k, v] of flat(inner, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    } else out.set(prefix, value);
    return out;
  };
  const tables = Object.fromEntries(LANGS.map((lang) => [lang, flat(readLocale(lang))])) as Record<Lang, Map<string, unknown>>;
  for (const lang of LANGS) {
    const other = lang === 'fr' ? 'en' : 'fr';
    for (const [key, value] of tables[lang]) {
      if (!tables[other].has(key)) problems.push({ where: `locales/${other}: ${key}`, problem: `missing (present in locales/${lang}).` });
      else if (Array.isArray(value) !== Array.isArray(tables[other].get(key)) || (Array.isArray(value) && value.length !== (tables[other].get(key) as unknown[]).length)) {
        problems.push({ where: `locales/${lang}: ${key}`, problem: `is a list of a different length in locales/${other}.` });
      }
      if (value === '' || (Array.isArray(value) && value.some((v) => v === ''))) problems.push({ where: `locales/${lang}: ${key}`, problem: 'is empty.' });
    }
  }
  return problems;
}

/** Renders every guide and troubleshooting answer in both languages: nothing may be left uninterpolated. */
function lintRenderedAnswers(kb: KnowledgeBase, translations: Translations): LintProblem[] {
  const problems: LintProblem[] = [];
  const answerer = new Answerer(kb, translations);
  for (const lang of LANGS) {
    for (const client of CLIENTS) {
      for (const intent of ['client_setup', 'troubleshooting', 'ports', 'encryption', 'smtp_auth'] as const) {
        const text = renderText(answerer.answer({ lang, intent, confidence: 1, entities: { client } }));
        const left = /\{\{\s*\w+\s*\}\}|undefined|\bnull\b/.exec(text);
        if (left) problems.push({ where: `locales/${lang} (${intent}, ${client})`, problem: `the rendered answer still contains "${left[0]}".` });
      }
    }
  }
  return problems;
}

/** All checks of `npm run kb:lint`. */
export function lintKnowledgeBase(kb: KnowledgeBase, translations: Translations): LintProblem[] {
  return [...lintServices(kb), ...lintClientNotes(kb), ...lintLocales(), ...lintRenderedAnswers(kb, translations)];
}

/** Reserved example domains (RFC 2606) and the default brand: left in place, users would see them. */
const EXAMPLE_DOMAIN = /(^|[.@/])(example\.(com|org|net)|[a-z0-9-]+\.example)([/:?#]|$)/i;

/**
 * What the knowledge base still borrows from the example one: the provider's name, help page and
 * support contacts. Not contradictions (the bot works), but users of a real provider must not see them.
 */
export function placeholderWarnings(kb: KnowledgeBase): LintProblem[] {
  const provider = kb.data.provider;
  const warnings: LintProblem[] = [];
  if (provider.name === 'Example Hosting') warnings.push({ where: 'provider.name', problem: 'is still the example "Example Hosting".' });
  const values: Array<[string, string | undefined]> = [
    ['provider.helpUrl', provider.helpUrl],
    ['provider.support.email', provider.support.email],
    ['provider.support.url', provider.support.url],
  ];
  for (const [where, value] of values) {
    if (value && EXAMPLE_DOMAIN.test(value)) warnings.push({ where, problem: `"${value}" is an example address, not the provider's.` });
  }
  return warnings;
}
