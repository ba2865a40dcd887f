import type { Intent, Protocol, ReplyField } from '../types';
import type { AnswerKit } from './kit';
import type { Draft } from './draft';

/** Answers to questions about one or more settings: servers, ports, username, security, authentication. */

function askedProtocols(kit: AnswerKit, allowed: readonly Protocol[]): Protocol[] {
  const named = kit.entities.protocols ?? (kit.entities.protocol ? [kit.entities.protocol] : []);
  return named.filter((p) => allowed.includes(p) && kit.service(p));
}

function compact(fields: Array<ReplyField | null>): ReplyField[] {
  return fields.filter((f): f is ReplyField => f !== null);
}

/** The client-specific "where to click" sentence, when the user named a client. */
function clientHint(kit: AnswerKit, key: 'auth_hint' | 'security_hint'): string[] {
  const client = kit.entities.client;
  if (!client) return [];
  const incoming = askedProtocols(kit, ['imap', 'pop3'])[0] ?? 'imap';
  return [kit.t(`guides.${client}.${key}`, kit.guideValues(client, incoming))];
}

export function protocolChoice(kit: AnswerKit): Draft {
  const t = kit.t;
  return {
    title: t('answers.protocol_choice.title'),
    paragraphs: [
      // "I also read mail on my phone": the question the bot asked is answered, so the advice comes first.
      ...(kit.entities.severalDevices ? [t('answers.protocol_choice.several_devices')] : []),
      t('answers.protocol_choice.imap'),
      t('answers.protocol_choice.pop3'),
      t('answers.protocol_choice.advice'),
      t('answers.protocol_choice.default'),
    ],
    fields: kit.serviceFields(['imap', 'pop3']),
    suggestions: [
      kit.suggest({ intent: 'ports' }),
      kit.suggest({ intent: 'client_setup', protocol: 'imap' }, 'common.suggest.use_imap'),
      kit.suggest({ intent: 'troubleshooting', symptom: 'missing_messages' }, 'common.suggest.symptom.missing_messages'),
    ],
  };
}

export function incomingServer(kit: AnswerKit): Draft {
  const t = kit.t;
  const asked = askedProtocols(kit, ['imap', 'pop3']);
  const services = kit.services(asked.length ? asked : ['imap', 'pop3']);
  const paragraph =
    services.length === 1
      ? t('answers.incoming_server.one', {
          protocol: t(`common.protocol.${services[0].protocol}`),
          host: services[0].host,
          port: services[0].port,
          security: kit.securityName(services[0]),
        })
      : t('answers.incoming_server.both', { host: services[0].host });
  return {
    title: t('answers.incoming_server.title'),
    paragraphs: [paragraph],
    fields: [...kit.serviceFields(services.map((s) => s.protocol)), kit.usernameField()],
    suggestions: [kit.suggest({ intent: 'outgoing_server' }), kit.suggest({ intent: 'ports' }), kit.suggest({ intent: 'protocol_choice' })],
  };
}

export function outgoingServer(kit: AnswerKit): Draft {
  const t = kit.t;
  const smtp = kit.service('smtp');
  if (!smtp) return allSettings(kit);
  return {
    title: t('answers.outgoing_server.title'),
    paragraphs: [
      t('answers.outgoing_server.intro', { host: smtp.host, port: smtp.port, security: kit.securityName(smtp) }),
    ],
    notes: clientHint(kit, 'auth_hint'),
    fields: compact([...kit.serviceFields(['smtp']), kit.usernameField(), kit.smtpAuthField()]),
    suggestions: [
      kit.suggest({ intent: 'incoming_server' }),
      kit.suggest({ intent: 'smtp_auth' }),
      kit.suggest({ intent: 'troubleshooting', symptom: 'cannot_send' }, 'common.suggest.symptom.cannot_send'),
    ],
  };
}

/** Which protocol a port number usually belongs to, to correct "587?" or "143?" precisely. */
const USUAL_PORTS: Readonly<Record<number, Protocol>> = { 143: 'imap', 993: 'imap', 110: 'pop3', 995: 'pop3', 25: 'smtp', 465: 'smtp', 587: 'smtp', 2525: 'smtp' };

function portVerdict(kit: AnswerKit, port: number): string | null {
  const t = kit.t;
  const exact = kit.settings.services.find((s) => s.port === port);
  if (exact) {
    return t('answers.ports.port_ok', { port, protocol: t(`common.protocol.${exact.protocol}`), security: kit.securityName(exact) });
  }
  const usual = USUAL_PORTS[port];
  const expected = usual ? kit.service(usual) : undefined;
  if (!expected) return null;
  return t('answers.ports.unknown_port', {
    port,
    protocol: t(`common.protocol.${expected.protocol}`),
    expected: expected.port,
    security: kit.securityName(expected),
  });
}

export function ports(kit: AnswerKit): Draft {
  const t = kit.t;
  let asked = askedProtocols(kit, ['imap', 'pop3', 'smtp']);
  // A client needs both directions: "ports for Thunderbird, using POP" shows POP3 and SMTP.
  if (kit.entities.client && asked.length && !asked.includes('smtp') && kit.service('smtp')) asked = [...asked, 'smtp'];
  const services = kit.services(asked);
  const allSsl = kit.settings.services.every((s) => s.security === 'ssl');
  const verdict = kit.entities.port !== undefined ? portVerdict(kit, kit.entities.port) : null;
  return {
    title: t('answers.ports.title'),
    paragraphs: [
      ...(verdict ? [verdict] : []),
      t(allSsl ? 'answers.ports.intro' : 'answers.ports.intro_mixed', { host: kit.mainHost }),
    ],
    notes: clientHint(kit, 'security_hint'),
    fields: kit.serviceFields(services.map((s) => s.protocol)),
    suggestions: [kit.suggest({ intent: 'encryption' }), kit.suggest({ intent: 'all_settings' }), kit.suggest({ intent: 'protocol_choice' })],
  };
}

export function username(kit: AnswerKit): Draft {
  const t = kit.t;
  const full = kit.kb.data.username === 'full_email';
  return {
    title: t('answers.username.title'),
    paragraphs: [
      t(full ? 'answers.username.intro' : 'answers.username.intro_local', { username: kit.settings.username }),
      t('answers.username.password'),
    ],
    fields: [kit.usernameField(), kit.passwordField()],
    suggestions: [kit.suggest({ intent: 'all_settings' }), kit.suggest({ intent: 'troubleshooting', symptom: 'password_rejected' }, 'common.suggest.symptom.password_rejected')],
  };
}

export function encryption(kit: AnswerKit): Draft {
  const t = kit.t;
  const asked = askedProtocols(kit, ['imap', 'pop3', 'smtp']);
  const shown = kit.settings.services.filter((s) => !asked.length || asked.includes(s.protocol));
  const implicit = shown.filter((s) => s.security === 'ssl').map((s) => s.port);
  const paragraphs = [t('answers.encryption.intro')];
  if (implicit.length) paragraphs.push(t('answers.encryption.implicit', { ports: [...new Set(implicit)].join(', ') }));
  for (const s of shown.filter((x) => x.security === 'starttls')) {
    paragraphs.push(t('answers.encryption.starttls', { port: s.port, protocol: t(`common.protocol.${s.protocol}`) }));
  }
  return {
    title: t('answers.encryption.title'),
    paragraphs,
    notes: clientHint(kit, 'security_hint'),
    fields: shown.map((s) => kit.serviceField(s)),
    suggestions: [kit.suggest({ intent: 'ports' }), kit.suggest({ intent: 'troubleshooting', symptom: 'certificate_warning' }, 'common.suggest.symptom.certificate_warning')],
  };
}

export function smtpAuth(kit: AnswerKit): Draft {
  const t = kit.t;
  const smtp = kit.service('smtp');
  if (!smtp) return allSettings(kit);
  const paragraphs = [
    t('answers.smtp_auth.intro', { username: kit.settings.username }),
    t('answers.smtp_auth.method', { method: t(`common.auth.${smtp.authentication}`) }),
  ];
  if (!kit.kb.data.encryptedPasswordSupported) paragraphs.push(t('answers.smtp_auth.no_encrypted'));
  return {
    title: t('answers.smtp_auth.title'),
    paragraphs,
    notes: clientHint(kit, 'auth_hint'),
    fields: compact([...kit.serviceFields(['smtp']), kit.usernameField(), kit.smtpAuthField()]),
    suggestions: [kit.suggest({ intent: 'outgoing_server' }), kit.suggest({ intent: 'troubleshooting', symptom: 'cannot_send' }, 'common.suggest.symptom.cannot_send')],
  };
}

export function allSettings(kit: AnswerKit): Draft {
  const t = kit.t;
  const email = kit.settings.email;
  const client = kit.entities.client;
  return {
    title: t('answers.all_settings.title'),
    paragraphs: [
      email ? t('answers.all_settings.intro_for', { email }) : t('answers.all_settings.intro'),
      t('answers.all_settings.ssl'),
    ],
    fields: compact([kit.usernameField(), ...kit.serviceFields(), kit.smtpAuthField()]),
    suggestions: [
      ...(client ? [kit.suggestClient(client)] : []),
      kit.suggest({ intent: 'protocol_choice' }),
      kit.suggest({ intent: 'client_setup' }, 'common.suggest.client_setup', { client: kit.clientName('generic') }),
      kit.suggest({ intent: 'troubleshooting' }),
    ],
  };
}

/** The builders of this file, by intent. */
export const SETTING_ANSWERS: Partial<Record<Intent, (kit: AnswerKit) => Draft>> = {
  protocol_choice: protocolChoice,
  incoming_server: incomingServer,
  outgoing_server: outgoingServer,
  ports,
  username,
  encryption,
  smtp_auth: smtpAuth,
  all_settings: allSettings,
};
