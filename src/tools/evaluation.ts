import { readFileSync } from 'node:fs';
import { renderText } from '../adapters/console/render-text';
import type { Bot, Intent, Reply } from '../core';
import type { Lang } from '../domain';

/** One labelled question of a development or hold-out set (see eval/LABELLING.md). */
export interface LabelledQuestion {
  id: string;
  lang: Lang;
  q: string;
  intent: Intent;
  also?: Intent[];
  facts: string[];
  conv: string | null;
}

export interface EvaluatedQuestion extends LabelledQuestion {
  gotIntent: Intent;
  gotLang: Lang;
  missingFacts: string[];
  text: string;
  reply: Reply;
}

export function readLabelled(file: string): LabelledQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line) as LabelledQuestion;
      } catch {
        throw new Error(`${file}:${i + 1} is not valid JSON`);
      }
    });
}

const FULL_ADDRESS: Record<Lang, RegExp> = {
  en: /full (email )?address/i,
  fr: /adresse (e-mail |email |électronique )?complète/i,
};
const AUTH: Record<Lang, RegExp> = { en: /authentication/i, fr: /authentification/i };

/** Whether an answer states a fact of the labelling vocabulary ("port:993", "host:example.org", "full_address"…). */
export function statesFact(text: string, fact: string, lang: Lang): boolean {
  const [kind, value] = fact.split(/:(.*)/s);
  switch (kind) {
    case 'port':
      return new RegExp(`\\b${value}\\b`).test(text);
    case 'host':
      return value ? text.toLowerCase().includes(`mail.${value.toLowerCase()}`) : /\bmail\.[a-z0-9.-]+\.[a-z]{2,}/i.test(text);
    case 'user':
      return text.toLowerCase().includes(value.toLowerCase());
    case 'IMAP':
      return /\bIMAP\b/i.test(text);
    case 'POP3':
      return /\bPOP3?\b/i.test(text);
    case 'SMTP':
      return /\bSMTP\b/i.test(text);
    case 'ssl':
      return /\bSSL\b/i.test(text);
    case 'full_address':
      return FULL_ADDRESS[lang].test(text) || FULL_ADDRESS.en.test(text) || FULL_ADDRESS.fr.test(text);
    case 'auth':
      return AUTH[lang].test(text) || AUTH.en.test(text) || AUTH.fr.test(text);
    default:
      throw new Error(`unknown fact "${fact}"`);
  }
}

/** Intents that give mail settings or steps, as opposed to small talk, help, refusals and "not understood". */
const NON_MAIL_INTENTS: ReadonlySet<Intent> = new Set(['greeting', 'help', 'thanks', 'out_of_scope', 'unknown']);

export function isMailAnswer(intent: Intent): boolean {
  return !NON_MAIL_INTENTS.has(intent);
}

/** Sets of everyday, non-mail requests: judged only on whether they got a mail-settings answer. */
export function isEverydaySet(file: string): boolean {
  return /(^|[\\/])everyday[^\\/]*\.jsonl$/.test(file);
}

/** What is wrong with one answer, if anything ("intent ports (want help)", "missing port:993"…). */
export function problemsOf(r: EvaluatedQuestion, everyday = false): string[] {
  if (everyday) return isMailAnswer(r.gotIntent) ? [`mail answer ${r.gotIntent}`] : [];
  return [
    r.gotIntent !== r.intent ? `intent ${r.gotIntent} (want ${r.intent})` : '',
    r.gotLang !== r.lang ? `lang ${r.gotLang} (want ${r.lang})` : '',
    r.missingFacts.length ? `missing ${r.missingFacts.join(', ')}` : '',
  ].filter(Boolean);
}

/**
 * Runs labelled questions through a bot: standalone ones each in a fresh conversation,
 * conversation turns in order in one conversation, as a chat user would send them.
 */
export function evaluate(bot: Bot, questions: readonly LabelledQuestion[], prefix = 'eval'): EvaluatedQuestion[] {
  return questions.map((item, index) => {
    const conversationId = item.conv ? `${prefix}:conv:${item.conv}` : `${prefix}:single:${index}`;
    const { understanding, reply } = bot.process({ platform: 'eval', conversationId, userId: 'eval', text: item.q });
    const text = renderText(reply);
    return {
      ...item,
      gotIntent: understanding.intent,
      gotLang: understanding.lang,
      missingFacts: item.facts.filter((fact) => !statesFact(text, fact, understanding.lang)),
      text,
      reply,
    };
  });
}

export interface Score {
  total: number;
  intentRight: number;
  langRight: number;
  /** Questions with facts, and those whose answer states all of them. */
  withFacts: number;
  factsComplete: number;
}

export function score(results: readonly EvaluatedQuestion[]): Score {
  const withFacts = results.filter((r) => r.facts.length > 0);
  return {
    total: results.length,
    intentRight: results.filter((r) => r.gotIntent === r.intent).length,
    langRight: results.filter((r) => r.gotLang === r.lang).length,
    withFacts: withFacts.length,
    factsComplete: withFacts.filter((r) => r.missingFacts.length === 0).length,
  };
}

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
