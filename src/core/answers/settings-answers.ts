import type { Intent, Protocol, ReplyMore } from '../types';
import type { AnswerKit } from './kit';
import type { Draft } from './draft';

/**
 * Answers to questions about one or more settings: the value asked comes first, in a sentence
 * that says it once (no field block repeating it); where-to-click hints wait behind "more".
 */

function askedProtocols(kit: AnswerKit, allowed: readonly Protocol[]): Protocol[] {
  const named = kit.entities.protocols ?? (kit.entities.protocol ? [kit.entities.protocol] : []);
  return named.filter((p) => allowed.includes(p) && kit.service(p));
}

/** "Where to set it in Thunderbird": the client's own menu path, behind a button. */
function clientHint(kit: AnswerKit, key: 'auth_hint' | 'security_hint'): ReplyMore | undefined {
  const client = kit.entities.client;
  if (!client) return undefined;
  const incoming = askedProtocols(kit, ['imap', 'pop3'])[0] ?? 'imap';
  return { label: kit.t('answers.more.where', { client: kit.clientName(client) }), notes: [kit.t(`guides.${client}.${key}`, kit.guideValues(client, incoming))] };
}

/** "Also possible: port 587 with STARTTLS.": extra services the knowledge base declares, after the main one. */
function alternatives(kit: AnswerKit, protocol: Protocol): string[] {
  return kit.settings.services
    .filter((s) => s.alternative && s.protocol === protocol)
    .map((s) => kit.t('answers.alternative', { protocol: kit.t(`common.protocol.${s.protocol}`), host: s.host, port: s.port, security: kit.securityName(s) }));
}

/** "Yes:" only answers a yes-or-no question. */
function yesNo(kit: AnswerKit): boolean {
  return kit.entities.questionKind === 'yes_no';
}

export function protocolChoice(kit: AnswerKit): Draft {
  const t = kit.t;
  return {
    title: t('answers.protocol_choice.title'),
    paragraphs: [
      // "I also read mail on my phone": the question the bot asked is answered, so the advice alone comes first.
      t(kit.entities.devices === 'several' ? 'answers.protocol_choice.several_devices' : kit.entities.devices === 'one' ? 'answers.protocol_choice.one_device' : 'answers.protocol_choice.short'),
    ],
    more: { label: t('answers.protocol_choice.more'), paragraphs: [t('answers.protocol_choice.imap'), t('answers.protocol_choice.pop3')] },
    suggestions: [
      kit.suggest({ intent: 'client_setup', protocol: 'imap' }, 'common.suggest.use_imap'),
      kit.suggest({ intent: 'ports' }),
      kit.suggest({ intent: 'troubleshooting', symptom: 'missing_messages' }, 'common.suggest.symptom.missing_messages'),
    ],
  };
}

export function incomingServer(kit: AnswerKit): Draft {
  const t = kit.t;
  const asked = askedProtocols(kit, ['imap', 'pop3']);
  const services = kit.services(asked.length ? asked : ['imap', 'pop3']);
  const imap = kit.service('imap');
  const pop3 = kit.service('pop3');
  const sentence =
    services.length === 1 || !imap || !pop3 || imap.host !== pop3.host || imap.security !== pop3.security
      ? t('answers.incoming_server.one', {
          protocol: t(`common.protocol.${services[0].protocol}`),
          host: services[0].host,
          port: services[0].port,
          security: kit.securityName(services[0]),
        })
      : t('answers.incoming_server.both', { host: imap.host, imapPort: imap.port, popPort: pop3.port, security: kit.securityName(imap) });
  return {
    title: t('answers.incoming_server.title'),
    paragraphs: [sentence, ...services.flatMap((s) => alternatives(kit, s.protocol))],
    fields: [kit.usernameField()],
    suggestions: [kit.suggest({ intent: 'outgoing_server' }), kit.suggest({ intent: 'protocol_choice' }), kit.suggest({ intent: 'all_settings' })],
  };
}

export function outgoingServer(kit: AnswerKit): Draft {
  const t = kit.t;
  const smtp = kit.service('smtp');
  if (!smtp) return allSettings(kit);
  return {
    title: t('answers.outgoing_server.title'),
    paragraphs: [t('answers.outgoing_server.intro', { host: smtp.host, port: smtp.port, security: kit.securityName(smtp) }), ...alternatives(kit, 'smtp')],
    fields: [kit.usernameField()],
    more: clientHint(kit, 'auth_hint'),
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
  const plain = yesNo(kit) ? '' : '_plain';
  const exact = kit.settings.services.find((s) => s.port === port);
  if (exact) {
    return t(`answers.ports.port_ok${plain}`, { port, protocol: t(`common.protocol.${exact.protocol}`), security: kit.securityName(exact) });
  }
  const usual = USUAL_PORTS[port];
  const expected = usual ? kit.service(usual) : undefined;
  if (!expected) return null;
  return t(`answers.ports.unknown_port${plain}`, {
    port,
    protocol: t(`common.protocol.${expected.protocol}`),
    expected: expected.port,
    security: kit.securityName(expected),
  });
}

/** "993, with SSL/TLS (IMAP)." or "IMAP 993, POP3 995 and SMTP 465, all with SSL/TLS." */
export function portSentence(kit: AnswerKit, protocols: readonly Protocol[]): string {
  const t = kit.t;
  const services = kit.services(protocols);
  if (services.length === 1) {
    const s = services[0];
    return t('answers.ports.one', { port: s.port, security: kit.securityName(s), protocol: t(`common.protocol.${s.protocol}`) });
  }
  const same = services.every((s) => s.security === services[0].security);
  const items = services.map((s) =>
    t(same ? 'answers.ports.item' : 'answers.ports.item_security', { protocol: t(`common.protocol.${s.protocol}`), port: s.port, security: kit.securityName(s) }),
  );
  const list = items.length > 1 ? `${items.slice(0, -1).join(', ')}${t('answers.ports.and')}${items[items.length - 1]}` : items[0];
  return same ? t('answers.ports.several', { list, security: kit.securityName(services[0]) }) : t('answers.ports.several_mixed', { list });
}

export function ports(kit: AnswerKit): Draft {
  const t = kit.t;
  let asked = askedProtocols(kit, ['imap', 'pop3', 'smtp']);
  // A client needs both directions: "ports for Thunderbird, using POP" shows POP3 and SMTP.
  if (kit.entities.client && asked.length && !asked.includes('smtp') && kit.service('smtp')) asked = [...asked, 'smtp'];
  const named = kit.entities.ports ?? (kit.entities.port !== undefined ? [kit.entities.port] : []);
  const verdicts = named.map((port) => portVerdict(kit, port)).filter((v): v is string => v !== null);
  // Protocols asked about whose port no verdict covered ("995 now, and if we switch to IMAP?"): their ports too.
  const judged = new Set(named.map((port) => USUAL_PORTS[port]).filter(Boolean));
  const unjudged = asked.filter((p) => !judged.has(p));
  const hosts = new Set(kit.services(asked).map((s) => s.host));
  const paragraphs = verdicts.length
    ? [...verdicts, ...(unjudged.length ? [portSentence(kit, unjudged)] : [])]
    : [portSentence(kit, asked), ...kit.services(asked).flatMap((s) => alternatives(kit, s.protocol))];
  if (hosts.size === 1) paragraphs.push(t('answers.ports.on_host', { host: [...hosts][0] }));
  return {
    title: t('answers.ports.title'),
    paragraphs,
    more: clientHint(kit, 'security_hint'),
    suggestions: [kit.suggest({ intent: 'encryption' }), kit.suggest({ intent: 'all_settings' }), kit.suggest({ intent: 'protocol_choice' })],
  };
}

export function username(kit: AnswerKit): Draft {
  const t = kit.t;
  const full = kit.kb.data.username === 'full_email';
  return {
    title: t('answers.username.title'),
    paragraphs: [t(full ? 'answers.username.intro' : 'answers.username.intro_local', { username: kit.settings.username }), t('answers.username.password')],
    suggestions: [kit.suggest({ intent: 'all_settings' }), kit.suggest({ intent: 'troubleshooting', symptom: 'password_rejected' }, 'common.suggest.symptom.password_rejected')],
  };
}

export function encryption(kit: AnswerKit): Draft {
  const t = kit.t;
  const asked = askedProtocols(kit, ['imap', 'pop3', 'smtp']);
  const shown = kit.settings.services.filter((s) => (!asked.length || asked.includes(s.protocol)) && !s.alternative);
  const implicit = [...new Set(shown.filter((s) => s.security === 'ssl').map((s) => s.port))];
  const paragraphs: string[] = [];
  // Plain words for plain askers; "implicit TLS, RFC 8314" for those who used such words.
  if (implicit.length) paragraphs.push(t(kit.entities.technical ? 'answers.encryption.technical' : 'answers.encryption.plain', { ports: implicit.join(', ') }));
  for (const s of kit.settings.services.filter((x) => x.security === 'starttls' && (!asked.length || asked.includes(x.protocol)))) {
    paragraphs.push(t('answers.encryption.starttls', { port: s.port, protocol: t(`common.protocol.${s.protocol}`) }));
  }
  return {
    title: t('answers.encryption.title'),
    paragraphs,
    more: clientHint(kit, 'security_hint'),
    suggestions: [kit.suggest({ intent: 'ports' }), kit.suggest({ intent: 'troubleshooting', symptom: 'certificate_warning' }, 'common.suggest.symptom.certificate_warning')],
  };
}

export function smtpAuth(kit: AnswerKit): Draft {
  const t = kit.t;
  const smtp = kit.service('smtp');
  if (!smtp) return allSettings(kit);
  const method = t(`common.auth.${smtp.authentication}`);
  const required = t(yesNo(kit) && !kit.entities.methodAsked ? 'answers.smtp_auth.yes' : 'answers.smtp_auth.required', { username: kit.settings.username });
  const methodSentence = t(kit.kb.data.encryptedPasswordSupported ? 'answers.smtp_auth.method_encrypted_ok' : 'answers.smtp_auth.method', { method });
  return {
    title: t('answers.smtp_auth.title'),
    // "not 'encrypted password'?": the method named is the question, so its answer comes first.
    paragraphs: kit.entities.methodAsked ? [methodSentence, required] : [required, methodSentence],
    // The server itself, which the sentences do not name.
    fields: kit.serviceFields(['smtp']),
    more: clientHint(kit, 'auth_hint'),
    suggestions: [kit.suggest({ intent: 'outgoing_server' }), kit.suggest({ intent: 'troubleshooting', symptom: 'cannot_send' }, 'common.suggest.symptom.cannot_send')],
  };
}

export function allSettings(kit: AnswerKit): Draft {
  const t = kit.t;
  const email = kit.settings.email;
  const client = kit.entities.client;
  return {
    title: t('answers.all_settings.title'),
    paragraphs: [email ? t('answers.all_settings.intro_for', { email }) : t('answers.all_settings.intro')],
    fields: [kit.usernameField(), ...kit.serviceFields(), ...(kit.smtpAuthField() ? [kit.smtpAuthField()!] : [])],
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
