import type { AnswerKit } from './kit';
import type { Draft } from './draft';

/** Greeting, help, thanks, out-of-scope and "I did not understand": the conversation around the facts. */

function starterSuggestions(kit: AnswerKit) {
  return [
    kit.suggest({ intent: 'protocol_choice' }),
    kit.suggest({ intent: 'ports' }),
    kit.suggest({ intent: 'all_settings' }),
    kit.suggest({ intent: 'troubleshooting' }),
  ];
}

export function greeting(kit: AnswerKit): Draft {
  const t = kit.t;
  return {
    title: t('answers.greeting.title'),
    paragraphs: [t('answers.greeting.intro', { provider: kit.kb.providerName }), t('answers.greeting.examples')],
    suggestions: starterSuggestions(kit),
  };
}

export function help(kit: AnswerKit): Draft {
  const t = kit.t;
  // "are you a bot?": say so, with what it can do, and how to reach a person.
  if (kit.entities.aboutBot) {
    return {
      title: t('answers.out_of_scope.bot_title'),
      paragraphs: [t('answers.help.bot_intro', { provider: kit.kb.providerName })],
      notes: [kit.supportLine()],
      suggestions: starterSuggestions(kit),
      offers: { handoff: true },
    };
  }
  return {
    title: t('answers.help.title'),
    paragraphs: [t('answers.help.intro'), ...kit.translations.list(kit.lang, 'answers.help.topics').map((topic) => `• ${topic}`)],
    // Asking for the address again once the conversation knows it would be a tip already answered.
    notes: [...(kit.settings.placeholder ? [t('answers.help.personalise', { example: kit.exampleAddress })] : []), kit.supportLine()],
    suggestions: starterSuggestions(kit),
    offers: { handoff: true },
  };
}

export function thanks(kit: AnswerKit): Draft {
  const t = kit.t;
  return {
    title: t('answers.thanks.title'),
    paragraphs: [t('answers.thanks.intro')],
    suggestions: [kit.suggest({ intent: 'help' })],
  };
}

/** Someone in distress: a short, kind answer and a person to call; no settings, no buttons to click through. */
export function distress(kit: AnswerKit): Draft {
  const t = kit.t;
  const emergency = kit.kb.data.provider.emergency?.[kit.lang];
  return {
    title: t('answers.distress.title'),
    paragraphs: [
      t('answers.distress.intro'),
      ...(emergency ? [t('answers.distress.emergency', { emergency })] : []),
      t('answers.distress.support', { provider: kit.kb.providerName, support: kit.supportLine() }),
    ],
    offers: { handoff: true },
  };
}

/** The part of a two-topic message the bot cannot answer ("…and my invoice?"): who will. */
export function otherPartNote(kit: AnswerKit): string {
  return kit.t('answers.out_of_scope.also', { provider: kit.kb.providerName, support: kit.supportLine() });
}

export function outOfScope(kit: AnswerKit): Draft {
  const t = kit.t;
  if (kit.entities.distress) return distress(kit);
  const about = kit.entities.aboutBot ? 'bot_' : '';
  return {
    title: t(`answers.out_of_scope.${about}title`),
    paragraphs: [t(`answers.out_of_scope.${about}intro`, { provider: kit.kb.providerName })],
    notes: [kit.supportLine()],
    suggestions: [kit.suggest({ intent: 'help' })],
    offers: { handoff: true },
  };
}

export function fallback(kit: AnswerKit): Draft {
  const t = kit.t;
  return {
    kind: 'fallback',
    title: t('answers.fallback.title'),
    paragraphs: [t('answers.fallback.intro')],
    notes: [kit.supportLine()],
    suggestions: starterSuggestions(kit),
    offers: { handoff: true },
  };
}

/**
 * "Check my domain": the core knows no network, so it only says what will be checked, or asks
 * for the address; the conversation service runs the check and puts its lines in the reply.
 */
export function diagnose(kit: AnswerKit): Draft {
  const t = kit.t;
  const { domain } = kit.entities;
  return {
    title: t('answers.diagnose.title'),
    paragraphs: [domain ? t('answers.diagnose.checking', { domain }) : t('answers.diagnose.ask', { example: kit.exampleAddress })],
  };
}
