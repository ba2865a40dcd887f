import path from 'node:path';
import { isClient, isSymptom, type ClientId, type Entities, type Protocol, type Symptom } from '../types';
import { NLU_DIR } from './nlu-files';
import { compileSections, readTable } from './phrasebook';

/** Sections of an nlu/ file whose names must be known values (a client id, a symptom): a typo stops start-up. */
function checkedSections<T extends string>(file: string, known: (name: string) => name is T): Array<[T, RegExp]> {
  return compileSections(path.join(NLU_DIR, file)).map(([name, pattern]) => {
    if (!known(name)) throw new Error(`nlu/${file}: [${name}] is not a known name`);
    return [name, pattern];
  });
}

/** A `code = symptom` table of nlu/, every symptom checked. */
function checkedTable(file: string): Record<string, Symptom> {
  const table = readTable(path.join(NLU_DIR, file));
  for (const [code, symptom] of Object.entries(table)) {
    if (!isSymptom(symptom)) throw new Error(`nlu/${file}: "${code} = ${symptom}" names no known symptom`);
  }
  return table as Record<string, Symptom>;
}

/** Client names as customers write them (after folding and typo correction), most specific first. */
const CLIENT_PATTERNS: ReadonlyArray<[ClientId, RegExp]> = checkedSections('clients.txt', isClient);

/** Clients without a dedicated guide: the generic guide applies, and the reply names them. */
const OTHER_CLIENTS: ReadonlyArray<[string, RegExp]> = compileSections(path.join(NLU_DIR, 'other-clients.txt'));

const PROTOCOL_PATTERN = / (imap|pop3|smtp)(?= )/g;

/**
 * Troubleshooting symptoms, most specific first. Each pattern runs on the normalised text,
 * so it sees "mot de passe" however it was typed ("mdp", "mot de pass").
 */
const SYMPTOM_PATTERNS: ReadonlyArray<[Symptom, RegExp]> = checkedSections('symptoms.txt', isSymptom);

/** Error codes customers paste, mapped to what they usually mean. */
const ERROR_CODES: Readonly<Record<string, Symptom>> = checkedTable('error-codes.txt');

/** SMTP and IMAP reply codes that show up in bounce messages and client errors. */
const REPLY_CODES: Readonly<Record<string, Symptom>> = checkedTable('reply-codes.txt');

const EMAIL = /(?<![a-z0-9._%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-])/;
const AT_WORD = /(?<![^\s<>()[\]{},;:"'`])[^\s<>()[\]{},;:"'`]*@[^\s<>()[\]{},;:"'`]*/;
const DOMAIN = /(?<![a-z0-9@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-]|\.[a-z0-9])/g;
/** Server-name prefixes customers guess ("smtp.example.com"): the domain is what follows. */
const HOST_PREFIXES = ['mail.', 'smtp.', 'imap.', 'pop.', 'pop3.', 'webmail.', 'www.', 'mx.', 'autodiscover.', 'autoconfig.'];

/** Words that end in a dot-suffix but are not domains customers own. */
const NOT_A_DOMAIN = /^(?:mail\.app|config-v1\.1\.xml|.*\.(?:xml|exe|pst|ost|txt|pdf|png|jpe?g|html?|php|js|json|mobileconfig|eml|msg|zip))$/;

/** Words before an address that make it a recipient: "send to", "écrire à", "mail to my client at". */
const RECIPIENT_BEFORE = /\b(send|sending|sent|envoy\w*|ecri\w*|write|writing|repl\w*|repond\w*|forward\w*|transf\w*)\b[^@]{0,35}\b(to|a|à|chez|at|vers)\s*$/;

/** Reads addresses and domains from the folded text. Mentions like `@everyone` are not addresses. */
export function findAddress(folded: string, hostPrefix: string): Pick<Entities, 'email' | 'domain' | 'invalidEmail' | 'recipient'> {
  const email = EMAIL.exec(folded);
  // An address has at most 254 characters (RFC 5321); longer, it is a correction to make.
  if (email && email[0].length > 254) return { invalidEmail: `${email[0].slice(0, 60)}…` };
  if (email) {
    const address = email[0];
    // "I can't send to my client at bob@gmail.com": someone else's address, not the user's own.
    if (RECIPIENT_BEFORE.test(folded.slice(Math.max(0, email.index - 50), email.index))) return { recipient: address };
    return { email: address, domain: address.slice(address.indexOf('@') + 1) };
  }
  const result: Pick<Entities, 'email' | 'domain' | 'invalidEmail'> = {};
  const atWord = AT_WORD.exec(folded);
  // "@everyone", "@here" or "@alice" are mentions or handles, not a botched address.
  if (atWord && /[a-z0-9]@/.test(atWord[0]) && atWord[0].length <= 254) result.invalidEmail = atWord[0];
  // "my address ends with @example.ca": a domain given with its @.
  const bare = /(?:^|\s)@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![a-z0-9-])/.exec(folded);
  if (bare) return { domain: bare[1] };
  for (const match of folded.matchAll(DOMAIN)) {
    let domain = match[0];
    if (NOT_A_DOMAIN.test(domain)) continue;
    // A customer who types a server name ("mail.example.com", "smtp.example.com") means the domain after it.
    const prefix = [hostPrefix, ...HOST_PREFIXES].find((p) => p && domain.startsWith(p));
    if (prefix && domain.split('.').length > 2) domain = domain.slice(prefix.length);
    if (result.invalidEmail?.includes(domain)) continue;
    result.domain = domain;
    break;
  }
  return result;
}

export function findClient(text: string): { client?: ClientId; otherClient?: string } {
  for (const [name, pattern] of OTHER_CLIENTS) if (pattern.test(text)) return { client: 'generic', otherClient: name };
  for (const [client, pattern] of CLIENT_PATTERNS) if (pattern.test(text)) return { client };
  return {};
}

/** Protocols in the order they were named, without repeats. */
export function findProtocols(text: string): Protocol[] {
  const found: Protocol[] = [];
  for (const match of text.matchAll(PROTOCOL_PATTERN)) {
    const protocol = match[1] as Protocol;
    if (!found.includes(protocol)) found.push(protocol);
  }
  return found;
}

export function findErrorCode(folded: string, text: string): { errorCode?: string; symptom?: Symptom } {
  const hex = /\b0x[0-9a-f]{8}\b/.exec(folded);
  if (hex) return { errorCode: '0x' + hex[0].slice(2).toUpperCase(), symptom: ERROR_CODES[hex[0]] ?? 'general' };
  // A three-digit SMTP code counts only next to words that show it is one.
  const reply = / (535|534|530|550|553|554|421)( \d\.\d\.\d+)? /.exec(text);
  if (reply && / (error|erreur|code|smtp|relay|relais|denied|refuse\w*|rejected|rejete\w*|authentication|authentification|failed|echec|message|reponse|starttls|command|commande|connections|connexions) /.test(text)) {
    // "530 Must issue a STARTTLS command first": the app spoke in clear where TLS was expected.
    if (reply[1] === '530' && / starttls /.test(text)) return { errorCode: '530', symptom: 'wrong_security' };
    return { errorCode: reply[1], symptom: REPLY_CODES[reply[1]] };
  }
  return {};
}

/** Symptoms that say "something is wrong" on their own (a certificate warning, a time-out…). */
const SELF_EVIDENT: ReadonlySet<Symptom> = new Set(['certificate_warning', 'missing_messages', 'autoconfig_failed', 'password_rejected', 'wrong_security', 'timeout']);

/**
 * The symptom described, if any. Sending and receiving only count as symptoms when the
 * message also says something fails (`problem`): "smtp server?" is a question, not a fault.
 */
export function findSymptom(rawText: string, problem: boolean, clauses: readonly string[] = []): Symptom | undefined {
  // Samsung Email names a security option "TLS (Accept all certificates)": that is a setting, not a warning.
  const text = rawText.replace(/ (accept all|accepter tous les) certificat\w* /g, ' ');
  for (const [symptom, pattern] of SYMPTOM_PATTERNS) {
    if (!(problem || SELF_EVIDENT.has(symptom)) || !pattern.test(text)) continue;
    if (DIRECTIONS.has(symptom)) return failingDirection(clauses) ?? symptom;
    return symptom;
  }
  return undefined;
}

const DIRECTIONS: ReadonlySet<Symptom> = new Set(['cannot_send', 'cannot_receive']);
const SENDING = SYMPTOM_PATTERNS.find(([s]) => s === 'cannot_send')![1];
const RECEIVING = SYMPTOM_PATTERNS.find(([s]) => s === 'cannot_receive')![1];
/** A clause that says something fails, and one that says it works. */
const FAILING = / (not|pas|plus|pu|rien|never|jamais|fail\w*|echou\w*|bloque\w*|coince\w*|stuck|error|erreur|impossible|can not|won t|refuse\w*|rejected) /;
const WORKING = / (fine|ok|okay|works|working|marche|fonctionne|ca va|no problem|sans probleme|pas de souci|nickel|bien) /;
/** "ça marche toujours pas", "is not working", "ne fonctionne": a working word, denied. */
const WORKS = '(marche\\w*|fonctionne\\w*|works?|working)';
const WORKING_DENIED = new RegExp(` ${WORKS} (toujours |encore |still )?(pas|plus|pu|not) | (not|doesn t|don t|isn t|aren t|ne|n) (\\w+ )?${WORKS} `);

/**
 * "will not pick up email, will send outbound fine": sending and receiving both named, the
 * direction that fails is the one in the clause that says so, not the first word found.
 */
function failingDirection(clauses: readonly string[]): Symptom | undefined {
  if (clauses.length < 2) return undefined;
  for (const clause of clauses) {
    const sends = SENDING.test(clause);
    const receives = RECEIVING.test(clause);
    if (sends === receives) continue;
    const working = WORKING.test(clause) && !WORKING_DENIED.test(clause);
    if (FAILING.test(clause) && !working) return sends ? 'cannot_send' : 'cannot_receive';
    if (working) return sends ? 'cannot_receive' : 'cannot_send';
  }
  return undefined;
}
