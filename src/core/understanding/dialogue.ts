import type { ConversationState } from '../context-store';
import type { Entities, Intent, Protocol, Symptom } from '../types';
import type { Classification, Signals } from './policy';

/**
 * Dialogue: how a message continues the conversation. The state (`ConversationState`) holds the
 * topic (the last intent), its entities (direction and protocols, client, address, symptom), the
 * language and what the last answer asked; these named rules, tried in order after the policy,
 * read it explicitly. The first that holds decides; then the client and the address carry over.
 */

/** Intents a conversation can continue ("and for POP?"). */
export const CONTINUABLE: ReadonlySet<Intent> = new Set([
  'protocol_choice', 'incoming_server', 'outgoing_server', 'ports', 'username', 'encryption', 'smtp_auth',
  'client_setup', 'all_settings', 'troubleshooting',
  // "Which address should I check?" answered with an address alone, or "and bob@other.fr?" after a check.
  'diagnose',
]);

/** Topics that are one setting: a pronoun or a bare value in the next message refers to them. */
const SETTING_TOPICS: ReadonlySet<Intent> = new Set(['ports', 'username', 'encryption', 'smtp_auth', 'incoming_server', 'outgoing_server']);

export interface DialogueContext {
  found: Classification;
  s: Signals;
  previous: ConversationState;
  /** The ports of the knowledge base's services: a port reported right is no longer the fault. */
  ports: ReadonlySet<number>;
  /** The start of the servers' names ("mail."): a server reported without it is not ours. */
  hostPrefix: string;
}

export interface DialogueDecision {
  intent: Intent;
  confidence: number;
  rule: string;
  /** Entities to use instead of the message's own (merged with the state's). */
  entities?: Entities;
  alsoAsked?: Intent[];
}

export interface DialogueRule {
  id: string;
  why: string;
  /** A user> / bot> exchange the rule is for; the transcripts hold the full conversations. */
  example: string;
  when(c: DialogueContext): boolean;
  then(c: DialogueContext): DialogueDecision;
}


/**
 * The direction the conversation has kept: the last topic's, unless the turn before went the other
 * way ("incoming server?" then "and outgoing?": a bare "port?" then means both).
 */
export function steadyDirection(state: ConversationState): 'incoming' | 'outgoing' | undefined {
  const direction = directionOf(state);
  const before = state.turns.length >= 2 ? state.turns[state.turns.length - 2].intent : undefined;
  const beforeDirection = before === 'outgoing_server' || before === 'smtp_auth' ? 'outgoing' : before === 'incoming_server' ? 'incoming' : undefined;
  return beforeDirection && direction && beforeDirection !== direction ? undefined : direction;
}

/** Outgoing when the topic was about sending, incoming when about receiving, from intent or protocols. */
export function directionOf(state: Pick<ConversationState, 'intent' | 'entities'>): 'incoming' | 'outgoing' | undefined {
  if (state.intent === 'outgoing_server' || state.intent === 'smtp_auth') return 'outgoing';
  if (state.intent === 'incoming_server') return 'incoming';
  const protocols = state.entities.protocols ?? [];
  if (protocols.length === 1) return protocols[0] === 'smtp' ? 'outgoing' : 'incoming';
  if (state.entities.symptom === 'cannot_send') return 'outgoing';
  if (state.entities.symptom === 'cannot_receive') return 'incoming';
  return undefined;
}

/** The symptom a fault continues with: the one named, the one before, or the direction's. */
function faultSymptom(c: DialogueContext): Symptom | undefined {
  if (c.s.entities.symptom) return c.s.entities.symptom;
  if (c.previous.entities.symptom) return c.previous.entities.symptom;
  const direction = directionOf(c.previous);
  return direction === 'outgoing' ? 'cannot_send' : direction === 'incoming' ? 'cannot_receive' : undefined;
}

function withSymptom(c: DialogueContext): Entities {
  const symptom = faultSymptom(c);
  return symptom ? { ...c.s.entities, symptom } : { ...c.s.entities };
}

/** "it works now, thanks": the conversation is closing, whatever values it mentions. */
function isClosing(found: Classification, s: Signals): boolean {
  return found.intent === 'thanks' || s.has('resolved');
}

/**
 * The setting a reported value gets wrong, in the order an app's screen shows them: the server
 * (not ours: "boutique-lavande.fr", "smtp.x.com"), the port, the security ("aucune"), the username
 * (without the domain). The knowledge base's own comparison comes in the answer.
 */
function firstWrongReported({ s, previous, ports, hostPrefix }: DialogueContext): Intent | undefined {
  const reported = s.entities.pasted;
  if (!reported) return undefined;
  // A certificate warning with a server not ours is explained by that server: the fault's answer says so.
  if (reported.server && !reported.server.startsWith(hostPrefix) && previous.entities.symptom !== 'certificate_warning') {
    const outgoing = s.has('outgoing') || s.protocols.includes('smtp') || /^smtp\./.test(reported.server) || (!s.has('incoming') && directionOf(previous) === 'outgoing');
    return outgoing ? 'outgoing_server' : 'incoming_server';
  }
  if (reported.port !== undefined && !ports.has(reported.port)) return 'ports';
  if (reported.security === 'none') return 'encryption';
  if (reported.username && !reported.username.includes('@')) return 'username';
  return undefined;
}

/** The new app's entities, with the protocol chosen earlier ("et pour POP ?" then "et sur Android ?"). */
function withProtocolKept(entities: Entities, previous: ConversationState): Entities {
  const kept = onlyIncoming(previous.entities.protocols ?? []);
  return entities.protocols?.length || kept.length !== 1 ? { ...entities } : { ...entities, protocols: kept, protocol: kept[0] };
}

/** The conversation is setting up an app: its topic, or a turn before, was the setup. */
function settingUp(previous: ConversationState): boolean {
  return previous.intent === 'client_setup' || previous.turns.some((turn) => turn.intent === 'client_setup');
}

/** The value reported is of the kind the topic is about ("I put port 25" while ports are discussed). */
function sameKindAsTopic(s: Signals, topic: Intent): boolean {
  if (topic === 'ports') return s.entities.port !== undefined;
  if (topic === 'incoming_server' || topic === 'outgoing_server') return Boolean(s.entities.domain) && !s.entities.email;
  if (topic === 'username') return Boolean(s.entities.email || s.entities.invalidEmail) || s.has('username');
  if (topic === 'encryption') return s.has('encryption');
  return false;
}

/** The message says which direction it is about. */
function namesDirection(s: Signals): boolean {
  return s.has('incoming', 'outgoing') || s.protocols.length > 0;
}

function onlyIncoming(protocols: readonly Protocol[]): Protocol[] {
  return protocols.filter((p) => p !== 'smtp');
}

export const DIALOGUE: readonly DialogueRule[] = [
  {
    id: 'still-failing',
    why: 'After advice, "still nothing" or "I put 465 and still no luck" reports that the fault remains: move on to the next checks, do not repeat the value.',
    example: 'user> port? bot> 465, with SSL/TLS. user> j\'ai mis 465 et toujours pas',
    when: ({ s, previous, found }) =>
      CONTINUABLE.has(previous.intent) && s.has('stillFailing') && !s.valueAsked && !(s.question && s.has('rightValue')) && !isClosing(found, s),
    then: (c) => ({ intent: 'troubleshooting', confidence: 0.85, rule: 'still-failing', entities: { ...withSymptom(c), stillFailing: true } }),
  },
  {
    id: 'reported-setting',
    why: 'In a conversation, "my username is set to sales" or "I had smtp.x.com on 587" describes what the app has: the bot compares it and says what to change.',
    example: 'user> password rejected bot> … user> my username is set to sales',
    when: ({ s, previous, found }) =>
      (previous.intent === 'troubleshooting' || previous.intent === 'client_setup' || !sameKindAsTopic(s, previous.intent)) &&
      CONTINUABLE.has(previous.intent) &&
      !isClosing(found, s) &&
      s.has('applied') &&
      !s.valueAsked &&
      !s.question &&
      (s.entities.port !== undefined || Boolean(s.entities.domain || s.entities.email || s.entities.invalidEmail) || s.has('username', 'server', 'encryption')) &&
      found.intent !== 'out_of_scope',
    then: (c) => {
      // The first value that is wrong is the setting to correct ("identifiant j'ai mis juste compta": the
      // username); when all are right ("j'ai mis 993 et ssl pourtant") the fault is elsewhere: the checks.
      const wrong = firstWrongReported(c);
      return wrong
        ? { intent: wrong, confidence: 0.8, rule: 'reported-setting' }
        : { intent: 'troubleshooting', confidence: 0.8, rule: 'reported-setting', entities: withSymptom(c) };
    },
  },
  {
    id: 'webmail-as-a-clue',
    why: 'While a fault is being solved, "sur le webmail ils arrivent" tells where the messages are seen: a clue to the fault (the server receives them), not a webmail question.',
    example: 'user> I don\'t get new mail on Outlook bot> … user> they show up in webmail',
    when: ({ s, previous, found }) => previous.intent === 'troubleshooting' && found.intent === 'out_of_scope' && / webmail /.test(s.text) && !s.question && !s.has('help', 'person'),
    then: (c) => ({ intent: 'troubleshooting', confidence: 0.8, rule: 'webmail-as-a-clue', entities: withSymptom(c) }),
  },
  {
    id: 'protocol-in-a-fault',
    why: 'While messages are missing, "si je remets le compte en POP, je les retrouve ?" asks about the fault, not which protocol to choose.',
    example: 'user> mes anciens mails ont disparu bot> … user> Si je remets le compte en POP dessus je les retrouve ?',
    when: ({ found, previous }) => previous.intent === 'troubleshooting' && found.rule === 'about-a-protocol',
    then: (c) => ({ intent: 'troubleshooting', confidence: 0.8, rule: 'protocol-in-a-fault', entities: withSymptom(c) }),
  },
  {
    id: 'settings-pasted-in-a-fault',
    why: 'While a fault is being solved, a pasted screen of settings ("Port: 143, Security: none…") is what the app has: the checks, with what to change.',
    example: 'user> I can\'t receive bot> … user> Here\'s what I\'ve got: Incoming: mail.x port 143 security none',
    when: ({ s, previous, found }) => previous.intent === 'troubleshooting' && Boolean(s.entities.pasted) && !s.question && !isClosing(found, s),
    then: (c) => ({ intent: 'troubleshooting', confidence: 0.85, rule: 'settings-pasted-in-a-fault', entities: withSymptom(c) }),
  },
  {
    id: 'even-if',
    why: '"même si j\'ai plusieurs alias ?", "what if I use a phone?": the same question, under another condition.',
    example: 'user> username? bot> Your full address… user> même si j\'ai plusieurs alias ?',
    when: ({ s, previous }) => CONTINUABLE.has(previous.intent) && /^ (meme si|even if|what if|et si|and if|et meme si) /.test(s.text) && !s.strongAsk && !s.has('port', 'problem'),
    then: ({ previous }) => ({ intent: previous.intent, confidence: 0.8, rule: 'even-if' }),
  },
  {
    id: 'explain-the-topic',
    why: '"what\'s the difference anyway?", "pourquoi ?": an explanation of what was just discussed.',
    example: 'user> SSL or STARTTLS for 465? bot> SSL/TLS… user> what\'s the difference anyway',
    when: ({ s, previous }) =>
      SETTING_TOPICS.has(previous.intent) &&
      (s.entities.questionKind === 'why' || s.entities.questionKind === 'what') &&
      !s.strongAsk &&
      !s.has('port', 'mailOnly') &&
      s.protocols.length === 0 &&
      s.wordCount <= 6,
    then: ({ previous, s }) => ({
      intent: previous.intent,
      confidence: 0.8,
      rule: 'explain-the-topic',
      entities: { ...previous.entities, ...s.entities, mentions: previous.intent === 'encryption' ? ['ssl', 'tls'] : previous.entities.mentions },
    }),
  },
  {
    id: 'address-for-the-username',
    why: 'After "my username is set to sales", the address given next is the username to use.',
    example: 'user> my username is set to sales bot> Username "sales": use the full address… user> it\'s sales@nordicwood.se',
    when: ({ s, previous }) => Boolean(previous.entities.pasted?.username) && Boolean(s.entities.email) && !s.strongAsk && !s.has('problem', 'resolved', 'thanks'),
    then: () => ({ intent: 'username', confidence: 0.85, rule: 'address-for-the-username' }),
  },
  {
    id: 'server-for-the-other-direction',
    why: 'After "I put atelier-verdier.com as server", "and for the outgoing one too?" asks the other server.',
    example: 'user> en serveur j\'ai mis atelier-verdier.com bot> … mail.atelier-verdier.com user> et pour le sortant aussi ?',
    when: ({ s, previous }) => Boolean(previous.entities.pasted?.server) && s.has('followUp', 'sameAgain') && s.has('incoming', 'outgoing') && !s.has('portWord', 'username', 'encryption', 'auth'),
    then: ({ s }) => ({ intent: s.has('outgoing') ? 'outgoing_server' : 'incoming_server', confidence: 0.85, rule: 'server-for-the-other-direction' }),
  },
  {
    id: 'login-for-sending',
    why: 'While the outgoing server is discussed, "does it need a password?" or "does it use the same login too?" asks about sending\'s authentication.',
    example: 'user> what\'s the outgoing server for bob@acme.co.uk bot> mail.acme.co.uk… user> does it need a password?',
    when: ({ s, previous, found }) => directionOf(previous) === 'outgoing' && found.intent === 'username' && s.has('authNeed', 'sameAgain') && !s.has('incoming'),
    then: () => ({ intent: 'smtp_auth', confidence: 0.85, rule: 'login-for-sending' }),
  },
  {
    id: 'value-to-confirm',
    why: '"ah ok je mets paul@x.fr alors ?": a value the user is about to enter, to confirm; the kind of value says which setting.',
    example: 'user> j\'ai mis juste paul en identifiant bot> … user> ah ok je mets paul@menuiserie-blanc.fr alors ?',
    when: ({ s }) => s.question && s.has('applied') && (Boolean(s.entities.email) || s.entities.port !== undefined),
    then: ({ s }) => ({ intent: s.entities.email ? 'username' : 'ports', confidence: 0.8, rule: 'value-to-confirm' }),
  },
  {
    id: 'next-step-of-the-setup',
    why: 'While an app is being set up, "ok et après ?" or "j\'ai pris imap, next?" asks for the rest of the steps.',
    example: 'user> how do I set up my Samsung tablet bot> … user> picked IMAP. next?',
    when: ({ s, previous, found }) =>
      settingUp(previous) && s.has('nextStep') && !s.strongAsk && !s.has('problem', 'port') && !isClosing(found, s) && found.intent !== 'out_of_scope',
    then: ({ s }) => ({ intent: 'client_setup', confidence: 0.85, rule: 'next-step-of-the-setup', entities: { ...s.entities } }),
  },
  {
    id: 'app-to-set-up',
    why: 'An app or device brought into the conversation ("I\'m on the Outlook app on my phone", "works now, what about my Pixel?", "sur la tablette android je fais comment") is the one to set up.',
    example: 'user> what\'s the server for email bot> mail.yourdomain.tld… user> im on the outlook app on my phone',
    when: ({ s, previous, found }) =>
      CONTINUABLE.has(previous.intent) &&
      Boolean(s.entities.client) &&
      !s.strongAsk &&
      !s.valueAsked &&
      !s.has('problem', 'port', 'choice', 'option', 'rightValue', 'lookingFor', 'stillFailing') &&
      // During a fault, "c'est outlook 2016" answers "which app?"; "pour outlook, imap ou pop ?" still weighs the two.
      previous.intent !== 'troubleshooting' &&
      !['troubleshooting', 'out_of_scope', 'thanks', 'help', 'protocol_choice'].includes(found.intent) &&
      (s.setupAsked ||
        s.has('resolved', 'nextStep') ||
        (!s.question && s.wordCount <= 12) ||
        (settingUp(previous) && s.has('sameAgain', 'followUp'))),
    then: ({ s, previous }) => ({ intent: 'client_setup', confidence: 0.85, rule: 'app-to-set-up', entities: withProtocolKept(s.entities, previous) }),
  },
  {
    id: 'devices-decide-protocol',
    why: 'While POP or IMAP is being weighed, "I also read mail on my phone" or "g 2 pc" answers the question the bot asked: several devices means IMAP.',
    example: 'user> it asks IMAP or POP bot> … user> I also read mail on my phone btw',
    when: ({ s, previous, found }) =>
      (previous.intent === 'protocol_choice'
        ? s.has('device', 'devices') || / (both|les deux|deux|two|2) /.test(s.text)
        : // In any mail conversation, "j'ai aussi le tel", "I also check email on my phone, does that matter?" brings
          // a second device in: the protocol question it raises.
          CONTINUABLE.has(previous.intent) && (s.entities.devices === 'several' || s.has('devices')) && !s.setupAsked && !s.entities.client) &&
      !s.strongAsk &&
      !s.has('port', 'problem') &&
      found.intent !== 'troubleshooting',
    then: ({ s }) => ({ intent: 'protocol_choice', confidence: 0.85, rule: 'devices-decide-protocol', entities: { ...s.entities, devices: s.entities.devices ?? 'several' } }),
  },
  {
    id: 'address-for-the-task',
    why: 'After POP and IMAP were weighed, an address alone is for the settings: the setup if an app is being set up, else all of them.',
    example: 'user> the vicar wants it on his iPad too bot> … user> will he see the same emails? bot> IMAP… user> it\'s office@staidans-parish.org.uk',
    when: ({ s, previous, found }) => previous.intent === 'protocol_choice' && s.hasAddress && found.entityOnly && !s.strongAsk,
    then: ({ s, previous }) => ({ intent: settingUp(previous) ? 'client_setup' : 'all_settings', confidence: 0.8, rule: 'address-for-the-task', entities: { ...previous.entities, ...s.entities } }),
  },
  {
    id: 'what-about-the-other-protocol',
    why: 'After "c\'est quoi smtp ?", "et imap ?" asks what IMAP is: how it differs from POP, the protocol choice.',
    example: 'user> c\'est quoi smtp ? bot> Le protocole d\'envoi… user> et imap ?',
    when: ({ s, previous }) =>
      previous.entities.questionKind === 'what' && s.has('followUp') && s.wordCount <= 3 && onlyIncoming(s.protocols).length === 1 && s.protocols.length === 1 && !s.strongAsk,
    then: ({ s }) => ({ intent: 'protocol_choice', confidence: 0.85, rule: 'what-about-the-other-protocol', entities: { ...s.entities, questionKind: 'what' } }),
  },
  {
    id: 'keeping-mail-while-a-protocol-is-discussed',
    why: 'While POP or IMAP is discussed, "et ça garde une copie sur le serveur ?" asks how that protocol keeps mail.',
    example: 'user> port pop ? bot> 995, SSL/TLS. user> et ça garde une copie sur le serveur ou pas ?',
    when: ({ s, previous }) =>
      s.has('storage') && !s.strongAsk && !s.has('port', 'problem') && (previous.intent === 'protocol_choice' || onlyIncoming(previous.entities.protocols ?? []).length > 0 || s.incomingProtocols.length > 0),
    then: ({ s, previous }) => ({ intent: 'protocol_choice', confidence: 0.85, rule: 'keeping-mail-while-a-protocol-is-discussed', entities: { ...previous.entities, ...s.entities } }),
  },
  {
    id: 'protocol-chosen',
    why: 'After POP and IMAP were compared, "je prends POP alors, c\'est quoi les réglages ?" chooses one and asks its settings.',
    example: 'user> POP ou IMAP ? bot> … user> je prends POP alors, c\'est quoi les réglages ?',
    when: ({ s, previous }) => previous.intent === 'protocol_choice' && onlyIncoming(s.protocols).length === 1 && s.has('settings', 'all') && !s.has('server', 'portWord'),
    then: ({ s }) => ({ intent: 'all_settings', confidence: 0.85, rule: 'protocol-chosen', entities: { ...s.entities, protocols: onlyIncoming(s.protocols), protocol: onlyIncoming(s.protocols)[0] } }),
  },
  {
    id: 'client-for-the-setting',
    why: 'While one setting is discussed, "and in Thunderbird, which option do I pick?" asks that setting in that app, not the whole guide.',
    example: 'user> which authentication method? bot> Normal password… user> and in Thunderbird, which option do I pick?',
    when: ({ s, previous }) =>
      SETTING_TOPICS.has(previous.intent) &&
      Boolean(s.entities.client) &&
      !s.setupAsked &&
      (s.has('choice', 'rightValue', 'lookingFor', 'option') || s.question) &&
      !s.strongAsk &&
      !s.has('port'),
    then: ({ previous, s }) => ({ intent: previous.intent, confidence: 0.85, rule: 'client-for-the-setting', entities: { ...previous.entities, ...s.entities } }),
  },
  {
    id: 'same-for-the-other-direction',
    why: '"et pour le serveur entrant aussi ?" after a question about authentication or security asks the same thing for the other direction.',
    example: 'user> le serveur sortant demande une authentification ? bot> … user> et pour le serveur entrant aussi ?',
    when: ({ s, previous }) =>
      ['smtp_auth', 'encryption', 'username', 'ports'].includes(previous.intent) &&
      s.has('followUp') &&
      s.has('sameAgain') &&
      namesDirection(s) &&
      !s.has('portWord', 'username', 'encryption', 'auth', 'authNeed'),
    then: ({ previous }) => ({ intent: previous.intent, confidence: 0.85, rule: 'same-for-the-other-direction' }),
  },
  {
    id: 'pronoun-for-the-setting',
    why: 'While security is discussed, "so should I use it with port 465?" asks about that security with that port.',
    example: 'user> STARTTLS or SSL? bot> SSL/TLS… user> so should I use it with port 465?',
    when: ({ s, previous, found }) =>
      (previous.intent === 'encryption' || previous.intent === 'smtp_auth') &&
      found.intent === 'ports' &&
      s.entities.port !== undefined &&
      s.has('pronoun'),
    then: ({ previous }) => ({ intent: previous.intent, confidence: 0.8, rule: 'pronoun-for-the-setting' }),
  },
  {
    id: 'topic-first',
    why: 'Two settings asked at once ("avec 465 je mets SSL ?"): the one the conversation is about comes first.',
    example: 'user> SSL ou STARTTLS ? bot> … user> donc avec 465 je mets SSL/TLS ?',
    // Not when a statement comes before the question ("ok je mets SSL/TLS. Et le port sortant ?"): the question decides.
    when: ({ found, previous, s }) => SETTING_TOPICS.has(previous.intent) && found.intent === 'ports' && found.alsoAsked.includes(previous.intent) && s.questionFrom === 0,
    then: ({ found, previous }) => ({
      intent: previous.intent,
      confidence: found.confidence,
      rule: 'topic-first',
      alsoAsked: [found.intent, ...found.alsoAsked.filter((i) => i !== previous.intent)],
    }),
  },
];

/** The dialogue rule that decides, if any. */
export function continueDialogue(
  found: Classification,
  s: Signals,
  previous: ConversationState | undefined,
  ports: ReadonlySet<number> = new Set(),
  hostPrefix = 'mail.',
): DialogueDecision | undefined {
  if (!previous) return undefined;
  const context = { found, s, previous, ports, hostPrefix };
  for (const rule of DIALOGUE) if (rule.when(context)) return rule.then(context);
  return undefined;
}
