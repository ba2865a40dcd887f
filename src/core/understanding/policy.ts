import type { Entities, Intent, Protocol, Symptom } from '../types';
import type { Concept, ConceptHits } from './concepts';

/**
 * The intent policy: an ordered table of named rules, tried from the top; the first rule whose
 * condition holds decides. "Why did it answer that?" is the id of that rule
 * (`npm run ask -- --explain "…"`), and each rule's examples are checked to be decided by it.
 */

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
  /** The id of the rule that decided. */
  rule: string;
}

/** Where a new request starts when it follows words of result ("it works. Now I want it on my phone"); undefined otherwise. */
export function newRequestAfterResult(hits: ConceptHits): number | undefined {
  const result = Math.min(hits.resolved ?? Infinity, hits.thanks ?? Infinity);
  return hits.newRequest !== undefined && hits.newRequest > result ? hits.newRequest : undefined;
}

/** What the rules read: the concepts found, the entities, and a few facts derived from them once. */
export class Signals {
  readonly protocols: Protocol[];
  readonly incomingProtocols: Protocol[];
  readonly hasAddress: boolean;
  /** No concept says what the user wants to know: the message only names things. */
  readonly entityOnly: boolean;
  /** A precise setting is asked (server, username, security, authentication). */
  readonly strongAsk: boolean;
  readonly setupAsked: boolean;
  /** "how do I add my account in Thunderbird": setting up a named app, nothing precise asked. */
  readonly setupQuestion: boolean;
  /** "port 110 doesn't work, what should it be?" or "143 None, is that right?": a value is what is asked. */
  readonly valueAsked: boolean;
  readonly confirmingPort: boolean;
  /**
   * What follows the result overtakes it, so the message is no closing: a new request ("it works
   * on the laptop. Now I want it on my phone too") or "still not" ("ça marche toujours pas").
   */
  readonly resultOvertaken: boolean;
  /** Something unmistakably about mail is named: a protocol, "email", an address, an error code, a mail port number. */
  readonly anchored: boolean;

  constructor(
    readonly hits: ConceptHits,
    readonly entities: Entities,
    /** The normalised text, space-padded. */
    readonly text: string,
    readonly wordCount: number,
    /** The message is phrased as a question ("?", "est-ce que", "if I…"). */
    readonly question: boolean,
    /** Where a closing question starts after a statement ("I'll switch to 465. does it need auth?"); 0 without one. */
    readonly questionFrom = 0,
  ) {
    this.protocols = entities.protocols ?? [];
    this.incomingProtocols = this.protocols.filter((p) => p !== 'smtp');
    this.hasAddress = Boolean(entities.email || entities.domain || entities.invalidEmail);
    this.entityOnly = !ASKING.some((c) => this.has(c));
    this.resultOvertaken =
      newRequestAfterResult(hits) !== undefined || (this.has('stillFailing') && this.at('stillFailing') >= Math.min(this.at('resolved'), this.at('thanks')));
    this.strongAsk = this.has('portWord', 'server', 'username', 'encryption', 'auth', 'authNeed');
    this.setupAsked = this.has('setup', 'howto');
    const rightValueAsked = this.has('rightValue') && (entities.port !== undefined || Boolean(entities.domain && !entities.email));
    this.confirmingPort = entities.port !== undefined && this.has('confirm') && question;
    // A server name the user has, checked: "pop.gmail.com, is that the problem?".
    const confirmingServer = Boolean(entities.domain && !entities.email && this.has('server')) && this.has('confirm') && question;
    this.valueAsked = rightValueAsked || this.confirmingPort || confirmingServer;
    // "je configure Mail, j'ai entré 995, c'est correct ?": a value checked is the question, not the setup.
    this.setupQuestion = Boolean(entities.client) && this.setupAsked && !this.strongAsk && !this.valueAsked;
    // Postal mail, texts, chat apps: "mail" there is not email, so only unmistakable words anchor the message.
    const elsewhere = this.has('otherChannel');
    this.anchored =
      this.protocols.length > 0 ||
      this.has('setupFile', 'mailOnly') ||
      Boolean(entities.errorCode || entities.email || entities.recipient || entities.pasted || (entities.otherClient && entities.otherClient !== 'send_only')) ||
      (!elsewhere &&
        (this.has('mailWord') ||
          (entities.port !== undefined && MAIL_PORTS.has(entities.port)) ||
          (entities.port === SMTP_RELAY_PORT && this.has('portWord')) ||
          // "my messages have disappeared", "j'envoie… la réception ça va": a fault with messages, or sending
          // and receiving together, is about mail.
          (Boolean(entities.symptom) &&
            (this.has('messageWord') || (Boolean(entities.client && entities.client !== 'generic') && this.has('server', 'incoming', 'outgoing')))) ||
          (this.has('incoming') && this.has('outgoing')) ||
          // "settings for iphone": a mail app named with a setup or settings word.
          (Boolean(entities.client && entities.client !== 'generic') && this.has('setup', 'settings')) ||
          // "hostnames, ports et sécu": several settings named together are mail settings.
          (['portWord', 'server', 'encryption', 'username', 'auth'] as const).filter((c) => this.has(c)).length >= 2));
  }

  /** The same message with some concepts set aside (to read the mail part of a two-topic message). */
  without(...names: Concept[]): Signals {
    const hits: ConceptHits = { ...this.hits };
    for (const name of names) delete hits[name];
    return new Signals(hits, this.entities, this.text, this.wordCount, this.question, this.questionFrom);
  }

  has(...names: Concept[]): boolean {
    // A plain loop: this runs thousands of times per message, and a closure each time shows in the GC.
    for (let i = 0; i < names.length; i++) if (this.hits[names[i]] !== undefined) return true;
    return false;
  }

  /** Where a concept first appears (characters), or far beyond the end when absent. */
  at(name: Concept): number {
    return this.hits[name] ?? Number.MAX_SAFE_INTEGER;
  }
}

/** What a rule concludes: an intent, or a full decision when the rule computes more (other intents asked). */
export interface Decision {
  intent: Intent;
  confidence: number;
  alsoAsked?: Intent[];
  entityOnly?: boolean;
}

export interface PolicyRule {
  id: string;
  /** Why the rule exists, for the reader of `--explain` and of this table. */
  why: string;
  /** Messages this rule decides (a test checks each one is decided by this rule, in the rule's language). */
  examples: readonly string[];
  when(s: Signals): boolean;
  then: Decision | ((s: Signals) => Decision);
}

/** Intents that answer a question about one setting; several can be asked at once. */
const SETTING_PRIORITY: readonly Intent[] = ['ports', 'username', 'smtp_auth', 'encryption', 'outgoing_server', 'incoming_server'];

/** Concepts that say what the user wants to know (as opposed to what it is about). */
const ASKING: readonly Concept[] = [
  'setupFile', 'port', 'server', 'username', 'password', 'encryption', 'auth', 'authNeed', 'setup', 'howto', 'settings', 'all',
  'choice', 'protocolWord', 'explain', 'devices', 'storage', 'problem', 'greeting', 'thanks', 'help', 'outOfScope',
];

/** Ports only mail uses, so naming one is about mail. */
const MAIL_PORTS: ReadonlySet<number> = new Set([993, 995, 465, 587, 143, 110]);
/** SMTP's own port, which ISPs block: about mail only when called a port ("le 25" is also a date). */
const SMTP_RELAY_PORT = 25;

/** Port numbers customers name, as whole words of the normalised text. */
const PORT_NUMBERS = / (993|995|465|587|143|110|25|2525)(?= )/g;

/** Symptoms read from "send"/"receive" words, as opposed to ones that describe themselves (certificate, time-out…). */
const DIRECTIONAL: ReadonlySet<Symptom> = new Set(['cannot_send', 'cannot_receive']);

/** Another channel's messages ("mes messages whatsapp ne partent pas") are not mail, unless mail is named too. */
function otherChannelOnly(s: Signals): boolean {
  return s.has('otherChannel') && !s.anchored;
}

function mailContext(s: Signals): boolean {
  if (otherChannelOnly(s)) return false;
  return s.protocols.length > 0 || Boolean(s.entities.client) || s.has('mailWord', 'server', 'port', 'password', 'username', 'encryption', 'incoming', 'outgoing');
}

/** A mail setting is asked about, which out-of-scope words do not override. */
function settingSignal(s: Signals): boolean {
  if (otherChannelOnly(s)) return false;
  return (
    // "he created an address for me with you: how do I put it on my tablet?"
    (s.setupAsked && s.has('device')) ||
    s.protocols.length > 0 ||
    s.has('port', 'server', 'username', 'encryption', 'auth', 'authNeed', 'incoming', 'outgoing', 'devices', 'protocolWord', 'storage')
  );
}

/** POP or IMAP is weighed: a choice between them, several devices, or keeping mail. */
function choiceAsked(s: Signals): boolean {
  const bothIncoming = s.incomingProtocols.includes('imap') && s.incomingProtocols.includes('pop3');
  const weighing = s.has('choice') || / (ou|or|vs|versus) /.test(s.text);
  const keepingMail = s.has('storage') && (s.incomingProtocols.length > 0 || s.has('protocolWord', 'choice'));
  // "pop.example.ch or imap.example.ch?" asks which server name, not which protocol.
  return (bothIncoming && weighing && !((s.has('server') || s.entities.port !== undefined) && !s.has('choice'))) || s.has('devices') || keepingMail;
}

/** "how do I set up Outlook, and what's the difference between POP and IMAP?": the setup came first. */
function setupFirst(s: Signals): boolean {
  const protocolAt = s.text.search(/ (imap|pop3) /);
  return (
    // Asked as a question ("how do I set up…"), not told as the context ("trying to add it, it asks…").
    s.setupQuestion &&
    s.has('howto') &&
    Math.min(s.at('setup'), s.at('howto')) < Math.min(s.at('choice'), s.at('protocolWord'), s.at('explain'), protocolAt < 0 ? Number.MAX_SAFE_INTEGER : protocolAt)
  );
}

interface SettingsAsked {
  asked: Array<[Intent, number]>;
  incoming: boolean;
  outgoing: boolean;
}

/** Several rules read the settings asked: work them out once per message. */
const askedOf = new WeakMap<Signals, SettingsAsked>();

function settingsAsked(s: Signals): SettingsAsked {
  let found = askedOf.get(s);
  if (!found) askedOf.set(s, (found = findSettingsAsked(s)));
  return found;
}

/** The settings asked, each with where it was asked (for the order of the answers). */
function findSettingsAsked(s: Signals): SettingsAsked {
  const byName = !s.setupAsked && !s.entities.client;
  const outgoing = s.has('outgoing') || (s.protocols.includes('smtp') && (byName || s.has('server')));
  const incoming = s.has('incoming') || (s.incomingProtocols.length > 0 && (byName || s.has('server')));
  const asked: Array<[Intent, number]> = [];
  // "SSL or STARTTLS for 465?" asks about security; a port number alone does not make it a port question.
  if (s.confirmingPort) asked.push(['ports', -1]);
  else if (s.has('portWord') || (s.has('port') && !s.has('auth', 'server', 'username'))) asked.push(['ports', s.at('port')]);
  if (s.has('auth') || (s.has('authNeed') && (outgoing || s.has('auth')))) {
    asked.push(['smtp_auth', s.has('auth') ? s.at('auth') : s.at('authNeed')]);
  } else if (s.has('username', 'password')) {
    asked.push(['username', Math.min(s.at('username'), s.at('password'))]);
  }
  // "secure" inside "secure authentication" is about the password method, not the connection.
  if (s.has('encryption') && !(s.has('auth') && !/ (ssl|tls|starttls|chiffrement|encryption) /.test(s.text))) {
    asked.push(['encryption', s.at('encryption')]);
  }
  const serverAt = Math.min(s.at('server'), s.at('outgoing'), s.at('incoming'));
  if (s.has('server') || asked.length === 0) {
    if (outgoing && incoming) {
      // "le serveur pour recevoir c'est le même que pour envoyer ?": in the order they were named.
      if (s.has('server')) {
        const incomingFirst = s.at('incoming') <= s.at('outgoing');
        asked.push(['incoming_server', incomingFirst ? serverAt : serverAt + 1], ['outgoing_server', incomingFirst ? serverAt + 1 : serverAt]);
      }
    } else if (outgoing) asked.push(['outgoing_server', serverAt]);
    else if (incoming) asked.push(['incoming_server', serverAt]);
    else if (s.has('server') && !s.has('settings', 'all') && !s.setupAsked) asked.push(['incoming_server', serverAt]);
  }
  // The outgoing server named in "does the outgoing server need a password?" is context, not the question.
  if (asked.some(([i]) => i === 'smtp_auth') || (asked.some(([i]) => i === 'username') && !s.has('server'))) {
    for (let i = asked.length - 1; i >= 0; i--) if (asked[i][0].endsWith('_server')) asked.splice(i, 1);
  }
  return { asked, incoming, outgoing };
}

/** "servers, ports, ssl, username: everything": several settings, or all of them, asked at once. */
function wantsAll(s: Signals): boolean {
  const { asked, incoming, outgoing } = settingsAsked(s);
  // A server counts as asked only when named ("smtp port in my settings" is about the port).
  const kinds = new Set(asked.map(([intent]) => (intent.endsWith('_server') ? 'server' : intent)));
  // "le port du serveur sortant": the server says which port, it is not asked for itself.
  const serverQualifiesPort = / ports? (du|de|des|of the|for the|pour le) (serveurs?|servers?) /.test(s.text);
  if (!s.has('server') || serverQualifiesPort) kinds.delete('server');
  const bothServers = incoming && outgoing && s.has('server');
  // "les paramètres du compte (POP, SMTP, identifiant…)": the settings of both directions.
  const bothDirections = incoming && outgoing && s.protocols.length >= 2;
  return (kinds.size >= 3 || (s.has('all') && (kinds.size >= 2 || s.has('settings'))) || (s.has('settings') && (bothServers || bothDirections))) && !s.has('auth');
}

/**
 * Orders setting questions: in "imap port and smtp server?" each part is its own question,
 * asked in that order; in "smtp server port?" the words build one question, and the more
 * specific setting (the port) is what is asked.
 */
function orderAsked(asked: Array<[Intent, number]>, s: Signals): Intent[] {
  const unique = new Map<Intent, number>();
  for (const [intent, position] of asked) if (!unique.has(intent)) unique.set(intent, position);
  const entries = [...unique.entries()];
  const split = s.has('conjunction');
  // "993 with ssl, correct?" checks a port; "SSL/TLS with port 995?" checks the security; "ssl port?" asks a port.
  // "465 with SSL or 587 with TLS?" compares ports: with two ports named first, ports lead.
  const portNumbers = s.text.match(PORT_NUMBERS) ?? [];
  const securityAt = s.text.search(/ (ssl|tls|starttls|securite|security) /);
  const securityFirst =
    / (implicit|implicite|explicit|explicite) | (ssl|tls|starttls|securite|security)( \w+)? (ou|or|vs|versus) | (ssl|tls|starttls|securite|security) (with|avec|sur|on|for|pour) (le |the )?(ports?|993|995|465|587|143|110) /.test(s.text) &&
    !(portNumbers.length >= 2 && s.text.indexOf(portNumbers[0]!) < securityAt);
  const inQuestion = (position: number) => s.questionFrom > 0 && position >= s.questionFrom;
  entries.sort((a, b) => {
    // "ok I'll switch to 465. does it need authentication as well?": the setting in the question comes first.
    if (inQuestion(a[1]) !== inQuestion(b[1])) return inQuestion(a[1]) ? -1 : 1;
    // Separate questions ("ssl needed? and what port for imap") keep their order.
    const separate = split && a[1] !== b[1];
    if (!separate && a[0] === 'encryption' && b[0] === 'ports') return securityFirst ? -1 : 1;
    if (!separate && a[0] === 'ports' && b[0] === 'encryption') return securityFirst ? 1 : -1;
    if (a[0].endsWith('_server') && b[0].endsWith('_server')) return a[1] - b[1];
    return separate ? a[1] - b[1] : SETTING_PRIORITY.indexOf(a[0]) - SETTING_PRIORITY.indexOf(b[0]);
  });
  return entries.map(([intent]) => intent);
}

/** The ordered policy. Order is meaning: a described fault beats a setting question, a setting question beats small talk. */
export const POLICY: readonly PolicyRule[] = [
  {
    id: 'distress',
    why: 'Someone in distress gets a short, kind answer that points to a person, never a settings card; the message is logged without its text.',
    examples: ["j'ai envie de mourir", 'I want to die', "je n'en peux plus, j'ai plus envie de vivre"],
    when: (s) => s.has('distress'),
    then: { intent: 'out_of_scope', confidence: 0.95 },
  },
  {
    id: 'domain-check',
    why: 'A live check of the user\'s domain is asked ("vérifie mon domaine", "check bob@acme.co.uk"); the service runs it on the domain of the message or the conversation. Settings pasted, or a port named without an address, ask for a comparison instead.',
    examples: ['vérifie mon domaine boulangerie-dupont.fr', 'check my settings for bob@acme.co.uk', 'teste ma config', 'diagnostic'],
    // A port with no address ("check my settings: port 587") is a value to compare; "check x.fr:993" is still a check,
    // and so is "check [::1]:993" (an IP address is read as "addr" but is no domain entity).
    when: (s) => s.has('checkDomain') && !s.entities.pasted && !(s.entities.port !== undefined && !s.hasAddress && !s.text.includes(' addr ')),
    then: { intent: 'diagnose', confidence: 0.95 },
  },
  {
    id: 'nothing-said',
    why: 'An empty message (after folding) with no address says nothing to answer.',
    examples: ['?', '???'],
    when: (s) => s.wordCount === 0 && !s.hasAddress && !s.entities.pasted,
    then: { intent: 'unknown', confidence: 0 },
  },
  {
    id: 'closing-thanks',
    why: '"ok it was the port, works again, thanks": closing words, not a new question ("comment ça marche ce bot" asks how the bot works).',
    examples: ['ok that worked', 'merci beaucoup ça marche !!', 'it works now, thanks a lot'],
    // Not: "it works on the laptop. Now I want it on my phone too" (a new request after the result).
    when: (s) =>
      s.has('resolved') &&
      s.has('thanks') &&
      !s.question &&
      !s.has('problem', 'outOfScope') &&
      !s.entities.symptom &&
      !(s.at('help') <= s.at('resolved')) &&
      !s.resultOvertaken,
    then: { intent: 'thanks', confidence: 0.9 },
  },
  {
    id: 'closing-with-a-plan',
    why: '"ok on va le réinitialiser dans l\'espace client, merci": the user says what they will do and thanks; nothing is asked.',
    examples: ["ok we'll reset it in the client area, thanks", "d'accord je vais appeler le support, merci"],
    when: (s) => s.has('thanks', 'plan') && s.has('plan') && s.has('thanks') && s.at('plan') < s.at('thanks') && !s.question && !s.has('problem', 'stillFailing'),
    then: { intent: 'thanks', confidence: 0.85 },
  },
  {
    id: 'fixed-it',
    why: '"ok changed it and the warning is gone": a report that it works now, with no new question.',
    examples: ['ok I changed it, sorted', 'it sends now'],
    when: (s) => s.has('resolved') && !s.question && !s.has('problem', 'outOfScope', 'help') && !s.entities.errorCode && !s.resultOvertaken,
    then: { intent: 'thanks', confidence: 0.8 },
  },
  {
    id: 'pop-keeps-mail',
    why: '"Does POP delete my mail from the server?" asks how POP behaves; it does not report a fault.',
    examples: ['Does POP delete emails from the server after download?', 'est ce que le pop3 supprime les mails du serveur ?'],
    when: (s) =>
      s.has('storage') && s.question && !s.has('problem') && (s.protocols.some((p) => p !== 'smtp') || s.has('protocolWord', 'choice')),
    then: { intent: 'protocol_choice', confidence: 0.85 },
  },
  {
    id: 'kept-across-devices',
    why: '"will my emails disappear from the laptop if I read them on the phone?": how mail is kept when several devices read it is the POP/IMAP choice, not a fault.',
    examples: ['will my emails disappear from the laptop if I read them on the phone?', "si je lis mes mails sur le téléphone, ils vont disparaître de l'ordi ?"],
    when: (s) => s.has('storage') && s.has('hypothetical') && s.question && s.entities.devices === 'several' && !s.has('problem', 'stillFailing'),
    then: { intent: 'protocol_choice', confidence: 0.85 },
  },
  {
    id: 'host-support-topic',
    why: 'A blocklist bounce, DNS records, a domain expiring: the host\'s support handles them, not a mail app.',
    examples: ['my domain is on a blacklist, spamhaus'],
    // "SMTP settings for PHPMailer?": a setting asked for a website form is answered; the form failing is support's.
    when: (s) => s.has('adminTopic') && !s.has('port') && !(s.protocols.includes('smtp') && (s.strongAsk || s.has('settings'))),
    then: { intent: 'out_of_scope', confidence: 0.85 },
  },
  {
    id: 'tls-versions',
    why: '"do you still accept TLS 1.0? an old Outlook won\'t connect": which versions, a security question.',
    examples: ['do you support tls 1.3?'],
    when: (s) => s.has('tlsVersion') && !s.entities.errorCode,
    then: { intent: 'encryption', confidence: 0.85 },
  },
  {
    id: 'error-code',
    why: 'A pasted error code is a fault to troubleshoot.',
    examples: ['0x800CCC0E', 'error 0x800CCC92 in outlook'],
    when: (s) => Boolean(s.entities.errorCode),
    then: { intent: 'troubleshooting', confidence: 0.95 },
  },
  {
    id: 'symptom',
    why: 'A described symptom is a fault, unless sending or receiving is only the context of a setup or a value asked.',
    examples: ['cant send emails pls help', 'emails stuck in outbox'],
    when: (s) => {
      const symptom = s.entities.symptom;
      if (otherChannelOnly(s)) return false;
      return Boolean(symptom) && !(DIRECTIONAL.has(symptom!) && (s.setupQuestion || s.has('lookingFor') || s.valueAsked));
    },
    then: { intent: 'troubleshooting', confidence: 0.9 },
  },
  {
    id: 'fault-with-mail',
    why: 'Something fails and it is about mail: troubleshooting.',
    examples: ["Mail keeps saying 'Cannot Get Mail' on my ipad", 'outlook for mac: the server cannot be found'],
    when: (s) => s.has('problem') && mailContext(s) && !(s.setupQuestion && (s.has('howto') || s.question)) && !s.has('lookingFor') && !s.valueAsked,
    then: { intent: 'troubleshooting', confidence: 0.8 },
  },
  {
    id: 'setup-file',
    why: 'A setup file for a client ("iPhone profile for alice@example.com") is a setup request.',
    examples: ['iphone profile please'],
    when: (s) => Boolean(s.entities.setupFile) && !s.has('problem'),
    then: { intent: 'client_setup', confidence: 0.9 },
  },
  {
    id: 'two-topics',
    why: '"set up my iPhone and reset my webmail password": answer the mail part, hand the rest to support.',
    examples: ["Je voudrais installer ma boîte sur mon iPhone et aussi j'ai oublié le mot de passe du webmail", 'How do I set up mail on my iPhone and also how much does an extra mailbox cost?'],
    when: (s) => {
      if (!s.has('outOfScope', 'adminTopic') || !s.has('conjunction')) return false;
      if (!(s.setupQuestion || (s.setupAsked && s.has('mailWord', 'device')) || (s.strongAsk && s.anchored))) return false;
      // The joining word sits between the two asks ("set up my iPhone AND how much…"), not inside one of them.
      const askAt = Math.min(s.at('setup'), s.at('howto'), s.at('portWord'), s.at('server'), s.at('username'), s.at('encryption'), s.at('auth'));
      const otherAt = Math.min(s.at('outOfScope'), s.at('adminTopic'));
      const joinAt = s.at('conjunction');
      return Math.min(askAt, otherAt) < joinAt && joinAt < Math.max(askAt, otherAt);
    },
    then: (s) => {
      const mailPart = decide(s.without('outOfScope', 'adminTopic'));
      return { intent: mailPart.intent, confidence: mailPart.confidence, alsoAsked: [...mailPart.alsoAsked, 'out_of_scope'] };
    },
  },
  {
    id: 'out-of-scope-topic',
    why: 'Billing, domains, spam policy, forwarding…: support handles them, unless a mail setting is asked about.',
    examples: ['how much does an extra mailbox cost', 'how do I create a new email address on my plan?'],
    when: (s) => s.has('outOfScope') && !settingSignal(s),
    then: { intent: 'out_of_scope', confidence: 0.85 },
  },
  {
    id: 'pasted-settings',
    why: '"Port: 587, Secure (SSL): No" pasted alone: the user wants those values checked.',
    examples: ['Port: 587, Secure(SSL): No', "Nom d'utilisateur : bob, Serveur : mail.x.fr, Port : 993, Sécurité : Aucune"],
    // Only when the rest asks nothing precise ("c'est correct pour l'envoi ?"): the values are the question.
    when: (s) => Boolean(s.entities.pasted) && !s.has('portWord', 'server', 'username', 'encryption', 'auth', 'authNeed', 'setup', 'howto', 'problem') && !s.has('applied'),
    then: (s) => {
      const p = s.entities.pasted!;
      const named = [p.port !== undefined, p.security !== undefined, p.username !== undefined, p.server !== undefined].filter(Boolean).length;
      if (named >= 3) return { intent: 'all_settings', confidence: 0.8 };
      if (p.port !== undefined) return { intent: 'ports', confidence: 0.8, alsoAsked: p.security ? ['encryption'] : [] };
      if (p.security) return { intent: 'encryption', confidence: 0.8 };
      if (p.username) return { intent: 'username', confidence: 0.8 };
      return { intent: 'incoming_server', confidence: 0.7 };
    },
  },
  {
    id: 'protocol-choice-after-setup',
    why: '"how do I set up Outlook, and which is better, POP or IMAP?": both asked, the setup first.',
    examples: ['how do I set up thunderbird, and which is better, pop or imap?'],
    when: (s) => choiceAsked(s) && setupFirst(s),
    then: { intent: 'client_setup', confidence: 0.9, alsoAsked: ['protocol_choice'] },
  },
  {
    id: 'protocol-choice',
    why: 'POP or IMAP weighed: a choice between them, several devices, keeping mail.',
    examples: ['POP or IMAP?', 'should i use imap or pop i have a phone and a laptop'],
    when: choiceAsked,
    then: (s) => {
      // "pop ou imap ? et faut il du ssl": the other settings asked come too.
      const portAlso: Intent[] = [...(s.has('port') ? (['ports'] as const) : []), ...(s.has('encryption') ? (['encryption'] as const) : [])];
      return { intent: 'protocol_choice', confidence: 0.95, alsoAsked: s.setupQuestion ? [...portAlso, 'client_setup'] : portAlso };
    },
  },
  {
    id: 'protocol-named',
    why: 'Both incoming protocols, the word "protocol", or what IMAP/POP is, with no precise setting asked.',
    examples: ['what is imap', "c'est quoi IMAP exactement ?"],
    when: (s) =>
      !s.strongAsk &&
      !s.has('port') &&
      ((s.incomingProtocols.includes('imap') && s.incomingProtocols.includes('pop3')) ||
        (s.has('protocolWord') && !s.setupAsked) ||
        (s.has('choice') && s.incomingProtocols.length > 0) ||
        (s.has('explain', 'definition') && s.incomingProtocols.length > 0 && !s.has('settings') && !s.setupAsked)),
    then: { intent: 'protocol_choice', confidence: 0.85 },
  },
  {
    id: 'about-a-protocol',
    why: '"is pop3 outdated?", "IMAP syncs what exactly?": a sentence about IMAP or POP itself, with no setting asked, is about choosing between them.',
    examples: ['is pop3 outdated? my nephew reckons nobody uses it anymore', 'imap ça synchronise quoi exactement ?'],
    when: (s) =>
      s.incomingProtocols.length > 0 &&
      !s.protocols.includes('smtp') &&
      s.wordCount >= 3 &&
      // A question about the protocol; "and for pop?" continues the conversation, "he put it on pop" reports a setting.
      s.question &&
      !s.has('followUp', 'applied', 'stillFailing', 'confirm', 'password', 'auth', 'username') &&
      !s.strongAsk &&
      !s.has('port', 'settings', 'all', 'setup', 'howto', 'problem', 'server', 'thanks', 'greeting') &&
      !s.entities.client &&
      !s.entities.symptom,
    then: { intent: 'protocol_choice', confidence: 0.8 },
  },
  {
    id: 'device-setup',
    why: '"how do I get my mail on my phone": setting up a device, unless a precise setting is asked.',
    examples: ['how to setup email on my android phone (not gmail, the samsung one)'],
    when: (s) => s.has('howto', 'setup') && s.has('device') && !s.strongAsk && !s.has('port') && !(s.has('all') && s.has('settings')),
    then: { intent: 'client_setup', confidence: 0.85 },
  },
  {
    id: 'smtp-settings',
    why: '"need the smtp settings for outlook": the outgoing server\'s settings, not the whole guide.',
    examples: ['need the smtp settings for outlook'],
    when: (s) =>
      s.protocols.length === 1 &&
      s.protocols[0] === 'smtp' &&
      s.has('settings') &&
      !s.setupAsked &&
      !s.has('port', 'auth', 'authNeed') &&
      s.entities.otherClient !== 'send_only',
    then: { intent: 'outgoing_server', confidence: 0.85 },
  },
  {
    id: 'client-setup',
    why: 'Setting up a named client ("configurer outlook", "samsung email config"), unless a precise setting is asked.',
    examples: ['how do i set up my email in outlook 2016', 'configurer outlook'],
    when: (s) => s.setupQuestion || (Boolean(s.entities.client) && !s.strongAsk && !s.has('port', 'all')),
    then: (s) => ({ intent: 'client_setup', confidence: s.setupAsked ? 0.95 : 0.8, entityOnly: s.entityOnly }),
  },
  {
    id: 'incoming-protocol-settings',
    why: '"what are the pop3 settings?": an incoming protocol\'s settings are the whole set (it needs SMTP too).',
    examples: ['what are the pop3 settings?'],
    when: (s) =>
      // "paramètres serveur en POP3": server settings are all the settings too.
      s.has('settings') && !s.has('username', 'encryption', 'auth', 'authNeed') && !s.has('port', 'portWord') && s.incomingProtocols.length > 0 && !s.setupAsked && !s.entities.client,
    then: { intent: 'all_settings', confidence: 0.85 },
  },
  {
    id: 'several-settings',
    why: 'Several settings asked at once, or "all the settings" with one of them: all the settings.',
    examples: ['full config pls', 'hostnames, ports et sécu svp'],
    when: wantsAll,
    then: { intent: 'all_settings', confidence: 0.9 },
  },
  {
    id: 'setup-then-setting',
    why: '"how do I set up my iPhone, and what is the outgoing server?": the setup came first, the setting after.',
    examples: ["Comment configurer mon iPhone et c'est quoi le serveur sortant ?"],
    when: (s) =>
      settingsAsked(s).asked.length > 0 &&
      Boolean(s.entities.client) &&
      s.has('howto') &&
      s.has('conjunction') &&
      Math.min(s.at('setup'), s.at('howto')) < s.at('conjunction'),
    then: (s) => ({ intent: 'client_setup', confidence: 0.85, alsoAsked: orderAsked(settingsAsked(s).asked, s) }),
  },
  {
    id: 'setting',
    why: 'One or more settings asked (port, server, username, security, authentication), in the order asked.',
    examples: ['incoming mail server?', 'pop server name pls', 'imap port?'],
    when: (s) => settingsAsked(s).asked.length > 0,
    then: (s) => {
      const ordered = orderAsked(settingsAsked(s).asked, s);
      return { intent: ordered[0], confidence: s.entityOnly ? 0.75 : 0.9, alsoAsked: ordered.slice(1), entityOnly: s.entityOnly };
    },
  },
  {
    id: 'all-settings',
    why: '"what are the settings to configure an account?": every setting at once.',
    examples: ['what settings do I need', 'email settings'],
    when: (s) => s.has('settings', 'all') && !s.has('howto') && (s.has('mailWord', 'settings') || s.hasAddress),
    then: { intent: 'all_settings', confidence: 0.9 },
  },
  {
    id: 'mail-setup',
    why: '"how do I set up my email": setting up mail in general.',
    examples: ['how do i set up my email', 'comment je configure mes mails', 'comment je remets en imap'],
    // "comment je remets en imap": how to set the account up with that protocol.
    when: (s) => s.setupAsked && (s.has('mailWord', 'settings') || s.hasAddress || s.incomingProtocols.length > 0),
    then: { intent: 'client_setup', confidence: 0.85 },
  },
  {
    id: 'setup-word',
    why: 'A setup word alone, nothing out of scope.',
    examples: ['configurer', 'install'],
    when: (s) => s.has('setup') && !s.has('outOfScope'),
    then: { intent: 'client_setup', confidence: 0.7 },
  },
  {
    id: 'help',
    why: 'What the bot can do, how to use it, or someone to talk to (unless thanks came first).',
    examples: ['what can you do?', 'can i talk to a real person'],
    when: (s) => (s.has('help') || (s.has('person') && !s.has('aboutBot'))) && !(s.has('thanks') && s.at('thanks') < s.at('help')),
    then: { intent: 'help', confidence: 0.9 },
  },
  {
    id: 'about-bot',
    why: '"are you a bot?", "t\'es un humain ?": the bot says it is one and how to reach a person.',
    examples: ['are you a bot?', "t'es un robot ?"],
    when: (s) => s.has('aboutBot'),
    then: { intent: 'help', confidence: 0.85 },
  },
  {
    id: 'thanks',
    why: 'Thanks or goodbye, short or closing.',
    examples: ['thanks', 'cheers mate'],
    when: (s) =>
      s.has('thanks') && !s.has('problem') && !s.resultOvertaken && (s.wordCount <= 8 || s.has('resolved') || (s.has('thanks') && s.at('thanks') < s.at('help'))),
    then: { intent: 'thanks', confidence: 0.9 },
  },
  {
    id: 'short-fault',
    why: '"ça marche pas", "not working": a fault, details to come.',
    examples: ['not working', 'ça marche pas'],
    when: (s) => s.has('problem') && s.wordCount <= 6,
    then: { intent: 'troubleshooting', confidence: 0.6 },
  },
  {
    id: 'greeting',
    why: 'Hello, and not much else.',
    examples: ['hi', 'good morning'],
    when: (s) => s.has('greeting') && s.wordCount <= 8,
    then: { intent: 'greeting', confidence: 0.9 },
  },
  {
    id: 'out-of-scope-words',
    why: 'Out-of-scope words with nothing else to go on.',
    examples: ['how much should I tip the server on a $80 bill'],
    when: (s) => s.has('outOfScope'),
    then: { intent: 'out_of_scope', confidence: 0.7 },
  },
  {
    id: 'address-only',
    why: 'Only an address: the user wants their settings.',
    examples: ['alice@example.com'],
    when: (s) => s.hasAddress,
    then: { intent: 'all_settings', confidence: 0.7, entityOnly: true },
  },
  {
    id: 'mail-word-only',
    why: 'Only "email" in a few words: the user wants their settings.',
    examples: ['email', 'mon email'],
    when: (s) => s.has('mailWord') && s.wordCount <= 4,
    then: { intent: 'all_settings', confidence: 0.55, entityOnly: true },
  },
  {
    id: 'long-greeting',
    why: 'A greeting in a longer message we cannot otherwise place.',
    examples: ['hello there my friend, how is life on your side of the world today'],
    when: (s) => s.has('greeting'),
    then: { intent: 'greeting', confidence: 0.6 },
  },
  {
    id: 'long-thanks',
    why: 'Thanks in a longer message we cannot otherwise place.',
    examples: ['thanks, although I still have a little problem with the kids today'],
    // Not "it works? no, still not": a result taken back is no thanks.
    when: (s) => s.has('thanks') && !(s.has('resolved') && s.resultOvertaken),
    then: { intent: 'thanks', confidence: 0.6 },
  },
  {
    id: 'not-understood',
    why: 'Nothing matched: say so rather than guess.',
    examples: ['asdfjkl', 'ok so'],
    when: () => true,
    then: { intent: 'unknown', confidence: 0.2, entityOnly: true },
  },
];

/** Applies the policy: the first rule that holds decides. */
export function decide(s: Signals): Classification {
  for (const rule of POLICY) {
    if (!rule.when(s)) continue;
    const d = typeof rule.then === 'function' ? rule.then(s) : rule.then;
    return { intent: d.intent, confidence: d.confidence, alsoAsked: d.alsoAsked ?? [], entityOnly: d.entityOnly ?? false, rule: rule.id };
  }
  // The last rule always holds; this keeps the type checker sure of it.
  throw new Error('the policy has no catch-all rule');
}
