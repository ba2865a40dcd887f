import { isProtocol } from '../domain';
import { isClient, isIntent, isLang, isSymptom, type ClientId, type Intent, type Lang, type Protocol, type Symptom } from './types';

/** What a suggestion button asks for, independent of wording: clicking it skips language understanding. */
export interface Choice {
  lang: Lang;
  intent: Intent;
  client?: ClientId;
  protocol?: Protocol;
  symptom?: Symptom;
  /** "Get the setup file" rather than the guide. */
  file?: boolean;
  /** "Show the steps", "More checks": the longer part of that answer. */
  more?: boolean;
}

const PREFIX = 'mc1';

/** Encodes a choice into a short string (well under the 100 characters Discord allows for a button id). */
export function encodeChoice(choice: Choice): string {
  // Plain concatenation: this runs for every suggestion of every answer.
  let out = `${PREFIX}|${choice.lang}|${choice.intent}`;
  if (choice.client) out += `|c=${choice.client}`;
  if (choice.protocol) out += `|p=${choice.protocol}`;
  if (choice.symptom) out += `|s=${choice.symptom}`;
  if (choice.file) out += '|f=1';
  if (choice.more) out += '|m=1';
  return out;
}

/** Reads a choice back; anything malformed or forged gives null, never an exception. */
export function decodeChoice(value: string | undefined): Choice | null {
  if (!value || value.length > 100) return null;
  const [prefix, lang, intent, ...rest] = value.split('|');
  if (prefix !== PREFIX || !isLang(lang) || !isIntent(intent)) return null;
  const choice: Choice = { lang, intent };
  for (const part of rest) {
    const [key, val] = part.split('=');
    if (key === 'c' && isClient(val)) choice.client = val;
    else if (key === 'p' && isProtocol(val)) choice.protocol = val;
    else if (key === 's' && isSymptom(val)) choice.symptom = val;
    else if (key === 'f' && val === '1') choice.file = true;
    else if (key === 'm' && val === '1') choice.more = true;
    else return null;
  }
  return choice;
}
