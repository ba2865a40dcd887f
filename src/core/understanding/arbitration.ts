import type { Intent } from '../types';
import type { IntentScores } from './model';
import type { Classification, Signals } from './policy';

/**
 * How the trained model's reading combines with the rules' decision: a second ordered table of
 * named rules, tried after the policy. Each was kept because it helped on questions neither the
 * rules nor the model were tuned on (the ablation in the README); the thresholds were chosen the
 * same way and are in the model's score units (a margin is the best score minus the second).
 */
export const THRESHOLDS = {
  /** The model must lead by this much to call a mail-looking message everyday chatter. */
  notMail: 0.2,
  /** …and by this much when the message names something unmistakably about mail. */
  notMailAnchored: 1.0,
  /** …and by this much in a conversation about mail, where short turns lean on what came before. */
  notMailInConversation: 0.6,
  /** The model must lead by this much to read a message the rules could not place. */
  reading: 0.1,
  /** The model must lead by this much to overrule a rule that is not certain. */
  overrule: 0.6,
  /** Two mail readings closer than this, with nothing else to go on: ask which one was meant. */
  close: 0.05,
};

/** Intents that give mail settings or steps. */
const NON_MAIL: ReadonlySet<Intent> = new Set(['greeting', 'help', 'thanks', 'out_of_scope', 'unknown']);

export function isMailIntent(intent: Intent): boolean {
  return !NON_MAIL.has(intent);
}

/** Rules whose evidence is hard (a pasted code, a distress message…): the model never overrules them. */
const CERTAIN_RULES: ReadonlySet<string> = new Set([
  'distress', 'two-topics', 'about-bot', 'pasted-settings', 'nothing-said', 'foreign-language', 'error-code', 'host-support-topic', 'tls-versions', 'setup-file', 'closing-thanks',
]);

/** Rules that only guess: the model's reading is preferred when it has one. */
const GUESSING_RULES: ReadonlySet<string> = new Set([
  'not-understood', 'long-greeting', 'long-thanks', 'mail-word-only', 'setup-word', 'out-of-scope-words',
]);

export interface ModelReading {
  scores: IntentScores;
  best: Intent;
  /** Best score minus the second. */
  margin: number;
}

export function readingOf(scores: IntentScores): ModelReading | undefined {
  if (!scores.length) return undefined;
  return { scores, best: scores[0][0], margin: scores[0][1] - (scores[1]?.[1] ?? 0) };
}

/** What the arbitration knows of the conversation: whether its topic so far is mail. */
export interface ArbitrationContext {
  mailTopic: boolean;
}

export interface ArbitrationRule {
  id: string;
  why: string;
  when(c: Classification, m: ModelReading, s: Signals, context: ArbitrationContext): boolean;
  then(c: Classification, m: ModelReading): Classification;
}

/** A turn that leans on the conversation ("what about sending?", "domain is x.fr"): the model reads it without the context. */
function leansOnConversation(c: Classification, s: Signals, context: ArbitrationContext): boolean {
  // A fault named ("Nous n'avons pas pu nous connecter") in a mail conversation is that conversation's fault.
  return context.mailTopic && (c.entityOnly || s.has('followUp', 'stillFailing', 'applied', 'pronoun') || s.wordCount <= 4 || s.hasAddress || Boolean(s.entities.symptom));
}

function notMailMargin(s: Signals, context: ArbitrationContext): number {
  if (context.mailTopic) return THRESHOLDS.notMailInConversation;
  return s.anchored ? THRESHOLDS.notMailAnchored : THRESHOLDS.notMail;
}

export const ARBITRATION: readonly ArbitrationRule[] = [
  {
    id: 'model-not-mail',
    why: 'Everyday chatter that happens to use a mail word ("the port of Rotterdam", "send flowers"): the model, trained on such requests too, says it is not about mail.',
    when: (c, m, s, context) =>
      !CERTAIN_RULES.has(c.rule) &&
      isMailIntent(c.intent) &&
      m.best === 'out_of_scope' &&
      !leansOnConversation(c, s, context) &&
      m.margin > notMailMargin(s, context),
    then: (c) => ({ ...c, intent: 'out_of_scope', confidence: 0.8, alsoAsked: [], entityOnly: false, rule: 'model-not-mail' }),
  },
  {
    id: 'model-reading',
    why: 'The rules could only guess; the model reads the message as a whole.',
    when: (c, m, s, context) =>
      GUESSING_RULES.has(c.rule) &&
      m.margin > THRESHOLDS.reading &&
      m.best !== c.intent &&
      !leansOnConversation(c, s, context) &&
      // "hmm", "euh": too little to read; "not understood" says so better than "not something I answer".
      !(c.intent === 'unknown' && !isMailIntent(m.best) && s.wordCount < 3),
    then: (c, m) => ({ ...c, intent: m.best, confidence: 0.75, alsoAsked: [], entityOnly: false, rule: 'model-reading' }),
  },
  {
    id: 'model-overrules',
    why: 'The model disagrees with a rule that is not certain, and clearly.',
    when: (c, m, s, context) =>
      !CERTAIN_RULES.has(c.rule) &&
      m.best !== c.intent &&
      // Thanks or "not something I answer": both say no settings; the rule's finer reading stands.
      (isMailIntent(m.best) || isMailIntent(c.intent)) &&
      // A message anchored in mail ("my messages have disappeared") is not called "not mail" this way.
      !(m.best === 'out_of_scope' && s.anchored) &&
      m.margin > THRESHOLDS.overrule &&
      !leansOnConversation(c, s, context),
    then: (c, m) => ({ ...c, intent: m.best, confidence: 0.8, alsoAsked: c.alsoAsked.filter((i) => i !== m.best), entityOnly: false, rule: 'model-overrules' }),
  },
];

/** Applies the arbitration rules to the policy's decision; the first that holds decides. */
export function arbitrate(c: Classification, m: ModelReading | undefined, s: Signals, context: ArbitrationContext): Classification {
  if (!m) return c;
  for (const rule of ARBITRATION) if (rule.when(c, m, s, context)) return rule.then(c, m);
  return c;
}

/**
 * Two readings too close to choose between: the rules could not place the message and the
 * model hesitates between two mail intents. The bot then asks which one was meant.
 */
export function closeCall(c: Classification, m: ModelReading | undefined): Intent[] | undefined {
  if (!m || !GUESSING_RULES.has(c.rule) || m.scores.length < 2) return undefined;
  const [first, second] = m.scores;
  if (!isMailIntent(first[0]) || !isMailIntent(second[0])) return undefined;
  return first[1] - second[1] < THRESHOLDS.close && second[1] > 0 ? [first[0], second[0]] : undefined;
}
