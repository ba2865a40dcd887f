import { isIP } from 'node:net';
import { COMMON_WORDS, DICTIONARY_WORDS, DOMAIN_WORDS, SHORTHAND } from './lexicon';
import { FuzzyCorrector } from './fuzzy';

/** A message folded for matching: lower case, no accents, typos and shorthand rewritten. */
export interface NormalisedText {
  /** Lower-cased, accent-free text with invisible characters removed (addresses still in it). */
  folded: string;
  /** Corrected words, in order. */
  tokens: string[];
  /** `tokens` joined by single spaces, padded with a space at each end for whole-word matching. */
  text: string;
}

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lower case, accents stripped, typographic apostrophes unified, invisible and control characters removed. */
export function fold(raw: string): string {
  return raw
    .replace(LONE_SURROGATE, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(INVISIBLE, ' ');
}

/** Anything address-like is taken out before words are split (entities read it from `folded`). */
// Matches start only where a word starts: scanning from inside a long word made this quadratic.
const ADDRESS_LIKE = /(?<!\S)\S*@\S*|\bhttps?:\/\/\S+|(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/g;
const ERROR_CODE = /\b0x[0-9a-f]{8}\b/g;
/**
 * What may be an IP address, bracketed or not ("10.0.0.5", "[::1]", "2001:db8::25"): an address
 * too, once `isIP` agrees (a time such as "10:30:00" is not one). A port after it stays a number.
 */
const IP_LIKE = /(?<![\w:.[\]])\[?((?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})\]?(?=:\d|[^\w:.[\]]|$)/g;

/**
 * An address-like word becomes " addr " (entities read the real value from `folded`); a guessed
 * server name keeps its meaning: "smtp.example.com" is "the SMTP server".
 */
function hostWords(found: string): string {
  const host = /^(imap|pop3?|smtp|mail)\.[a-z0-9-]+\./.exec(found);
  if (!host || found.includes('@')) return ' addr ';
  return host[1] === 'mail' ? ' server addr ' : ` ${host[1]} server addr `;
}

const vocabulary = new Set(DOMAIN_WORDS);
const corrector = new FuzzyCorrector(DOMAIN_WORDS);

function expand(token: string): string[] {
  // Own keys only: a word such as "constructor" must not find Object.prototype's.
  const short = Object.hasOwn(SHORTHAND, token) ? SHORTHAND[token] : undefined;
  if (short !== undefined) return short.split(' ');
  if (/[-/]/.test(token)) return token.split(/[-/]+/).filter(Boolean).flatMap(expand);
  return [token];
}

/** Corrects a typo; may return two words when an elided article was glued on ("dutilisateur" → "d utilisateur"). */
function correct(token: string): string[] {
  if (vocabulary.has(token) || COMMON_WORDS.has(token) || DICTIONARY_WORDS.has(token) || !/^[a-z]+$/.test(token)) return [token];
  // French elision typed without its apostrophe: d', l', j', m', n', s', t', c', qu'.
  const elided = /^(qu|[dljmnstc])([aeiouyh][a-z]{3,})$/.exec(token);
  if (elided) {
    const rest = vocabulary.has(elided[2]) ? elided[2] : corrector.correct(elided[2]);
    if (rest) return [elided[1], rest];
  }
  const corrected = corrector.correct(token);
  return [corrected ?? token];
}

/** Folds, splits and corrects a message; at most `maxWords` words are kept (the rest cannot change the answer). */
export function normalise(raw: string, maxWords = 120): NormalisedText {
  const folded = fold(raw);
  const spaced = folded
    .replace(ERROR_CODE, (code) => ` ${code} `)
    .replace(ADDRESS_LIKE, hostWords)
    .replace(IP_LIKE, (found, ip: string) => (isIP(ip) ? ' addr ' : found))
    .replace(/[+&]/g, ' ampersand ')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/([a-z])n't\b/g, '$1 not')
    // "Bonjouuuur", "heeelp": a letter typed three times or more counts once.
    .replace(/([a-z])\1{2,}/g, '$1');
  const tokens: string[] = [];
  for (const piece of spaced.split(/[^a-z0-9/-]+/)) {
    if (!piece) continue;
    for (const word of expand(piece)) {
      tokens.push(...correct(word));
      if (tokens.length >= maxWords) break;
    }
    if (tokens.length >= maxWords) break;
  }
  return { folded, tokens, text: ` ${tokens.join(' ')} ` };
}
