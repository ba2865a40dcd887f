import { SYMPTOMS, type Symptom } from '../types';
import type { AnswerKit } from './kit';
import type { Draft } from './draft';

/** Which client hint helps with which symptom. */
const HINT_FOR: Partial<Record<Symptom, 'auth_hint' | 'security_hint'>> = {
  cannot_send: 'auth_hint',
  password_rejected: 'auth_hint',
  timeout: 'security_hint',
  wrong_security: 'security_hint',
  cannot_receive: 'security_hint',
};

/**
 * A fault: the most likely cause and the first check on the first screen, the other causes and
 * checks behind "More checks", with the user's own settings filled in.
 */
export function troubleshooting(kit: AnswerKit): Draft {
  const t = kit.t;
  const symptom: Symptom = kit.entities.symptom ?? 'general';
  const client = kit.entities.client ?? 'generic';
  const protocol = (kit.entities.protocols ?? []).find((p) => p !== 'smtp') ?? 'imap';
  const values = kit.guideValues(client, protocol);
  // Causes and checks are sentences about settings: they name the security and the password method
  // plainly ("SSL/TLS", "normal password"); the client's own wording ("tick Use SSL") stays in its hint.
  const incoming = kit.service(protocol);
  const smtp = kit.service('smtp');
  const plain = {
    ...values,
    ...(incoming && { inSecurity: kit.securityName(incoming) }),
    ...(smtp && { outSecurity: kit.securityName(smtp), authMethod: t(`common.auth.${smtp.authentication}`) }),
  };
  const base = `troubleshooting.symptom.${symptom}`;
  const paragraphs: string[] = [];

  const code = kit.entities.errorCode;
  if (code) {
    const meaningKey = `troubleshooting.codes.${code}`;
    paragraphs.push(
      kit.translations.has(kit.lang, meaningKey)
        ? t('troubleshooting.error_code', { code, meaning: t(meaningKey, plain) })
        : t('troubleshooting.unknown_code', { code }),
    );
  }
  const causes = kit.translations.list(kit.lang, `${base}.causes`, plain);
  const checks = kit.translations.list(kit.lang, `${base}.checks`, plain);
  // "I put 465 and still nothing": the first cause was just ruled out; the next one comes first.
  const skip = kit.entities.stillFailing && causes.length > 1 ? 1 : 0;
  paragraphs.push(t('troubleshooting.likely', { cause: causes[skip] }));

  const hint = HINT_FOR[symptom];
  const notes = hint && kit.entities.client ? [t(`guides.${client}.${hint}`, values)] : [];
  const remaining = checks;
  const otherCauses = causes.filter((_, i) => i !== skip);
  const others = SYMPTOMS.filter((s) => s !== symptom && s !== 'general' && s !== 'wrong_security').slice(0, 3);
  return {
    title: t(`${base}.title`),
    paragraphs,
    // The right settings to compare with, on the first screen; the checks themselves behind "More checks".
    fields: [
      ...(incoming ? [kit.serviceField(incoming)] : []),
      ...(smtp ? [kit.serviceField(smtp)] : []),
      kit.usernameField(),
      ...(kit.smtpAuthField() ? [kit.smtpAuthField()!] : []),
    ],
    more:
      otherCauses.length || remaining.length || notes.length
        ? {
            label: t('answers.more.checks'),
            paragraphs: [
              ...(otherCauses.length ? [t('troubleshooting.other_causes', { causes: otherCauses.join(' · ') })] : []),
              ...(remaining.length ? [t('troubleshooting.checks')] : []),
            ],
            steps: remaining,
            notes,
          }
        : undefined,
    suggestions: [
      ...others.map((s) => kit.suggest({ intent: 'troubleshooting', symptom: s, client: kit.entities.client }, `common.suggest.symptom.${s}`)),
      ...(kit.entities.client ? [kit.suggestClient(kit.entities.client)] : []),
    ],
    offers: { handoff: true },
  };
}
