import type { Entities, Intent, Symptom } from '../types';
import type { Concept, ConceptHits } from './concepts';

/** A classification before conversation context is applied. */
export interface Classification {
  intent: Intent;
  confidence: number;
  alsoAsked: Intent[];
  /**
   * The message only names things (a protocol, a client, a direction, an address) without
   * saying what it wants to know: in a conversation, it continues the previous question.
   */
  entityOnly: boolean;
}

/** Intents that answer a question about one setting; several can be asked at once. */
const SETTING_PRIORITY: readonly Intent[] = ['ports', 'username', 'smtp_auth', 'encryption', 'outgoing_server', 'incoming_server'];

/** Concepts that say what the user wants to know (as opposed to what it is about). */
const ASKING: readonly Concept[] = [
  'setupFile', 'port', 'server', 'username', 'password', 'encryption', 'auth', 'authNeed', 'setup', 'howto', 'settings', 'all',
  'choice', 'protocolWord', 'explain', 'devices', 'storage', 'problem', 'greeting', 'thanks', 'help', 'outOfScope',
];

/** Port numbers customers name, as whole words of the normalised text. */
const PORT_NUMBERS = / (993|995|465|587|143|110|25|2525)(?= )/g;

/** Symptoms read from "send"/"receive" words, as opposed to ones that describe themselves (certificate, time-out…). */
const DIRECTIONAL: ReadonlySet<Symptom> = new Set(['cannot_send', 'cannot_receive']);

function has(hits: ConceptHits, ...names: Concept[]): boolean {
  return names.some((name) => hits[name] !== undefined);
}

function result(intent: Intent, confidence: number, alsoAsked: Intent[] = [], entityOnly = false): Classification {
  return { intent, confidence, alsoAsked, entityOnly };
}

/**
 * Decides the intent from concepts and entities. The order of the checks is the policy:
 * a described fault beats a setting question, a setting question beats small talk, and
 * out-of-scope topics only win when nothing about mail settings is asked.
 */
export function classify(hits: ConceptHits, entities: Entities, text: string, wordCount: number, question = false): Classification {
  const protocols = entities.protocols ?? [];
  const incomingProtocols = protocols.filter((p) => p !== 'smtp');
  const hasAddress = Boolean(entities.email || entities.domain || entities.invalidEmail);
  const at = (name: Concept) => hits[name] ?? Number.MAX_SAFE_INTEGER;
  const entityOnly = !ASKING.some((c) => has(hits, c));
  if (wordCount === 0 && !hasAddress) return result('unknown', 0);

  const strongAsk = has(hits, 'portWord', 'server', 'username', 'encryption', 'auth', 'authNeed');
  const setupAsked = has(hits, 'setup', 'howto');
  // "how do I add my account in Thunderbird, I can't find where": a setup question, not a fault.
  const setupQuestion = Boolean(entities.client) && setupAsked && !strongAsk;

  // "ok it was the port, works again, thanks": closing words, not a new question.
  // ("comment ça marche ce bot" asks how the bot works: "ça marche" comes after the question word.)
  if (has(hits, 'resolved') && has(hits, 'thanks') && !question && !has(hits, 'problem') && !entities.symptom && !(at('help') <= at('resolved'))) {
    return result('thanks', 0.9);
  }
  // "Does POP delete my mail from the server?" asks how POP behaves; it does not report a fault.
  if (has(hits, 'storage') && question && !has(hits, 'problem') && (protocols.some((p) => p !== 'smtp') || has(hits, 'protocolWord', 'choice'))) {
    return result('protocol_choice', 0.85);
  }

  // A blocklist bounce, DNS records, a domain expiring: the host's support handles them, not a mail app.
  if (has(hits, 'adminTopic') && !has(hits, 'port')) return result('out_of_scope', 0.85);

  // "do you still accept TLS 1.0? an old Outlook won't connect": which versions, a security question.
  if (has(hits, 'tlsVersion') && !entities.errorCode) return result('encryption', 0.85);

  // 1. A described fault, an error code or a symptom: troubleshooting.
  if (entities.errorCode) return result('troubleshooting', 0.95);
  const symptom = entities.symptom;
  // "port 110 doesn't work, what should it be?": a value was tried and failed; the right value is the question.
  const rightValueAsked = has(hits, 'rightValue') && (entities.port !== undefined || Boolean(entities.domain && !entities.email));
  // "Incoming: mail.example.com 143 None — is that right?", "port 25 without login, is that the problem?"
  const confirmingPort = entities.port !== undefined && has(hits, 'confirm') && question;
  // Either way a value is what is asked; the failure described is its context.
  const valueAsked = rightValueAsked || confirmingPort;
  if (symptom && !(DIRECTIONAL.has(symptom) && (setupQuestion || has(hits, 'lookingFor') || valueAsked))) {
    return result('troubleshooting', 0.9);
  }
  const mailContext =
    protocols.length > 0 || Boolean(entities.client) || has(hits, 'mailWord', 'server', 'port', 'password', 'username', 'encryption', 'incoming', 'outgoing');
  if (has(hits, 'problem') && mailContext && !setupQuestion && !has(hits, 'lookingFor') && !valueAsked) return result('troubleshooting', 0.8);

  // A setup file for a client ("iPhone profile for alice@example.com"): a setup request.
  if (entities.setupFile && !has(hits, 'problem')) return result('client_setup', 0.9, [], false);

  // 2. Billing, domains, spam policy, forwarding, small talk… unless a mail setting is asked about.
  const settingSignal =
    // "he created an address for me with you: how do I put it on my tablet?"
    ((setupAsked || has(hits, 'howto')) && has(hits, 'device')) ||
    protocols.length > 0 || has(hits, 'port', 'server', 'username', 'encryption', 'auth', 'authNeed', 'incoming', 'outgoing', 'devices', 'protocolWord', 'storage');
  if (has(hits, 'outOfScope') && !settingSignal) return result('out_of_scope', 0.85);

  // 3. POP or IMAP: a choice between them, or what one of them does.
  const bothIncoming = incomingProtocols.includes('imap') && incomingProtocols.includes('pop3');
  const weighing = has(hits, 'choice') || / (ou|or|vs|versus) /.test(text);
  const portAlso: Intent[] = has(hits, 'port') ? ['ports'] : [];
  const keepingMail = has(hits, 'storage') && (incomingProtocols.length > 0 || has(hits, 'protocolWord', 'choice'));
  // "how do I set up Outlook, and what's the difference between POP and IMAP?": the setup came first.
  const protocolAt = text.search(/ (imap|pop3) /);
  const setupFirst =
    setupQuestion && Math.min(at('setup'), at('howto')) < Math.min(at('choice'), at('protocolWord'), at('explain'), protocolAt < 0 ? Number.MAX_SAFE_INTEGER : protocolAt);
  // "pop.example.ch or imap.example.ch?" asks which server name, not which protocol.
  const choiceAsked = (bothIncoming && weighing && !((has(hits, 'server') || entities.port !== undefined) && !has(hits, 'choice'))) || has(hits, 'devices') || keepingMail;
  if (choiceAsked && setupFirst) return result('client_setup', 0.9, ['protocol_choice']);
  if (choiceAsked) {
    return result('protocol_choice', 0.95, setupQuestion ? [...portAlso, 'client_setup'] : portAlso);
  }
  if (
    !strongAsk &&
    !has(hits, 'port') &&
    (bothIncoming ||
      (has(hits, 'protocolWord') && !setupAsked) ||
      (has(hits, 'choice') && incomingProtocols.length > 0) ||
      (has(hits, 'explain') && incomingProtocols.length > 0 && !has(hits, 'settings') && !setupAsked))
  ) {
    return result('protocol_choice', 0.85);
  }

  // "how do I get my mail on my phone": setting up a device, unless a precise setting is asked.
  if (has(hits, 'howto', 'setup') && has(hits, 'device') && !strongAsk && !has(hits, 'port') && !(has(hits, 'all') && has(hits, 'settings'))) {
    return result('client_setup', 0.85, [], false);
  }

  // "need the smtp settings for outlook": the outgoing server's settings, not the whole guide.
  if (protocols.length === 1 && protocols[0] === 'smtp' && has(hits, 'settings') && !setupAsked && !has(hits, 'port', 'auth', 'authNeed') && entities.otherClient !== 'send_only') return result('outgoing_server', 0.85);

  // 4. Setting up a named client ("configurer outlook", "samsung email config"), unless a precise setting is asked.
  if (setupQuestion || (entities.client && !strongAsk && !has(hits, 'port', 'all'))) {
    return result('client_setup', setupAsked ? 0.95 : 0.8, [], entityOnly);
  }

  // "what are the pop3 settings?": an incoming protocol's settings are the whole set (it needs SMTP too).
  if (has(hits, 'settings') && !strongAsk && !has(hits, 'port', 'portWord') && incomingProtocols.length > 0 && !setupAsked && !entities.client) {
    return result('all_settings', 0.85);
  }

  // 5. Questions about one or more settings.
  const byName = !setupAsked && !entities.client;
  const outgoing = has(hits, 'outgoing') || (protocols.includes('smtp') && (byName || has(hits, 'server')));
  const incoming = has(hits, 'incoming') || (incomingProtocols.length > 0 && (byName || has(hits, 'server')));
  const asked: Array<[Intent, number]> = [];
  // "SSL or STARTTLS for 465?" asks about security; a port number alone does not make it a port question.
  if (confirmingPort) asked.push(['ports', -1]);
  else if (has(hits, 'portWord') || (has(hits, 'port') && !has(hits, 'auth', 'server', 'username'))) {
    asked.push(['ports', at('port')]);
  }
  if (has(hits, 'auth') || (has(hits, 'authNeed') && (outgoing || has(hits, 'auth')))) {
    asked.push(['smtp_auth', has(hits, 'auth') ? at('auth') : at('authNeed')]);
  } else if (has(hits, 'username') || has(hits, 'password')) {
    asked.push(['username', Math.min(at('username'), at('password'))]);
  }
  // "secure" inside "secure authentication" is about the password method, not the connection.
  if (has(hits, 'encryption') && !(has(hits, 'auth') && !/ (ssl|tls|starttls|chiffrement|encryption) /.test(text))) {
    asked.push(['encryption', at('encryption')]);
  }
  const serverAt = Math.min(at('server'), at('outgoing'), at('incoming'));
  if (has(hits, 'server') || asked.length === 0) {
    if (outgoing && incoming) {
      if (has(hits, 'server')) asked.push(['incoming_server', serverAt], ['outgoing_server', serverAt + 1]);
    } else if (outgoing) asked.push(['outgoing_server', serverAt]);
    else if (incoming) asked.push(['incoming_server', serverAt]);
    else if (has(hits, 'server') && !has(hits, 'settings', 'all') && !setupAsked) asked.push(['incoming_server', serverAt]);
  }
  // The outgoing server named in "does the outgoing server need a password?" is context, not the question.
  if (asked.some(([i]) => i === 'smtp_auth') || (asked.some(([i]) => i === 'username') && !has(hits, 'server'))) {
    for (let i = asked.length - 1; i >= 0; i--) if (asked[i][0].endsWith('_server')) asked.splice(i, 1);
  }
  // A server counts as asked only when named ("smtp port in my settings" is about the port).
  const kinds = new Set(asked.map(([intent]) => (intent.endsWith('_server') ? 'server' : intent)));
  // "le port du serveur sortant": the server says which port, it is not asked for itself.
  const serverQualifiesPort = / ports? (du|de|des|of the|for the|pour le) (serveurs?|servers?) /.test(text);
  if (!has(hits, 'server') || serverQualifiesPort) kinds.delete('server');
  // "servers, ports, ssl, username: everything": a request for all the settings.
  const bothServers = incoming && outgoing && has(hits, 'server');
  const wantsAll = kinds.size >= 3 || (has(hits, 'all') && (kinds.size >= 2 || has(hits, 'settings'))) || (has(hits, 'settings') && bothServers);
  if (wantsAll && !has(hits, 'auth')) {
    return result('all_settings', 0.9);
  }
  if (asked.length > 0) {
    const ordered = orderAsked(asked, text, hits);
    // "how do I set up my iPhone, and what is the outgoing server?": the setup came first.
    if (entities.client && has(hits, 'howto') && has(hits, 'conjunction') && Math.min(at('setup'), at('howto')) < at('conjunction')) {
      return result('client_setup', 0.85, ordered);
    }
    return result(ordered[0], entityOnly ? 0.75 : 0.9, ordered.slice(1), entityOnly);
  }

  // 6. Every setting at once ("what are the settings to configure an account?"), or setting up mail in general.
  if (has(hits, 'settings', 'all') && !has(hits, 'howto') && (has(hits, 'mailWord', 'settings') || hasAddress)) return result('all_settings', 0.9);
  if (setupAsked && (has(hits, 'mailWord', 'settings') || hasAddress)) return result('client_setup', 0.85);
  if (has(hits, 'settings', 'all') && (has(hits, 'mailWord', 'settings') || hasAddress)) return result('all_settings', 0.9);
  if (has(hits, 'setup') && !has(hits, 'outOfScope')) return result('client_setup', 0.7);

  // 7. Small talk about the bot itself.
  const thanksFirst = has(hits, 'thanks') && at('thanks') < at('help');
  if ((has(hits, 'help') || (has(hits, 'person') && !has(hits, 'aboutBot'))) && !thanksFirst) return result('help', 0.9);
  // "are you a bot?": small talk about the bot, answered like other off-topic chat.
  if (has(hits, 'aboutBot')) return result('out_of_scope', 0.8);
  if (has(hits, 'thanks') && !has(hits, 'problem') && (wordCount <= 8 || has(hits, 'resolved') || thanksFirst)) return result('thanks', 0.9);
  // "ça marche pas", "not working": a fault, details to come.
  if (has(hits, 'problem') && wordCount <= 6) return result('troubleshooting', 0.6);
  if (has(hits, 'greeting') && wordCount <= 8) return result('greeting', 0.9);
  if (has(hits, 'outOfScope')) return result('out_of_scope', 0.7);

  // 8. Only an address, or only "email": the user wants their settings.
  if (hasAddress) return result('all_settings', 0.7, [], true);
  if (has(hits, 'mailWord') && wordCount <= 4) return result('all_settings', 0.55, [], true);
  if (has(hits, 'greeting')) return result('greeting', 0.6);
  if (has(hits, 'thanks')) return result('thanks', 0.6);
  return result('unknown', 0.2, [], true);
}

/**
 * Orders setting questions: in "imap port and smtp server?" each part is its own question,
 * asked in that order; in "smtp server port?" the words build one question, and the more
 * specific setting (the port) is what is asked.
 */
function orderAsked(asked: Array<[Intent, number]>, text: string, hits: ConceptHits): Intent[] {
  const unique = new Map<Intent, number>();
  for (const [intent, position] of asked) if (!unique.has(intent)) unique.set(intent, position);
  const entries = [...unique.entries()];
  const split = hits.conjunction !== undefined;
  // "993 with ssl, correct?" checks a port; "SSL/TLS with port 995?" checks the security; "ssl port?" asks a port.
  // "465 with SSL or 587 with TLS?" compares ports: with two ports named first, ports lead.
  const portNumbers = text.match(PORT_NUMBERS) ?? [];
  const securityAt = text.search(/ (ssl|tls|starttls|securite|security) /);
  const securityFirst =
    / (implicit|implicite|explicit|explicite) | (ssl|tls|starttls|securite|security)( \w+)? (ou|or|vs|versus) | (ssl|tls|starttls|securite|security) (with|avec|sur|on|for|pour) (le |the )?(ports?|993|995|465|587|143|110) /.test(text) &&
    !(portNumbers.length >= 2 && text.indexOf(portNumbers[0]!) < securityAt);
  entries.sort((a, b) => {
    // Separate questions ("ssl needed? and what port for imap") keep their order.
    const separate = split && a[1] !== b[1];
    if (!separate && a[0] === 'encryption' && b[0] === 'ports') return securityFirst ? -1 : 1;
    if (!separate && a[0] === 'ports' && b[0] === 'encryption') return securityFirst ? 1 : -1;
    return split && a[1] !== b[1] ? a[1] - b[1] : SETTING_PRIORITY.indexOf(a[0]) - SETTING_PRIORITY.indexOf(b[0]);
  });
  return entries.map(([intent]) => intent);
}
