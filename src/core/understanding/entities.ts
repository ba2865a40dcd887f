import type { ClientId, Entities, Protocol, Symptom } from '../types';

/** Client names as customers write them (after folding and typo correction), most specific first. */
const CLIENT_PATTERNS: ReadonlyArray<[ClientId, RegExp]> = [
  ['outlook_new', / (new|nouvel|nouveau|nouvelle) (version (de |d )?)?outlook |outlook (new|nouveau|nouvelle version) | outlook (pour|for|sur|on) (le )?web /],
  ['outlook_mac', / outlook( \w+){0,3} (mac|macos|macbook|imac) | (mac|macos|macbook|imac)( \w+){0,3} outlook /],
  ['outlook', / (outlook|office 365|microsoft 365|office) /],
  ['thunderbird', / (thunderbird|thunder bird|mozilla) /],
  ['ios_mail', / (iphone|ipad|ios|ipados|i phone|i pad) /],
  ['samsung_email', / (samsung|galaxy) /],
  ['gmail_android', / (gmail|android|pixel|xiaomi|redmi|huawei|oneplus|motorola|oppo) /],
  ['apple_mail', / (apple email|email (app )?(on|sur|de|du|for) (my |mon |le )?mac|macos|mac os|macbook|imac|mac) /],
];

/** Clients without a dedicated guide: the generic guide applies, and the reply names them. */
const OTHER_CLIENTS: ReadonlyArray<[string, RegExp]> = [
  ['eM Client', / em client |emclient/],
  ['Windows Mail', / (windows email|email windows|courrier windows|windows courrier|application courrier) /],
  ['K-9 Mail', / k9 /],
  ['Spark', / spark /],
  ['BlueMail', / (bluemail|blue email) /],
  ['Mailspring', / mailspring /],
  ['Evolution', / evolution /],
  ['KMail', / kmail /],
  ['FairEmail', / fairemail /],
  ['Aqua Mail', / aqua ?email /],
  ['Postbox', / postbox /],
  ['Airmail', / airmail /],
  ['Canary Mail', / canary /],
  // Devices and programs that only send (scans, receipts, invoices): they need the outgoing server alone.
  ['send_only', / (imprimante\w*|printers?|scanners?|scanneur|copieur|photocopieur|multifonction|copier|mfp|scan to email|scan vers email|numerisation|logiciel de caisse|caisse enregistreuse|till( system)?|pos system|point of sale|cash register|logiciel de facturation|invoicing software) /],
];

const PROTOCOL_PATTERN = / (imap|pop3|smtp)(?= )/g;

/**
 * Troubleshooting symptoms, most specific first. Each pattern runs on the normalised text,
 * so it sees "mot de passe" however it was typed ("mdp", "mot de pass").
 */
const SYMPTOM_PATTERNS: ReadonlyArray<[Symptom, RegExp]> = [
  ['certificate_warning', / (certificat\w*|certificate\w*|cert) | (not|pas|non|plus) (trusted|approuve|fiable|valide|securise|verifie)\w* | (verify|verifier) (the |l )?(server |serveur )?(identity|identite) | (identity|identite) (of|du|de) (the )?(server|serveur) | (security|securite) (warning|alert|avertissement|alerte)| (avertissement|alerte) (de )?securite/],
  ['missing_messages', / (disparu|disparus|disparue|disparues|disappeared|disappear|disappearing|missing|vanish\w*|gone|perdu|perdus|lost|supprimes|effaces|deleted|(vois|voit|trouve|retrouve|affiche|see|find) (plus|pas|more|any more|no) (mes|les|mon|aucun|my|the|old)? ?(anciens |vieux |old )?(emails|messages|dossiers|folders))\b| (switch\w*|chang\w*|pass\w*|moved|bascul\w*)( \w+){0,3} (from |de |du |to |a |en |vers )?(pop3|imap)\b.*(emails|messages|dossiers|folders)| (dossiers|folders|boite|inbox)( \w+){0,2} (vides?|empty) | (ne )?(les|them) (vois|voit|voient|see) (plus|pas|no more|any more|anymore) | s effacent |(emails|messages|folders|dossiers).*(switch\w*|chang\w*|pass\w*|moved|bascul\w*) (from |de |du |to |a |en |vers )?(pop3|imap)| (arrivent|arrive|s affichent|apparaissent|show up|shows up|appear|appears|arrive|come in|land)( \w+){0,3} (sur|on|in) (le |la |l |mon |ma |my |the )?(pc|ordi|ordinateur|computer|laptop|mac|telephone|phone|iphone|android|mobile|portable|tablette|tablet|ipad|outlook|thunderbird|webmail)( \w+){0,2}( mais| but| and)? (pas|plus|not|never|nothing)( \w+){0,3} (sur|on|in) | only (show up|shows up|appear|appears|arrive|arrives|come in|land) (on|in) /],
  ['autoconfig_failed', / autoconfig( \w+){0,3} (failed|fails|echoue\w*|error|erreur|marche pas|ne marche|ne fonctionne|did not|does not|not work\w*|impossible|failure|echec)|(failed|echec|erreur|error|impossible)( \w+){0,3} autoconfig |(automatic\w*|automatique\w*) (setup|config\w*|detect\w*|detection|parametr\w*)|(config\w*|setup|detection|parametrage|parametres) (automatic\w*|automatique\w*)| (could|can) not (find|detect|retrieve|get) (the |your |my )?(account |email |server )?(settings|config|configuration|parametres)| (failed|unable|fails) to (find|detect|retrieve|get) (the |your |my )?(account |email |server )?(settings|config|configuration)| autoconfig( \w+){0,3} (trouve rien|finds nothing|found nothing)|(trouve rien|finds nothing|found nothing)( \w+){0,2} autoconfig | (impossible de|n a pas pu|ne trouve pas|ne peut pas) (trouver |detecter |recuperer )?(automatiquement )?(les |la )?(parametres|reglages|configuration)| (n a pas|n ont pas|a pas|pas) (pu )?(trouve\w*|detecte\w*|recupere\w*) (les |des |vos |mes |de )?(parametres|reglages|configuration)/],
  ['password_rejected', / (mot de passe|password|passwords|identifiants|credentials|login|authentication|authentification)( \w+){0,10} (incorrect\w*|wrong|rejected|rejete\w*|refuse\w*|invalid\w*|faux|errone\w*|failed|echoue\w*|echec|not accepted|pas accepte|denied)| (demande|redemande|asks?|asking|prompt\w*)( \w+){0,4} (a tout bout de champ|sans arret|constamment|every (few )?(minutes?|time|hours?)|all the time|constantly)| (redemande|keeps? ask\w*|keeps? prompt\w*|asks? (me )?(again|repeatedly|constantly|for my password)|demande (sans cesse|tout le temps|toujours|encore|en boucle|a chaque fois)|toujours (demande|redemande)|prompt\w* (again|repeatedly)|over and over|en boucle)| (incorrect|wrong|invalid|bad|mauvais) (mot de passe|password|username|identifiant\w*|login|credentials)| (login|connexion|logon|sign in) (failed|refused|refusee|impossible|echoue\w*)| (535|534) /],
  ['wrong_security', / (ssl|tls|handshake|starttls)( \w+){0,2} (error|erreur|failed|echec|mismatch)| (erreur|error) (ssl|tls)| wrong version number | (does not|doesnt|ne) (support\w*|prend pas en charge)( \w+){0,3} (encryption|chiffrement|ssl|tls)/],
  ['timeout', / (timeout|timed out|time out|times out|timing out|delai\w*( \w+){0,2} (depasse|expire)|(connexion|connection|session|operation|requete|request|attente)( \w+){0,2} (a )?expire\w*|not responding|no response|ne repond (pas|plus)|repond pas|pas de reponse|unreachable|injoignable|connection (failed|refused|lost|reset|timed out)|connexion (impossible|echoue\w*|refusee|perdue|interrompue|expiree)|(can not|unable to|impossible de|n arrive pas a|arrive pas a|cannot) (se |me )?(connect\w*|joindre|reach|contacter)|(could|can) not connect|(could|can) not (open|establish|make)( a| the)? connection|(is|est|shows?|affiche|says?|dit|appears?|apparait|marque)( \w+){0,3} (offline|hors ligne|hors connexion)|cannot get mail|impossible de relever|(trouve|trouver|find|finds|found) (pas |not |plus )?(le |the )?(serveur|server)|(serveur|server) (introuvable|not found|cannot be found)|relever impossible) /],
  ['cannot_send', / (send|sending|sent|envoyer|envoi|envoie|envoient|envoye\w*|expedier|partent|part pas|outbox|boite d envoi|smtp|sortant\w*|outgoing|relay\w*|relais|going) /],
  ['cannot_receive', / (receive|receiving|received|recevoir|recois|recoit|recu|recus|reception|inbox|boite de reception|new emails|nouveaux (emails|messages)|download|telecharge\w*|arrivent|arrive plus|get (my |any |new )?emails|relever|synchronis\w*|sync|incoming|entrant\w*|imap|pop3|rentre\w*|coming) /],
];

/** Error codes customers paste, mapped to what they usually mean. */
const ERROR_CODES: Readonly<Record<string, Symptom>> = {
  '0x800ccc0e': 'timeout',
  '0x800ccc0f': 'timeout',
  '0x800ccc0b': 'timeout',
  '0x800ccc13': 'timeout',
  '0x80042108': 'cannot_receive',
  '0x8004210a': 'timeout',
  '0x80042109': 'cannot_send',
  '0x8004210b': 'cannot_send',
  '0x800ccc78': 'cannot_send',
  '0x800ccc79': 'cannot_send',
  '0x800ccc67': 'cannot_send',
  '0x800ccc6a': 'cannot_send',
  '0x800ccc60': 'cannot_send',
  '0x800ccc90': 'password_rejected',
  '0x800ccc92': 'password_rejected',
  '0x800ccc91': 'password_rejected',
  '0x800ccc18': 'password_rejected',
  '0x800ccc1a': 'wrong_security',
  '0x800ccc7d': 'wrong_security',
  '0x80040115': 'timeout',
  '0x80040119': 'general',
  '0x80040600': 'general',
};

/** SMTP and IMAP reply codes that show up in bounce messages and client errors. */
const REPLY_CODES: Readonly<Record<string, Symptom>> = {
  '535': 'password_rejected',
  '534': 'password_rejected',
  '530': 'cannot_send',
  '550': 'cannot_send',
  '553': 'cannot_send',
  '554': 'cannot_send',
  '421': 'timeout',
};

const EMAIL = /(?<![a-z0-9._%+-])[a-z0-9](?:[a-z0-9._%+-]{0,62}[a-z0-9_%+-])?@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-])/;
const AT_WORD = /(?<![^\s<>()[\]{},;:"'`])[^\s<>()[\]{},;:"'`]*@[^\s<>()[\]{},;:"'`]*/;
const DOMAIN = /(?<![a-z0-9@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-]|\.[a-z0-9])/g;
/** Server-name prefixes customers guess ("smtp.example.com"): the domain is what follows. */
const HOST_PREFIXES = ['mail.', 'smtp.', 'imap.', 'pop.', 'pop3.', 'webmail.', 'www.', 'mx.', 'autodiscover.', 'autoconfig.'];

/** Words that end in a dot-suffix but are not domains customers own. */
const NOT_A_DOMAIN = /^(?:mail\.app|config-v1\.1\.xml|.*\.(?:xml|exe|pst|ost|txt|pdf|png|jpe?g|html?|php|js|json|mobileconfig|eml|msg|zip))$/;

/** Reads addresses and domains from the folded text. Mentions like `@everyone` are not addresses. */
export function findAddress(folded: string, hostPrefix: string): Pick<Entities, 'email' | 'domain' | 'invalidEmail'> {
  const email = EMAIL.exec(folded);
  // An address has at most 254 characters (RFC 5321); longer, it is a correction to make.
  if (email && email[0].length > 254) return { invalidEmail: `${email[0].slice(0, 60)}…` };
  if (email) {
    const address = email[0];
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
export function findSymptom(rawText: string, problem: boolean): Symptom | undefined {
  // Samsung Email names a security option "TLS (Accept all certificates)": that is a setting, not a warning.
  const text = rawText.replace(/ (accept all|accepter tous les) certificat\w* /g, ' ');
  for (const [symptom, pattern] of SYMPTOM_PATTERNS) {
    if ((problem || SELF_EVIDENT.has(symptom)) && pattern.test(text)) return symptom;
  }
  return undefined;
}
