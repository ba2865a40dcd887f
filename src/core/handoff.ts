import type { Lang } from '../domain';
import type { Translate } from '../i18n';
import type { ConversationState } from './context-store';
import { redact } from './redact';
import type { Reply } from './types';

/** What an agent needs to pick up a conversation the bot could not finish. */
export interface HandoffSummary {
  lang: Lang;
  /** Recent questions (redacted), intents and what the bot answered, oldest first. */
  turns: ConversationState['turns'];
  entities: ConversationState['entities'];
  /** The last domain check, when there was one: its lines go into the case as the user saw them. */
  lastCheck?: ConversationState['lastCheck'];
}

/** Who asked, as the platform identifies them (rendered by the adapter as a mention or a name). */
export interface HandoffRequester {
  platform: string;
  /** A display form the support team can use ("<@U123>", "alice#1234", "console"). */
  label: string;
}

/**
 * The case posted to the support team when a user asks for a person: who, in which language,
 * what they asked, what the bot understood and answered. Everything user-written is redacted.
 * Written in the support team's language (`t`), which may differ from the user's.
 */
export function handoffCase(summary: HandoffSummary | undefined, requester: HandoffRequester, t: Translate, userLang: Lang): Reply {
  const turns = summary?.turns ?? [];
  const entities = summary?.entities ?? {};
  const found = [
    entities.client ? t('handoff.case.client', { value: t(`common.client.${entities.client}`) }) : '',
    entities.protocols?.length ? t('handoff.case.protocol', { value: entities.protocols.map((p) => t(`common.protocol.${p}`)).join(', ') }) : '',
    entities.symptom ? t('handoff.case.symptom', { value: t(`common.suggest.symptom.${entities.symptom}`) }) : '',
    entities.errorCode ? t('handoff.case.error_code', { value: entities.errorCode }) : '',
    entities.domain ? t('handoff.case.domain', { value: entities.domain }) : '',
  ].filter(Boolean);
  const check = summary?.lastCheck;
  return {
    lang: userLang,
    kind: 'answer',
    title: t('handoff.case.title'),
    paragraphs: [
      t('handoff.case.intro', { who: requester.label, platform: requester.platform, lang: t(`handoff.lang.${userLang}`) }),
      ...(check ? [t('handoff.case.check', { domain: check.domain, reference: check.reference })] : []),
    ],
    ...(check?.checks.length && { checks: check.checks }),
    fields: [
      ...turns.map((turn, i) => ({
        label: t('handoff.case.turn', { n: i + 1, intent: turn.intent }),
        value: t('handoff.case.turn_value', { question: redact(turn.question) || '—', answer: turn.answerTitle ?? '—' }),
      })),
      ...(found.length ? [{ label: t('handoff.case.detected'), value: found.join(' · ') }] : []),
    ],
  };
}

/** What the user sees once their case is with the support team, in their language. */
export function handoffConfirmation(t: Translate, lang: Lang): Reply {
  return { lang, kind: 'notice', title: t('handoff.confirmed.title'), paragraphs: [t('handoff.confirmed.text')] };
}
