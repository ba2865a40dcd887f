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
  return {
    title: t('answers.help.title'),
    paragraphs: [
      t('answers.help.intro'),
      ...kit.translations.list(kit.lang, 'answers.help.topics').map((topic) => `• ${topic}`),
    ],
    notes: [t('answers.help.personalise'), kit.supportLine()],
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

export function outOfScope(kit: AnswerKit): Draft {
  const t = kit.t;
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
