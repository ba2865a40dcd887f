import type { Lang } from '../types';

/**
 * Words that tell French from English. Weight 2: only one language uses the word;
 * weight 1: much more common in one language. Neutral words (imap, port, outlook…) are absent.
 */
const FRENCH: Readonly<Record<string, number>> = weights({
  2: 'je j ai est c quoi quel quelle quels quelles comment pourquoi pour sur avec dans mon ma mes votre vos ton ta tes ' +
    'serveur serveurs entrant entrants entrante sortant sortants sortante parametres reglages recevoir envoyer ' +
    'bonjour bonsoir salut coucou merci marche fonctionne arrive pas ne n plus du des une les qu ou svp ' +
    'dois faut peux puis veux voudrais aimerais utiliser configurer parametrer installer ajouter ' +
    'identifiant utilisateur passe mot erreur probleme aide aidez chiffrement securite courrier messagerie ' +
    'telephone ordinateur appareils recois recoit reception envoi lequel laquelle mieux beaucoup adresse ' +
    'nouvel nouveau nouvelle avez vous nous suis sont cette ces elle il rien toujours encore deja ' +
    'connexion depuis hier aujourd hui matin recu recus envoye envoyes fonctionnent marchent arrivent ' +
    'bloque refuse echec echoue impossible demande redemande sans cesse quand aussi mais donc alors car ' +
    'veux puis-je dois-je faut-il besoin savoir donner donnez dites dis moi ordi portable tablette appareil ' +
    'authentification parametrage reglage configuration boite courriel courriels disparu disparus perdu ' +
    'chiffre chiffree securise securisee oui non bien voila etes sommes ai-je quoi qu est-ce avoir faire ' +
    'salutations cordialement svp stp bjr slt coucou parfait genial super nickel ca cela aux lui leur ' +
    'encore toujours jamais souvent apres avant entre chez sous vers selon nom hote certificat alerte ' +
    'avertissement delai depasse expire repond plus mes ton nos leurs autre autres meme memes tout tous ' +
    'mets met mettre mdr jsp quand depuis lui',
  1: 'le la de et un ce se sa son tout tous',
});

const ENGLISH: Readonly<Record<string, number>> = weights({
  2: 'the what which how why is are do does did can could should would my your i am have has with ' +
    'servers incoming outgoing receive send sending hello hi hey thanks thank please ' +
    'not work working works set up help use need want get tell give show me it ' +
    'this that for from of and or to in on at an be will there any all into about address new cannot ' +
    'keeps asking error problem phone computer devices which better choose difference ' +
    'authentication failed fails failing says said timed connection since yesterday today any new ' +
    'setup account accounts laptop received sent sending getting got keep asking again ' +
    'where when who was were been should shall must might just only also but so because then than ' +
    'doesn does didn isn wasn won can could would please thx hello hey yes no sure right wrong ' +
    'incorrect invalid rejected refused missing lost gone disappeared warning certificate trusted ' +
    'outgoing incoming encryption security secure enter put box inbox outbox anymore stopped ' +
    'still after before between through without within everything something anything nothing ' +
    'there their them they you your yours we our us he she his her its if else what whats ' +
    'good morning afternoon evening hiya howdy cheers mate needed required requierd denied relaying ' +
    'name kind questions answer bot chat much business plan steps manual tablet company wife office away ' +
    'english french receiving recieving recieve recieved whatever blah stuff thing things lol even yo put ' +
    // Chat shorthand, read before it is expanded.
    'ty tysm thnx tnx thanx plz pls',
  // Loanwords French speakers use too ("username pour outlook ?").
  1: 'a username password settings server',
});

/** Words that only lean one way (used when nothing better is known, before the configured default). */
const WEAK_ENGLISH = new Set(['setup', 'ok', 'login', 'user', 'configure', 'app', 'host', 'hostname', 'vs']);

function weights(groups: Record<number, string>): Record<string, number> {
  // No prototype: a word such as "constructor" or "__proto__" must weigh nothing.
  const table: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [weight, words] of Object.entries(groups)) {
    for (const word of words.split(/\s+/)) if (word) table[word] = Number(weight);
  }
  return table;
}

/** "in English please", "en français svp": the user says which language they want. */
const ASKED_FOR: ReadonlyArray<[Lang, RegExp]> = [
  ['en', / (in|en) (english|anglais) /],
  ['fr', / (in|en) (french|francais) /],
];

/**
 * Word order tells terse questions apart: French puts the qualifier after the noun
 * ("port imap", "serveur smtp"), English before it ("imap port").
 */
const FRENCH_ORDER = / (ports?|serveurs?|servers?|srv|config|configuration|parametres) (imap|pop3|smtp|outlook|thunderbird|iphone|ipad|android|gmail|samsung|ssl|tls|entrant|sortant) /;
const ENGLISH_ORDER = / (imap|pop3|smtp|outlook|thunderbird|iphone|ipad|android|gmail|samsung|ssl|tls|incoming|outgoing|email) (ports?|servers?|srv|settings|setup|config|username|user name|password) /;

/**
 * Distinctive words of languages the bot does not speak: a question written in one of them gets
 * the "not understood" answer rather than a guess built on a few borrowed words.
 */
const OTHER_LANGUAGES = new Set(
  ('hola gracias necesito ayuda correo cuenta configuro configurar puedo donde cual cuál servidor puerto contraseña mi mis ' +
    'ich mein meine mich mir wie richte einrichten konto hallo danke bitte nicht kann ist und der die das ' +
    'ciao grazie posta configurare il mio della olá obrigado conta minha meu senha ola voce fala portugues alguien habla espanol brauche hilfe mit meinem postfach').split(' '),
);

/** True when most distinctive words belong to another language (Spanish, German, Italian, Portuguese). */
export function looksForeign(tokens: readonly string[]): boolean {
  let foreign = 0;
  let ours = 0;
  for (const token of tokens) {
    if (OTHER_LANGUAGES.has(token)) foreign++;
    else if (FRENCH[token] || ENGLISH[token]) ours++;
  }
  return foreign >= 2 && foreign > ours;
}

export interface LanguageGuess {
  /** Decided from the text alone, or null when the text cannot tell. */
  strong: Lang | null;
  /** A lean from neutral-looking words, used only when no hint, context or strong signal exists. */
  weak: Lang | null;
  /** How far apart the two languages' evidence is (distinctive-word weights). */
  margin: number;
  /** The user asked for a language ("in English please"). */
  asked?: boolean;
}

/** Guesses the language from folded words; `accented` is whether the raw text carried French accents. */
export function guessLanguage(tokens: readonly string[], accented: boolean): LanguageGuess {
  const text = ` ${tokens.join(' ')} `;
  // "my Outlook is in French" describes the app; "in French please" asks for the language.
  const describes = / (is|are|est|sont) (in|en) (english|anglais|french|francais) /.test(text);
  if (!describes) for (const [lang, pattern] of ASKED_FOR) if (pattern.test(text)) return { strong: lang, weak: null, asked: true, margin: Infinity };
  // Word order counts like a distinctive word: "imap port" is English, "port imap" French.
  let fr = (accented ? 2 : 0) + (FRENCH_ORDER.test(text) ? 1.5 : 0);
  let en = ENGLISH_ORDER.test(text) ? 1.5 : 0;
  let firstSide: Lang | null = null;
  let weakEn = 0;
  for (const token of tokens) {
    const f = FRENCH[token] ?? 0;
    const e = ENGLISH[token] ?? 0;
    fr += f;
    en += e;
    if (firstSide === null && f !== e) firstSide = f > e ? 'fr' : 'en';
    if (WEAK_ENGLISH.has(token)) weakEn++;
  }
  const margin = Math.abs(fr - en);
  if (fr >= 1 || en >= 1) {
    if (fr > en) return { strong: 'fr', weak: null, margin };
    if (en > fr) return { strong: 'en', weak: null, margin };
    // A tie in mixed text ("c'est quoi the server"): the sentence's opening language wins.
    return { strong: firstSide, weak: null, margin };
  }
  return { strong: null, weak: weakEn > 0 ? 'en' : null, margin };
}

/** Maps a platform locale ("fr", "fr-CA", "en-US", "fr_FR") to a supported language, or null. */
export function langFromLocale(locale: string | undefined): Lang | null {
  if (!locale) return null;
  const base = locale.toLowerCase().split(/[-_]/)[0];
  return base === 'fr' || base === 'en' ? base : null;
}
