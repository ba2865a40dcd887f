import path from 'node:path';
import { NLU_DIR } from './nlu-files';
import { compileFolder, readRewrites } from './phrasebook';

/**
 * Concepts: what a message talks about, independent of the language it uses. Their phrasings
 * are data, one file per concept in nlu/concepts/; they run on normalised text (folded,
 * corrected, space-padded), so "serveur" also matches "Serveur", "SERVEUR" and "sevreur".
 */
export const CONCEPTS = [
  'port',
  'portWord',
  'server',
  'incoming',
  'outgoing',
  'username',
  'password',
  'encryption',
  'auth',
  'setup',
  'howto',
  'settings',
  'all',
  'choice',
  'protocolWord',
  'explain',
  'devices',
  'problem',
  'greeting',
  'thanks',
  'help',
  'person',
  'tlsVersion',
  'aboutBot',
  'adminTopic',
  'mailWord',
  'outOfScope',
  'authNeed',
  'storage',
  'resolved',
  'newRequest',
  'hypothetical',
  'lookingFor',
  'setupFile',
  'device',
  'rightValue',
  'confirm',
  'followUp',
  'conjunction',
  'stillFailing',
  'applied',
  'option',
  'sameAgain',
  'pronoun',
  'distress',
  'mailOnly',
  'questionWord',
  'otherChannel',
  'messageWord',
  'why',
  'definition',
  'yesNo',
  'technical',
  'passwordReset',
  'nextStep',
  'plan',
  'checkDomain',
] as const;

export type Concept = (typeof CONCEPTS)[number];

function loadConcepts(dir: string): Record<Concept, RegExp> {
  const compiled = compileFolder(dir);
  const known = new Set<string>(CONCEPTS);
  const missing = CONCEPTS.filter((name) => !compiled[name]);
  const unknown = Object.keys(compiled).filter((name) => !known.has(name));
  // A misnamed file would silently never match: say so at start-up instead.
  if (missing.length || unknown.length) {
    throw new Error(`${dir}: concept files missing (${missing.join(', ') || 'none'}) or unknown (${unknown.join(', ') || 'none'})`);
  }
  return compiled as Record<Concept, RegExp>;
}

export const CONCEPT_PATTERNS: Readonly<Record<Concept, RegExp>> = loadConcepts(path.join(NLU_DIR, 'concepts'));


/**
 * Phrases whose words would find the wrong concepts, reworded first (nlu/rewrites.txt): "je suis
 * perdu" (the customer is lost, not their messages), "pour que ça marche" (no thanks), "if that
 * helps" (no help asked), "I don't get what IMAP means" (no fault).
 */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = readRewrites(path.join(NLU_DIR, 'rewrites.txt'));

export function withoutMisleadingPhrases(text: string): string {
  let rewritten = text;
  for (const [pattern, replacement] of REWRITES) rewritten = rewritten.replace(pattern, replacement);
  return rewritten;
}

/** Where each concept first appears in the text (character index), for the concepts present. */
export type ConceptHits = Partial<Record<Concept, number>>;

export function findConcepts(text: string): ConceptHits {
  const hits: ConceptHits = {};
  for (const name of Object.keys(CONCEPT_PATTERNS) as Concept[]) {
    const match = CONCEPT_PATTERNS[name].exec(text);
    if (match) hits[name] = match.index;
  }
  return hits;
}

/** The words each concept matched, for `ask --explain`: which phrasing a sentence set off. */
export function conceptMatches(text: string): Partial<Record<Concept, string>> {
  const found: Partial<Record<Concept, string>> = {};
  for (const name of CONCEPTS) {
    const match = CONCEPT_PATTERNS[name].exec(text);
    if (match) found[name] = match[0].trim();
  }
  return found;
}
