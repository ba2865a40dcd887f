import type { PastedSettings } from '../types';

/**
 * Settings pasted from an app's screen ("Port: 587, Secure (SSL): No", "Nom d'utilisateur : bob"):
 * read as values to compare with the right ones, and taken out of the text the rules read, so a
 * pasted "Secure (SSL): No" does not turn "which port?" into a security question.
 */

const KEY = {
  port: /^(?:(?:incoming|outgoing|imap|pop3?|smtp|server|serveur|entrant|sortant) )*port$/,
  security:
    /^(?:(?:connection|connexion) )?(?:security|securite|secure|ssl|tls|encryption|encryption method|methode de chiffrement|chiffrement|type de securite|security type|use ssl|utiliser ssl|secure \(ssl\)|securite \(ssl\)|ssl\/tls)$/,
  username: /^(?:user ?name|username|user|login|identifiant|nom d'utilisateur|nom d utilisateur|utilisateur|account name|nom de compte)$/,
  server: /^(?:(?:incoming|outgoing|imap|pop3?|smtp|mail) )?(?:server|serveur|host|hostname|hote|nom d'hote|serveur (?:entrant|sortant))(?: (?:entrant|sortant|name))?$/,
} as const;

/** A value after a colon or an equals sign: one token, or a security word pair ("ssl tls"). */
const VALUE = /\s*[:=]\s*([^\s,;|'"«»“”]+(?: (?:none|aucun|aucune|auto|automatique|ssl|tls))?)/g;

/** The key before a colon: the last one to four words, shortest first ("secure (ssl)", "nom d'utilisateur"). */
function keysBefore(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean).slice(-4);
  const keys: string[] = [];
  for (let n = 1; n <= words.length; n++) keys.push(words.slice(-n).join(' ').replace(/^['"«“(,-]+/, ''));
  return keys;
}

/** A username has a dot, an @, a digit or an underscore, or is a short lone word such as "sales". */
const USERNAME_LIKE = /[@._\d]|^[a-z]{2,20}$/;
/** Words that follow "username:" in questions, never as values. */
const NOT_A_VALUE = new Set(['avec', 'sans', 'with', 'without', 'optional', 'optionnel', 'facultatif', 'adresse', 'address', 'my', 'mon', 'ma', 'full', 'just', 'juste', 'le', 'la', 'the', 'quoi', 'what', 'which', 'quel', 'email', 'je', 'j', 'i', 'on', 'we', 'il', 'it', 'ce', 'c', 'ca', 'is', 'est']);

function securityOf(value: string): PastedSettings['security'] | undefined {
  if (/^(none|aucun|aucune|no|non|off|false|desactive\w*|disabled|plain|clear)$/.test(value)) return 'none';
  if (/starttls/.test(value)) return 'starttls';
  if (/^(ssl|tls|ssl\/tls|tls\/ssl|yes|oui|on|true|active\w*|enabled)( ssl| tls)?$/.test(value)) return 'ssl';
  if (/^(auto|automatique|automatic)$/.test(value)) return 'auto';
  return undefined;
}

export interface PastedReading {
  settings?: PastedSettings;
  /** The text with the pasted pairs taken out. */
  rest: string;
}

/** Reads pasted "key: value" settings from folded text. At least one recognised key is needed. */
export function readPasted(folded: string): PastedReading {
  const settings: PastedSettings = {};
  const spans: Array<[number, number]> = [];
  for (const match of folded.matchAll(VALUE)) {
    const value = match[1];
    // "SSL: on or off?" asks a choice; it is not a pasted value.
    if (/^\s*(or|ou)\b/.test(folded.slice(match.index + match[0].length))) continue;
    const before = folded.slice(Math.max(0, match.index - 60), match.index);
    for (const key of keysBefore(before).map((k) => k.replace(/\s*\(/, ' ('))) {
      let used = true;
      if (KEY.port.test(key) && /^\d{2,5}$/.test(value)) settings.port = Number(value);
      else if (KEY.security.test(key) && securityOf(value)) settings.security = securityOf(value);
      // A username looks like one ("bob", "k.weber", "bob@x.fr"), not like a word of a question ("avec le @ ou sans ?").
      else if (KEY.username.test(key) && /^[a-z0-9._%+@-]{1,64}$/.test(value) && USERNAME_LIKE.test(value) && !NOT_A_VALUE.has(value)) settings.username = value;
      else if (KEY.server.test(key) && /^[a-z0-9.-]+\.[a-z]{2,}$/.test(value)) settings.server = value;
      else used = false;
      if (used) {
        spans.push([match.index - key.length - (before.length - before.trimEnd().length), match.index + match[0].length]);
        break;
      }
    }
  }
  if (!spans.length) return { rest: folded };
  let rest = folded;
  for (const [from, to] of spans.reverse()) rest = `${rest.slice(0, Math.max(0, from))} ${rest.slice(to)}`;
  return { settings, rest };
}

/** "my username is set to sales", "username in there is k.weber", "j'ai mis juste paul en identifiant". */
const REPORTED_USERNAME = [
  /(?:username|user name|identifiant|login|nom d'utilisateur|utilisateur)(?: (?:in there|field|dans la case|dans l'appli))? (?:is(?: set to)?|est|c'est|=|:|says|shows)\s+["'«“]?([a-z0-9._%+@-]+)/,
  /(?:mis|mit|put|entered|typed|set)\s+(?:juste |just |only |seulement )?["'«“]?([a-z0-9._%+@-]+)["'»”]?\s+(?:en|as|comme|in the|for the)\s+(?:nom d'|nom d |le |l'|l )?(?:identifiant|username|user name|login|utilisateur)/,
  // "identifiant j'ai mis juste 'compta'", "username I put bookings"
  /(?:username|user name|identifiant|login|nom d'utilisateur|utilisateur) (?:that |que |qu')?(?:j'ai mis|j ai mis|on a mis|il a mis|i put|we put|i entered|i typed|i have|i've got|i got)\s+(?:is |est |c'est |=\s*)?(?:juste |just |only |seulement )?["'«“]?([a-z0-9._%+@-]+)/,
];

/**
 * Values the user reports having entered ("j'ai mis le port 25", "I put mail.oldprovider.net as
 * server", "my username is set to sales"), read from folded text: compared like pasted ones.
 */
export function readReported(folded: string, found: { port?: number; domain?: string; email?: string }, serverNamed: boolean): PastedSettings | undefined {
  const settings: PastedSettings = {};
  if (found.port !== undefined) settings.port = found.port;
  for (const pattern of REPORTED_USERNAME) {
    const value = pattern.exec(folded)?.[1];
    if (value && USERNAME_LIKE.test(value) && !NOT_A_VALUE.has(value)) {
      settings.username = value;
      break;
    }
  }
  // A server name typed ("mail.oldprovider.net", "atelier-verdier.com"), not an address.
  const host = /(?:^|\s)((?:[a-z0-9-]+\.)+[a-z]{2,})(?=[\s,.;!?]|$)/.exec(folded)?.[1];
  if (serverNamed && host && !found.email && !settings.username?.includes(host)) settings.server = host;
  return Object.keys(settings).length ? settings : undefined;
}
