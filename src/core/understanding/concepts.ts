import path from 'node:path';
import { NLU_DIR } from './nlu-files';
import { compileFolder } from './phrasebook';

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
 * Phrases whose words would find the wrong concepts, reworded first: "je suis perdu" (the customer
 * is lost, not their messages), "pour que ça marche" (no thanks), "if that helps" (no help asked),
 * "I don't get what IMAP means" (no fault).
 */
export function withoutMisleadingPhrases(text: string): string {
  return text
    .replace(/ (je suis|i am|i m|am)(( \w+){0,2}) (perdu|perdue|lost) /g, ' $1$2 confused ')
    .replace(/ (pour que|so that|so|to make) (ca|it|cela) (marche|fonctionne|works?|work) /g, ' $1 $2 functions ')
    .replace(/ (si ca peut aider|if (that|it) helps?|in case it helps?) /g, ' ')
    .replace(/ (i )?(do not|does not|don t) (get|understand) (what|how|the difference)/g, ' i wonder $4')
    // "je comprends plus rien", "I don't understand": confusion, not a fault.
    .replace(/ (je )?(ne )?(comprends|capte|pige) (pas|plus|rien)( rien)? | i (do not|don t) (understand|get it) /g, ' i wonder ')
    // "the warning is gone", "l'erreur a disparu": a fault reported over, not a fault.
    .replace(/ (the |l |le |la )?(warning|error|erreur|alerte|avertissement|message d erreur|probleme|problem|issue)( \w+){0,2} (is gone|gone|went away|disappeared|a disparu|est parti|has gone|is fixed|is solved|est regle|est resolu) /g, ' fixed ')
    // "j'ai perdu la feuille avec les paramètres": the document is lost, the settings are what is wanted.
    .replace(/ (perdu|egare|egaree|lost|misplaced|retrouve plus|can not find)( \w+){0,3} (feuille|papier|document|fiche|lettre|courrier|sheet|paper|letter|note|email|mail)( \w+){0,3} (parametres|reglages|infos|info|codes|settings|details|configuration) /g, ' all the settings ')
    // "is that going to be a problem?", "ça pose un problème ?": a question about consequences, not a fault.
    .replace(/ (is|will|would|could) (that|it|this) (be|going to be|cause) (a |an |any )?(problem|issue|trouble) | (ca|cela|est ce que ca) (pose|va poser|posera|poserait) (un |des )?(probleme|souci|soucis) /g, ' i wonder ')
    // "il redemande plus", "that stopped it": the app no longer does what was the fault.
    .replace(/ (il|elle|it|ca|outlook|thunderbird|the app|l appli)( \w+)? (redemande|demande|asks?|prompts?|nags?)( \w+){0,2} (plus|pu|no more|anymore|any more) | (that|this|it|ca|cela) (stopped|sorted|fixed|did|solved) (it|the trick|le probleme) /g, ' fixed ')
    // "plus d'alerte", "no more warnings": the fault is over.
    .replace(/ (plus d|plus de|no more|no longer any|pas d) (alerte|alertes|avertissement|warning|warnings|erreur|erreurs|error|errors|message d erreur) /g, ' fixed ')
    // "mot de passe perdu", "j'ai oublié mon mot de passe": one wording for a password to reset, which is no fault.
    .replace(/ (mot de passe|password|mdp|identifiants?) (perdu|oublie|oubliee|forgotten|lost) | (perdu|oublie|oubliee|forgot|lost)( \w+){0,3} (mot de passe|password|identifiants?) /g, ' forgotten password ')
    // "pas de souci ?", "no problem": a problem denied is no fault.
    .replace(/ (pas de|sans|aucun|no|not a|not any) (souci|soucis|probleme|problemes|problem|problems|issue|issues) /g, ' fine ')
    // "mon site c'est x.fr", "my website is x.com": a domain given, not a website question.
    .replace(/ (mon|my|notre|our|le|the) (site|site web|site internet|website|domaine|domain) (c est|is|est|s appelle|it s)? ?addr /g, ' addr ');
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
