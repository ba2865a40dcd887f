import type { Understanding } from '../types';
import { conceptMatches, withoutMisleadingPhrases } from './concepts';
import { normalise } from './normalise';
import { POLICY } from './policy';

/** What the understanding saw in a message and why it decided as it did: `npm run ask -- --explain`. */
export interface Explanation {
  /** The message as the rules read it (folded, corrected, shorthand expanded). */
  readAs: string;
  /** Each concept found, with the words that set it off. */
  concepts: Record<string, string>;
  rule: string;
  why: string;
}

const FOLLOW_UP_WHY = 'The message only adds something to the previous question ("and for POP?", an address): it continues it.';

export function explain(text: string, understanding: Understanding): Explanation {
  const read = withoutMisleadingPhrases(normalise(text).text);
  const rule = understanding.rule ?? 'unknown';
  const policyRule = POLICY.find((r) => r.id === rule);
  const why =
    policyRule?.why ??
    (rule === 'follow-up' ? FOLLOW_UP_WHY : rule === 'button' ? 'A button was clicked.' : rule === 'foreign-language' ? 'Written in a language the bot does not speak.' : '');
  return { readAs: read.trim(), concepts: conceptMatches(read) as Record<string, string>, rule, why };
}

/** The explanation as a few plain lines. */
export function explanationText(e: Explanation, understanding: Understanding): string {
  const entities = Object.entries(understanding.entities)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
  const concepts = Object.entries(e.concepts)
    .map(([name, words]) => `${name} ("${words}")`)
    .join(', ');
  return [
    `intent:   ${understanding.intent} (confidence ${understanding.confidence})${understanding.alsoAsked?.length ? `, also ${understanding.alsoAsked.join(', ')}` : ''}`,
    `rule:     ${e.rule}${e.why ? ` — ${e.why}` : ''}`,
    `read as:  "${e.readAs}"`,
    `concepts: ${concepts || '(none)'}`,
    `entities: ${entities || '(none)'}`,
    `language: ${understanding.lang}`,
  ].join('\n');
}
