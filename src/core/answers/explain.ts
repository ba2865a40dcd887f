import type { AnswerKit } from './kit';
import type { Draft } from './draft';

/**
 * "What is SMTP?", "why 993?", "SSL or TLS, what's the difference?": an explanation in a sentence
 * or two, not a settings card. Picks what the question is about from the understanding; returns
 * nothing when it cannot tell, and the usual answer is given.
 */
export function explanation(kit: AnswerKit): Draft | undefined {
  const { questionKind, protocols = [], port } = kit.entities;
  if (questionKind !== 'why' && questionKind !== 'what') return undefined;
  const topic = explanationTopic(kit, protocols, port);
  if (!topic) return undefined;
  const t = kit.t;
  const imap = kit.service('imap');
  const pop3 = kit.service('pop3');
  const smtp = kit.service('smtp');
  const ssl = [...new Set(kit.settings.services.filter((s) => s.security === 'ssl' && !s.alternative).map((s) => s.port))].join(', ');
  const service = port !== undefined ? kit.settings.services.find((s) => s.port === port) : undefined;
  const values = {
    inHost: (imap ?? pop3)?.host ?? '',
    imapPort: imap?.port ?? '',
    popPort: pop3?.port ?? '',
    outHost: smtp?.host ?? '',
    outPort: smtp?.port ?? '',
    outSecurity: smtp ? kit.securityName(smtp) : '',
    ports: ssl,
    port: port ?? '',
    protocol: service ? t(`common.protocol.${service.protocol}`) : '',
  };
  return {
    title: t('answers.explain.title'),
    paragraphs: [t(`answers.explain.${topic}`, values)],
    suggestions: [kit.suggest({ intent: 'all_settings' }), kit.suggest({ intent: 'protocol_choice' }), kit.suggest({ intent: 'help' })],
  };
}

type Topic =
  | 'incoming_vs_outgoing' | 'starttls' | 'ssl_vs_tls' | 'port' | 'smtp_password' | 'smtp' | 'imap' | 'pop3'
  | 'incoming_server' | 'outgoing_server' | 'encryption' | 'username';

function explanationTopic(kit: AnswerKit, protocols: readonly string[], port: number | undefined): Topic | undefined {
  const { intent } = kit.understanding;
  const said = kit.understanding.entities;
  const mentions = new Set(said.mentions ?? []);
  const incoming = protocols.some((p) => p !== 'smtp');
  if (protocols.includes('smtp') && incoming) return 'incoming_vs_outgoing';
  if (mentions.has('starttls')) return 'starttls';
  if (mentions.has('ssl') && mentions.has('tls')) return 'ssl_vs_tls';
  // "why 993?": a port of ours, explained.
  if (port !== undefined && kit.settings.services.some((s) => s.port === port && s.security === 'ssl')) return 'port';
  if (intent === 'smtp_auth' || (said.questionKind === 'why' && mentions.has('password') && (protocols.includes('smtp') || mentions.has('sending')))) {
    return 'smtp_password';
  }
  if (protocols.length === 1) return protocols[0] as Topic;
  if (intent === 'incoming_server') return 'incoming_server';
  if (intent === 'outgoing_server') return 'outgoing_server';
  if (intent === 'encryption') return 'encryption';
  if (intent === 'username') return 'username';
  return undefined;
}
