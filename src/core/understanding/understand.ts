import path from 'node:path';
import { decodeChoice } from '../choices';
import type { ConversationState } from '../context-store';
import type { Entities, InboundMessage, Intent, Lang, Protocol, Understanding } from '../types';
import { findConcepts, withoutMisleadingPhrases, type ConceptHits } from './concepts';
import { findAddress, findClient, findErrorCode, findProtocols, findSymptom } from './entities';
import { arbitrate, closeCall, readingOf } from './arbitration';
import { CONTINUABLE, continueDialogue, steadyDirection } from './dialogue';
import type { IntentModel } from './model';
import { readPasted, readReported } from './pasted';
import { decide, newRequestAfterResult, Signals } from './policy';
import { guessLanguage, langFromLocale, looksForeign } from './language';
import { NLU_DIR } from './nlu-files';
import { fold, normalise } from './normalise';
import { compileSections } from './phrasebook';
import { redact } from '../redact';

export interface UnderstandOptions {
  defaultLang: Lang;
  /** Literal start of the mail host name ("mail."), so "mail.example.com" reads as the domain. */
  hostPrefix: string;
  /** Below this confidence the intent becomes `unknown` and the user gets the fallback. */
  minConfidence: number;
  /**
   * `chat`: a message that only names something ("iPhone?") continues the conversation.
   * `explicit`: only a marked follow-up ("and for POP?", "et sur iPhone ?") uses the previous
   * message; other lines stand alone (batch evaluation of unrelated questions).
   */
  followUps: 'chat' | 'explicit';
  /** The trained model read beside the rules; without it the rules decide alone. */
  model?: IntentModel;
  /** The knowledge base's ports ("465 already": the right port, so the fault is elsewhere). */
  ports?: ReadonlySet<number>;
  /** For the ablation only (`npm run eval -- --ablation`): let the rules or the model decide alone. */
  decider?: 'rules' | 'model' | 'combined';
}

const ACCENTED = /[àâäçéèêëîïôöùûüÿœ]/i;
const PORT_NUMBERS = /(?<= )(?:(993|995|465|587|143|110|2525)|ports? (\d{2,5})|(?:le|the|is|est|mettre|use|utiliser|put) (25))(?= )/g;


const PASTED_ERROR = /^\s*(?:0x[0-9a-f]{8}|[45]\d\d[ -][45]\.\d\.\d+)/i;
/** Quoted text of at least two words: «…», “…”, "…", or '…' opened after a space or a colon. */
const QUOTED = /«[^»]*\s[^»]*»|“[^”]*\s[^”]*”|"[^"]*\s[^"]*"|(?<=^|[\s:])'[^']*\s[^']*'(?=[\s.,;:!?]|$)/g;

function pickLanguage(message: InboundMessage, tokens: string[], previous: ConversationState | undefined, fallback: Lang): Lang {
  if (message.forceLang) return message.forceLang;
  // A pasted error ("535 5.7.8 Error: authentication failed") is in the app's language, not the user's.
  if (previous && PASTED_ERROR.test(message.text)) return previous.lang;
  // So is a quoted one: "Samsung Email me dit 'cannot connect to server', je fais quoi ?"
  const unquoted = message.text.replace(QUOTED, ' ');
  if (unquoted !== message.text) {
    const outside = guessLanguage(normalise(unquoted).tokens, ACCENTED.test(unquoted));
    if (outside.strong) return outside.strong;
  }
  const guess = guessLanguage(tokens, ACCENTED.test(message.text));
  // A conversation keeps its language through short or language-neutral turns ("port?", "ok thx",
  // "outlook 0x800CCC0E"); it changes on clear evidence only, or when the user asks.
  // Short turns need more than one distinctive word ("ok thx" stays French; "et pour POP ?" switches).
  if (previous && !guess.asked && guess.strong !== previous.lang && guess.margin < (tokens.length <= 3 ? 3 : 2)) return previous.lang;
  return guess.strong ?? langFromLocale(message.localeHint) ?? previous?.lang ?? guess.weak ?? fallback;
}

/**
 * Where the closing question starts in the normalised text, when a message puts a statement
 * before it ("ok I'll switch to 465. does it need authentication as well?"): the settings named
 * there are the ones asked. 0 when the message has no such statement.
 */
function questionStart(raw: string): number {
  const sentences = raw.split(/(?<=[.!?;\n])\s+/).filter((p) => p.trim());
  if (sentences.length < 2) return 0;
  const before = sentences.slice(0, -1);
  if (!sentences[sentences.length - 1].includes('?') || before.some((p) => p.includes('?'))) return 0;
  return withoutMisleadingPhrases(normalise(before.join(' ')).text).length - 1;
}

/** The message cut at commas, stops and "but", each clause normalised: which direction fails is told clause by clause. */
function clausesOf(raw: string): string[] {
  const pieces = raw.split(/[,;.!?\n]+|\s(?:but|mais|though|however|par contre|alors que|whereas)\s/i).filter((p) => p.trim());
  return pieces.length > 1 ? pieces.map((p) => withoutMisleadingPhrases(normalise(p).text)) : [];
}

/** Entities the message carries, plus address and client given out of band (options, CLI flags). */
function readEntities(message: InboundMessage, folded: string, text: string, problem: boolean, hostPrefix: string): Entities {
  const entities: Entities = {};
  Object.assign(entities, findAddress(folded, hostPrefix));
  // "my password is P@ssw0rd!" is not an address to correct: never show back what redaction hides.
  if (entities.invalidEmail && !fold(redact(message.text.slice(0, 2000))).includes(entities.invalidEmail)) delete entities.invalidEmail;
  if (message.email) {
    const given = findAddress(message.email.toLowerCase().trim(), '');
    if (given.email) {
      entities.email = given.email;
      entities.domain = given.domain;
      delete entities.invalidEmail;
    } else if (!entities.email) {
      entities.invalidEmail = message.email.slice(0, 100);
    }
  }
  Object.assign(entities, findClient(text));
  if (message.client) entities.client = message.client;
  const protocols = findProtocols(text);
  if (protocols.length) {
    entities.protocol = protocols[0];
    entities.protocols = protocols;
  }
  Object.assign(entities, findErrorCode(folded, text));
  const symptom = entities.symptom ?? findSymptom(text, problem, clausesOf(message.text));
  if (symptom) entities.symptom = symptom;
  const ports = [...new Set([...text.matchAll(PORT_NUMBERS)].map((m) => Number(m[1] ?? m[2] ?? m[3])))];
  if (ports.length) entities.port = ports[0];
  // "IMAPS on 993 + SMTPS on 465, correct?": every port named gets its verdict.
  if (ports.length > 1) entities.ports = ports;
  return entities;
}

/**
 * "Port for receiving in IMAP and for sending?": directions stand for protocols in questions
 * about ports and security, so the answer covers both.
 */
function addDirection(intent: Intent, hits: ConceptHits, entities: Entities): void {
  if (intent !== 'ports' && intent !== 'encryption') return;
  const protocols = [...(entities.protocols ?? [])];
  if (hits.outgoing !== undefined && !protocols.includes('smtp')) protocols.push('smtp');
  if (hits.incoming !== undefined && !protocols.some((p) => p !== 'smtp')) protocols.push('imap', 'pop3');
  if (protocols.length) {
    entities.protocols = protocols;
    entities.protocol = protocols[0];
  }
}

/** The intent a follow-up continues: the previous one, switched by direction ("and outgoing?"). */
function continueIntent(previous: Intent, entities: Entities, hits: ConceptHits): Intent {
  // "en fait je veux juste le smtp" after a guide: the outgoing server alone.
  if (previous === 'client_setup' && entities.protocols?.length === 1 && entities.protocol === 'smtp') return 'outgoing_server';
  // "and the user name?" then "outgoing?": the username is the same both ways, so a bare direction asks its
  // server ("même pour l'envoi ?" and "what about for the smtp?" still ask the username).
  const bareDirection = previous === 'username' && !entities.protocols?.length && hits.sameAgain === undefined;
  if (previous === 'incoming_server' || previous === 'outgoing_server' || bareDirection) {
    if (hits.outgoing !== undefined || entities.protocol === 'smtp') return 'outgoing_server';
    if (hits.incoming !== undefined || entities.protocol === 'imap' || entities.protocol === 'pop3') return 'incoming_server';
  }
  return previous;
}

/** "why 993?" and "what is SMTP?" want an explanation; "does it need a password?" a yes or no first. */
function questionKind(hits: ConceptHits): Entities['questionKind'] {
  if (hits.why !== undefined) return 'why';
  if (hits.definition !== undefined) return 'what';
  if (hits.yesNo !== undefined) return 'yes_no';
  return undefined;
}

const DEVICE_KINDS: ReadonlyArray<RegExp> = [
  / (telephone|phone|smartphone|mobile|iphone|android|gsm|cell) /,
  / (ordinateur|ordi|computer|pc|laptop|desktop|mac|macbook|portable) /,
  / (tablette|tablet|ipad) /,
];
/** How many devices read the mail, when the message says (nlu/device-count.txt: [one], then [several]). */
const DEVICE_COUNT = Object.fromEntries(compileSections(path.join(NLU_DIR, 'device-count.txt')));

/** "I only use one computer" or "a phone and a laptop": how many devices read the mail, when the message says. */
function deviceCount(text: string): Entities['devices'] {
  if (DEVICE_COUNT.one.test(text)) return 'one';
  if (DEVICE_COUNT.several.test(text) || DEVICE_KINDS.filter((kind) => kind.test(text)).length >= 2) return 'several';
  return undefined;
}

/** The few words an explanation is chosen by. */
function mentionsOf(text: string, hits: ConceptHits): NonNullable<Entities['mentions']> {
  const found: NonNullable<Entities['mentions']> = [];
  if (/ starttls /.test(text)) found.push('starttls');
  if (/ ssl /.test(text)) found.push('ssl');
  if (/ tls /.test(text)) found.push('tls');
  if (hits.password !== undefined || hits.auth !== undefined || hits.authNeed !== undefined) found.push('password');
  if (hits.outgoing !== undefined) found.push('sending');
  return found;
}

/** The client named earlier keeps applying when the message names none. */
function carryOver(merged: Entities, previous: ConversationState, intent: Intent): void {
  if (!merged.client && previous.entities.client && CONTINUABLE.has(intent)) {
    merged.client = previous.entities.client;
    if (previous.entities.otherClient) merged.otherClient = previous.entities.otherClient;
  }
}

/**
 * "port?" or "SSL?" after questions about the outgoing server: the message names no direction,
 * so the conversation's direction and protocols apply.
 */
function inheritDirection(intent: Intent, merged: Entities, previous: ConversationState, text = ''): void {
  if (merged.protocols?.length || !['ports', 'encryption', 'incoming_server', 'outgoing_server'].includes(intent)) return;
  // "ports?" in the plural asks for all of them.
  if (/ ports /.test(text)) return;
  const direction = steadyDirection(previous);
  const kept = previous.entities.protocols ?? [];
  const protocols: Protocol[] = direction === 'outgoing' ? ['smtp'] : direction === 'incoming' ? kept.filter((p) => p !== 'smtp') : [];
  if (direction === 'incoming' && !protocols.length) protocols.push('imap', 'pop3');
  if (protocols.length && !(intent === 'outgoing_server' && direction === 'incoming') && !(intent === 'incoming_server' && direction === 'outgoing')) {
    merged.protocols = protocols;
    merged.protocol = protocols[0];
  }
}

/**
 * Understands one message: language, intent and entities, using the conversation so far
 * for follow-ups ("et pour POP ?") and for the address given earlier.
 */
export function understand(message: InboundMessage, remembered: ConversationState | undefined, options: UnderstandOptions): Understanding {
  let previous = remembered;
  const choice = decodeChoice(message.choice);
  if (choice) {
    // A clicked button says what it wants: no reading needed.
    const entities: Entities = {};
    if (choice.client) entities.client = choice.client;
    if (choice.protocol) {
      entities.protocol = choice.protocol;
      entities.protocols = [choice.protocol];
    }
    if (choice.symptom) entities.symptom = choice.symptom;
    if (choice.file) entities.setupFile = true;
    if (choice.more) entities.more = true;
    if (previous?.entities.email) entities.email = previous.entities.email;
    if (previous?.entities.domain) entities.domain = previous.entities.domain;
    return { lang: choice.lang, intent: choice.intent, confidence: 1, entities, rule: 'button' };
  }

  // Pasted settings are values to compare, not words of the question: the rules read the rest.
  const pasted = readPasted(fold(message.text));
  const normalised = normalise(pasted.settings ? pasted.rest : message.text);
  if (pasted.settings) normalised.folded = fold(message.text);
  normalised.text = withoutMisleadingPhrases(normalised.text);
  const hits = findConcepts(normalised.text);
  if (options.followUps === 'explicit' && hits.followUp === undefined) previous = undefined;
  // The pasted keys ("Port", "Sécurité") still tell the language of the screen, and so of the user.
  const lang = pickLanguage(message, pasted.settings ? normalise(message.text).tokens : normalised.tokens, previous, options.defaultLang);
  const problem = hits.problem !== undefined;
  const entities = readEntities(message, normalised.folded, normalised.text, problem, options.hostPrefix);
  // "mot de passe perdu": a password to reset (support's job), not one the server rejects.
  if (!entities.symptom && problem && hits.password !== undefined && hits.passwordReset === undefined) entities.symptom = 'password_rejected';
  if (pasted.settings) {
    entities.pasted = pasted.settings;
    // "Nom d'utilisateur : rochat" on mail.cabinet-rochat.ch: the address is rochat@cabinet-rochat.ch.
    const user = pasted.settings.username;
    if (user && !user.includes('@') && entities.domain && !entities.email) entities.email = `${user}@${entities.domain}`;
  } else if (hits.applied !== undefined) {
    const serverNamed = hits.server !== undefined || hits.username !== undefined || / (en serveur|as server|as the server) /.test(normalised.text);
    const reported = readReported(normalised.folded, entities, serverNamed);
    if (reported) entities.pasted = reported;
  }
  // A printer or scanner that e-mails is a mail client only when mail is in the message ("scan to email
  // from the office printer"); "comment ajouter l'imprimante sur mon mac" is about the printer.
  if (entities.otherClient === 'send_only' && hits.mailWord === undefined && hits.server === undefined && hits.outgoing === undefined && hits.portWord === undefined && !entities.protocols?.length) {
    delete entities.client;
    delete entities.otherClient;
  }
  // "it works in Thunderbird. Now I want it on my phone too": the app already set up is the story;
  // the one to set up is named after the new request, or not yet.
  const request = newRequestAfterResult(hits);
  if (request !== undefined && entities.client && !message.client) {
    const named = findClient(normalised.text.slice(request));
    delete entities.client;
    delete entities.otherClient;
    Object.assign(entities, named);
  }
  const devices = deviceCount(normalised.text);
  if (devices) entities.devices = devices;
  const kind = questionKind(hits);
  if (kind) entities.questionKind = kind;
  if (hits.technical !== undefined) entities.technical = true;
  // "not 'encrypted password'?": a password method named, so the method is what is asked.
  if (/ (encrypted|normal|plain|clear|secure) (password|authentication)| mot de passe (chiffre|normal|crypte|en clair)| (spa|ntlm|cram|kerberos|md5) | authentification securisee/.test(normalised.text)) {
    entities.methodAsked = true;
  }
  if (kind === 'why' || kind === 'what') {
    const mentions = mentionsOf(normalised.text, hits);
    if (mentions.length) entities.mentions = mentions;
  }
  if (hits.setupFile !== undefined) {
    entities.setupFile = true;
    // A "profile" is Apple's kind of setup file (.mobileconfig): iPhone, iPad and Mac read it.
    if (!entities.client && / (profil|profils|profile|profiles|mobileconfig) /.test(normalised.text)) entities.client = 'ios_mail';
  }
  const question =
    message.text.includes('?') || hits.questionWord !== undefined || / (if i|if we|will|would|si je|si on|est ce que|est ce qu) /.test(normalised.text);
  const signals = new Signals(hits, entities, normalised.text, normalised.tokens.length, question, pasted.settings ? 0 : questionStart(message.text));
  // 1. The rules decide; 2. the trained model may correct them; 3. the conversation may continue a topic.
  const ruled = looksForeign(normalised.tokens)
    ? { intent: 'unknown' as const, confidence: 0.1, alsoAsked: [], entityOnly: false, rule: 'foreign-language' }
    : decide(signals);
  const reading = options.model && ruled.rule !== 'foreign-language' ? readingOf(options.model.scores(normalised.text, Object.keys(hits))) : undefined;
  const decider = options.decider ?? 'combined';
  const found =
    decider === 'rules' || !reading
      ? ruled
      : decider === 'model'
        ? { ...ruled, intent: reading.best, confidence: 0.9, alsoAsked: [], rule: 'model-alone' }
        : arbitrate(ruled, reading, signals, { mailTopic: Boolean(previous && CONTINUABLE.has(previous.intent)) });

  let intent = found.intent;
  let confidence = found.confidence;
  let rule = found.rule;
  let alsoAsked = found.alsoAsked;
  let merged: Entities = { ...entities };
  const dialogue = continueDialogue(found, signals, previous, options.ports, options.hostPrefix);
  const continuing =
    !dialogue &&
    previous &&
    CONTINUABLE.has(previous.intent) &&
    ((found.entityOnly && intent !== 'unknown') ||
      (intent === 'unknown' && hits.followUp !== undefined) ||
      // In a troubleshooting exchange, what we cannot place is more detail about the fault ("it says something went wrong").
      (intent === 'unknown' && previous.intent === 'troubleshooting'))
      ? previous
      : undefined;
  if (dialogue) {
    intent = dialogue.intent;
    confidence = dialogue.confidence;
    rule = dialogue.rule;
    if (dialogue.entities) merged = { ...dialogue.entities };
    alsoAsked = dialogue.alsoAsked ?? [];
    inheritDirection(intent, merged, previous!, normalised.text);
    carryOver(merged, previous!, intent);
  } else if (continuing) {
    // "and for POP?", "et sur iPhone ?", "alice@example.com": the same question about something else.
    intent = continueIntent(continuing.intent, entities, hits);
    confidence = 0.85;
    rule = 'follow-up';
    alsoAsked = [];
    addDirection(intent, hits, merged);
    const kept = continuing.entities;
    if (!merged.client && kept.client) {
      merged.client = kept.client;
      if (kept.otherClient) merged.otherClient = kept.otherClient;
    }
    if (!merged.protocols && kept.protocols && intent === continuing.intent) {
      merged.protocol = kept.protocol;
      merged.protocols = kept.protocols;
    }
    if (intent === 'troubleshooting' && !merged.symptom && kept.symptom) merged.symptom = kept.symptom;
    // "iPhone profile" then "alice@example.com": the address completes the file request.
    if (intent === 'client_setup' && kept.setupFile) merged.setupFile = true;
  } else if (previous && CONTINUABLE.has(previous.intent) && intent === 'unknown' && hits.problem !== undefined) {
    // "it says something went wrong" right after a setup guide: a fault with the app just discussed.
    intent = 'troubleshooting';
    confidence = 0.75;
    rule = 'fault-after-answer';
    if (!merged.client && previous.entities.client) merged.client = previous.entities.client;
  } else if (previous && CONTINUABLE.has(intent)) {
    addDirection(intent, hits, merged);
    // "port?" after two turns about the outgoing server: the outgoing port.
    if (CONTINUABLE.has(previous.intent)) inheritDirection(intent, merged, previous, normalised.text);
    carryOver(merged, previous, intent);
  }
  if (!continuing && !dialogue && !(previous && CONTINUABLE.has(intent))) addDirection(intent, hits, merged);
  // An address given earlier in the conversation keeps personalising the answers.
  if (previous && !merged.email && !merged.domain && !merged.invalidEmail) {
    if (previous.entities.email) merged.email = previous.entities.email;
    if (previous.entities.domain) merged.domain = previous.entities.domain;
  }
  // "the username field says 'nurse'" in a conversation about pawsandclaws-vet.com: the address to use is
  // nurse@pawsandclaws-vet.com (unless the conversation already has another address).
  const reportedUser = merged.pasted?.username;
  if (reportedUser && !reportedUser.includes('@') && merged.domain && !entities.email && !merged.email?.startsWith(`${reportedUser}@`)) {
    if (!merged.email || merged.email.split('@')[1] === merged.domain) merged.email = `${reportedUser}@${merged.domain}`;
  }

  if ((intent === 'out_of_scope' || intent === 'help') && hits.aboutBot !== undefined) merged.aboutBot = true;
  if (rule === 'distress') merged.distress = true;
  if (confidence < options.minConfidence) {
    intent = 'unknown';
  }
  const understanding: Understanding = { lang, intent, confidence: Math.round(confidence * 100) / 100, entities: merged, rule };
  if (alsoAsked.length && (intent === found.intent || dialogue?.alsoAsked)) understanding.alsoAsked = alsoAsked;
  const close = rule === found.rule ? closeCall(found, reading) : undefined;
  if (close) understanding.alternatives = close;
  return understanding;
}
