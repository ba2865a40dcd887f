import { memberOf, type ClientId, type Lang, type Protocol } from '../domain';

// The shared vocabulary lives in the domain module; the core's own types build on it.
export { CLIENTS, isClient, isLang, LANGS, PROTOCOLS, type ClientId, type Lang, type Protocol } from '../domain';

/**
 * What the user asked about. These values are a stable interface: logs, metrics and
 * the `ask --json` output use them, so rename nothing without a migration.
 */
export const INTENTS = [
  // A setting, or a choice between settings.
  'protocol_choice', 'incoming_server', 'outgoing_server', 'ports', 'username', 'encryption', 'smtp_auth',
  // An app to set up, everything at once, a fault, a live check of the user's domain (run by the service).
  'client_setup', 'all_settings', 'troubleshooting', 'diagnose',
  // The conversation around them.
  'greeting', 'help', 'thanks', 'out_of_scope', 'unknown',
] as const;
export type Intent = (typeof INTENTS)[number];
export const isIntent = memberOf(INTENTS);

/** Problems the troubleshooting answers are organised by. */
export const SYMPTOMS = [
  'cannot_send', 'cannot_receive', 'password_rejected', 'certificate_warning', 'timeout',
  'autoconfig_failed', 'missing_messages', 'wrong_security', 'general',
] as const;
export type Symptom = (typeof SYMPTOMS)[number];
export const isSymptom = memberOf(SYMPTOMS);

/** Settings pasted from an app's screen, to compare with the right ones. */
export interface PastedSettings {
  port?: number;
  security?: 'ssl' | 'starttls' | 'none' | 'auto';
  username?: string;
  server?: string;
}

/** What the core found in a message besides its intent. Absent keys were not found. */
export interface Entities {
  client?: ClientId;
  /** The first protocol named; `protocols` lists all of them when there are several. */
  protocol?: Protocol;
  protocols?: Protocol[];
  email?: string;
  domain?: string;
  /** Someone else's address ("send to bob@gmail.com"): neither personalises nor counts as the user's. */
  recipient?: string;
  /** Something that looked like an address but is not a valid one (shown back, escaped, with a correction). */
  invalidEmail?: string;
  symptom?: Symptom;
  /** A client error code such as `0x800CCC0E` or an SMTP reply code such as `535`. */
  errorCode?: string;
  /** A non-standard client name we have no dedicated guide for (e.g. "eM Client"). */
  otherClient?: string;
  /** A port number the user mentioned ("is 587 right?"). */
  port?: number;
  /** Every port number mentioned, when there are several ("993 + 465, correct?"). */
  ports?: number[];
  /** The user wants a setup file (Apple profile, Thunderbird or Outlook file), not only the steps. */
  setupFile?: boolean;
  /** The longer part of the answer was asked for ("Show the steps"). */
  more?: boolean;
  /** Off-topic chat about the bot itself ("are you a bot?"): answered with what the bot is. */
  aboutBot?: boolean;
  /** Settings pasted from the app ("Port: 587, Secure (SSL): No"), compared in the answer. */
  pasted?: PastedSettings;
  /**
   * How the question is asked: `yes_no` ("does it need a password?") gets "Yes:" first; `why` and
   * `what` ("why 993?", "what is SMTP?") get an explanation rather than a settings card.
   */
  questionKind?: 'yes_no' | 'why' | 'what';
  /** Words an explanation is chosen by ("what is STARTTLS for?", "SSL or TLS?", "why a password to send?"). */
  mentions?: Array<'starttls' | 'ssl' | 'tls' | 'password' | 'sending'>;
  /** A password method is named ("encrypted password", "SPA"): the method comes first in the answer. */
  methodAsked?: boolean;
  /** The asker used technical words (RFC, implicit TLS, SASL…): answers may use them too. */
  technical?: boolean;
  /** The fault remains after the advice was followed ("I put 465, still nothing"): the next check comes first. */
  stillFailing?: boolean;
  /** The user reads mail on one device or several (a POP or IMAP choice then has a clear answer). */
  devices?: 'one' | 'several';
  /** Someone in distress: a kind answer pointing to a person, and the text is never logged. */
  distress?: boolean;
}

/** A platform-neutral incoming message; adapters have already stripped mentions and markup. */
export interface InboundMessage {
  platform: string;
  /** Where the exchange continues (channel + thread, DM, console session): the context key. */
  conversationId: string;
  userId: string;
  text: string;
  /** A clicked suggestion (`Suggestion.choice`), handled without language understanding. */
  choice?: string;
  /** The platform's idea of the user's language (Slack or Discord locale, `--lang`). */
  localeHint?: string;
  /** When set, the language is not detected but forced (CLI `--lang`). */
  forceLang?: Lang;
  /** An address given out of band (CLI `--email`, Discord `email` option). */
  email?: string;
  /** A client chosen out of band (Discord `client` option). */
  client?: ClientId;
}

/** What the core made of a message. */
export interface Understanding {
  lang: Lang;
  intent: Intent;
  /** 0..1; below the configured threshold the answer is the fallback, never a guess. */
  confidence: number;
  entities: Entities;
  /** Further intents asked in the same message ("imap port and smtp server?"). */
  alsoAsked?: Intent[];
  /** Other close readings, best first, when the bot asks which one was meant. */
  alternatives?: Intent[];
  /** Which rule decided (a policy rule id, or how the conversation was continued): "why did it answer that?". */
  rule?: string;
}

export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplyLink {
  label: string;
  url: string;
}

/** A follow-up button; `choice` comes back as `InboundMessage.choice` when clicked (at most 90 characters). */
export interface Suggestion {
  label: string;
  choice: string;
}

/** A file to attach to the reply (a setup file); `body` is text, or base64 when `encoding` says so. */
export interface ReplyAttachment {
  filename: string;
  contentType: string;
  body: string;
  encoding: 'utf8' | 'base64';
}

/**
 * The longer part of an answer ("Show the steps", "More checks"): platforms with buttons show it
 * on request, the others send it right after the first part.
 */
export interface ReplyMore {
  /** The button's label. */
  label: string;
  /** What the button asks for (a suggestion choice): the core answers it with this part alone. */
  choice?: string;
  paragraphs?: string[];
  steps?: string[];
  notes?: string[];
}

/** One line of a domain check: what was checked and, when it failed, what to do about it. */
export interface ReplyCheck {
  /** `mx`, `mail_host`, `autoconfig`, `autodiscover`, `srv`, `imaps`, `pop3s`, `smtps`… */
  id: string;
  status: 'ok' | 'warn' | 'fail' | 'skipped';
  /** One translated sentence, with the fix when there is one. */
  text: string;
}

/** Things an adapter may offer beside the answer; it decides whether it can (e.g. a support channel is configured). */
export interface ReplyOffers {
  /** "Talk to a human" makes sense here. */
  handoff?: boolean;
}

/** A platform-neutral answer: words and facts, no markup. Renderers escape for their platform. */
export interface Reply {
  lang: Lang;
  /** `answer`, or `fallback` when nothing matched well enough, `notice` for limits, `error` for apologies. */
  kind: 'answer' | 'fallback' | 'notice' | 'error';
  title?: string;
  paragraphs: string[];
  fields?: ReplyField[];
  steps?: string[];
  /** Remarks shown after the facts: where to click in the user's app, a tip, how to reach support. */
  notes?: string[];
  links?: ReplyLink[];
  suggestions?: Suggestion[];
  offers?: ReplyOffers;
  /** Files to send with the answer (Slack upload, Discord attachment). */
  attachments?: ReplyAttachment[];
  /** The rest of a long answer, behind a button where the platform has one. */
  more?: ReplyMore;
  /** Results of a domain check, one line per check. */
  checks?: ReplyCheck[];
}

/** The result of handling one message: what was understood and what to answer. */
export interface Handled {
  understanding: Understanding;
  reply: Reply;
}
