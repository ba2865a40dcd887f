import { ask } from '../helpers/bot';
import type { Intent, Lang } from '../../src/core/types';

/** [question, expected intent, expected language] — as customers really write them. */
const CASES: Array<[string, Intent, Lang]> = [
  ['POP ou IMAP ?', 'protocol_choice', 'fr'],
  ['quelle est la différence entre pop et imap', 'protocol_choice', 'fr'],
  ['should I use imap if I read mail on my phone and laptop', 'protocol_choice', 'en'],
  ['Outlook port?', 'ports', 'en'],
  ['c koi le port imap', 'ports', 'fr'],
  ['imap and smtp ports?', 'ports', 'en'],
  ['quel serveur sortant pour alice@exemple.fr', 'outgoing_server', 'fr'],
  ["c'est quoi the smtp server", 'outgoing_server', 'fr'],
  ['serveur entrant ?', 'incoming_server', 'fr'],
  ['what is the incoming mail server', 'incoming_server', 'en'],
  ['quel est mon identifiant', 'username', 'fr'],
  ['what username do i use', 'username', 'en'],
  ['SSL ou STARTTLS ?', 'encryption', 'fr'],
  ['what security type should i pick', 'encryption', 'en'],
  ['does the outgoing server require authentication', 'smtp_auth', 'en'],
  ["le serveur sortant nécessite-t-il une authentification", 'smtp_auth', 'fr'],
  ['how do I set up my iPhone', 'client_setup', 'en'],
  ['comment configurer thunderbrid', 'client_setup', 'fr'],
  ['configurer outlok', 'client_setup', 'fr'],
  ['tous les paramettres svp', 'all_settings', 'fr'],
  ['email settings', 'all_settings', 'en'],
  ["je n'arrive pas à envoyer de mails", 'troubleshooting', 'fr'],
  ['Outlook error 0x800CCC0E', 'troubleshooting', 'en'],
  ['my iphone keeps asking for my password', 'troubleshooting', 'en'],
  ['bonjour', 'greeting', 'fr'],
  ['hello', 'greeting', 'en'],
  ['help', 'help', 'en'],
  ['merci beaucoup !', 'thanks', 'fr'],
  ['how much does hosting cost', 'out_of_scope', 'en'],
  ['comment renouveler mon nom de domaine', 'out_of_scope', 'fr'],
  ['asdfghjkl', 'unknown', 'fr'],
  // A wizard that keeps asking asks a question; an app that keeps asking wants the password again.
  ['the setup wizard keeps asking me imap or pop, which one?', 'protocol_choice', 'en'],
  ['outlook keeps asking for my password', 'troubleshooting', 'en'],
  // What works, then a new request: the request is the question, not a closing.
  ['it works on my laptop in Thunderbird. Now I want it on my phone too', 'client_setup', 'en'],
  ["ça marche sur le pc, maintenant je voudrais l'ajouter sur ma tablette", 'client_setup', 'fr'],
  ['it works now, thanks a lot', 'thanks', 'en'],
  // Port 25 called a port is about mail; "le 25" may be a date.
  ['le port 25 est bloqué chez mon fai, je mets quoi à la place ?', 'ports', 'fr'],
  ['my isp blocks port 25, what do I use instead', 'ports', 'en'],
  ['je viens de recevoir mon planning, je bosse le 25. évidemment', 'out_of_scope', 'fr'],
  // "ça marche" denied is a fault, not thanks.
  ['ça marche toujours pas', 'troubleshooting', 'fr'],
  ["le serveur que j'ai mis c'est mail.coiffure-elegance.fr, port 993, et ça marche toujours pas", 'troubleshooting', 'fr'],
  ['merci ça marche', 'thanks', 'fr'],
  // A statement, then the question: the setting in the question is the one asked.
  ["ok I'll switch to 465. does it need authentication as well?", 'smtp_auth', 'en'],
  ["j'ai mis 993. Et le serveur sortant c'est quoi ?", 'outgoing_server', 'fr'],
  // What would happen to mail read on several devices is the POP/IMAP choice; what did happen is a fault.
  ['will my emails disappear from the laptop if I read them on the phone?', 'protocol_choice', 'en'],
  ["si je lis mes mails sur le téléphone, ils vont disparaître de l'ordi ?", 'protocol_choice', 'fr'],
  ['je reçois les mails sur mon pc mais plus sur mon tel, ils sont supprimés du serveur ?', 'troubleshooting', 'fr'],
];

describe('understanding real customer questions', () => {
  test.each(CASES)('%s → %s (%s)', (question, intent, lang) => {
    const { understanding } = ask(question);
    expect(understanding.intent).toBe(intent);
    expect(understanding.lang).toBe(lang);
  });
});

describe('entities', () => {
  test('reads the address and its domain', () => {
    const { understanding } = ask('quel serveur sortant pour alice@exemple.fr');
    expect(understanding.entities).toMatchObject({ email: 'alice@exemple.fr', domain: 'exemple.fr' });
  });

  test('reads a domain typed as the server name', () => {
    expect(ask('is mail.acme.org the imap server?').understanding.entities.domain).toBe('acme.org');
  });

  test('names the client despite typos, and every protocol asked', () => {
    const { understanding } = ask('thunderbrid imap et smtp');
    expect(understanding.entities.client).toBe('thunderbird');
    expect(understanding.entities.protocols).toEqual(['imap', 'smtp']);
    expect(understanding.entities.protocol).toBe('imap');
  });

  test('tells new Outlook and Outlook for Mac apart from classic Outlook', () => {
    expect(ask('configurer le nouvel outlook').understanding.entities.client).toBe('outlook_new');
    expect(ask('outlook on my macbook setup').understanding.entities.client).toBe('outlook_mac');
    expect(ask('setup outlook 365').understanding.entities.client).toBe('outlook');
  });

  test("Thunderbird's security exception dialog is a certificate warning", () => {
    expect(ask("Thunderbird me demande d'ajouter une exception de sécurité quand j'ajoute le compte").understanding).toMatchObject({
      intent: 'troubleshooting',
      entities: { symptom: 'certificate_warning', client: 'thunderbird' },
    });
    expect(ask('thunderbird wants me to add a security exception').understanding.entities.symptom).toBe('certificate_warning');
  });

  test('maps a pasted error code to its symptom', () => {
    const { understanding } = ask('0x800CCC92 dans outlook');
    expect(understanding.entities).toMatchObject({ errorCode: '0x800CCC92', symptom: 'password_rejected', client: 'outlook' });
  });

  test('after a result, the app to set up is the one named in the new request, not the one that works', () => {
    const client = (text: string) => ask(text).understanding.entities.client;
    expect(client('it works in Thunderbird on my laptop. Now I want it on my phone too')).toBeUndefined();
    expect(client('ça marche dans Outlook, maintenant je voudrais le configurer sur mon iPhone')).toBe('ios_mail');
    expect(client('Thunderbird keeps asking for my password')).toBe('thunderbird');
  });

  test('the direction that fails is the one whose working word is denied', () => {
    const symptom = (text: string) => ask(text).understanding.entities.symptom;
    expect(symptom("j'ai vérifié mes paramètres, ça marche toujours pas pour envoyer")).toBe('cannot_send');
    expect(symptom("l'envoi de mes e-mails depuis mon GSM ne fonctionne pas, j'ai « Échec de l'envoi »")).toBe('cannot_send');
    expect(symptom('receiving is fine, but sending is not working')).toBe('cannot_send');
    expect(symptom("I can send ok, receiving doesn't work")).toBe('cannot_receive');
  });

  test('an address with a missing part is reported, not used', () => {
    const { understanding } = ask('serveur pour alice@exemple');
    expect(understanding.entities.invalidEmail).toBe('alice@exemple');
    expect(understanding.entities.domain).toBeUndefined();
  });

  test('@everyone is not an address', () => {
    expect(ask('@everyone imap port').understanding.entities.invalidEmail).toBeUndefined();
  });
});

describe('language', () => {
  test('a platform locale decides when the text cannot', () => {
    expect(ask('imap?', { localeHint: 'en-US' }).understanding.lang).toBe('en');
    expect(ask('993', { localeHint: 'fr-CA' }).understanding.lang).toBe('fr');
  });

  test('the text wins over the platform locale', () => {
    expect(ask('quel est le port smtp', { localeHint: 'en-US' }).understanding.lang).toBe('fr');
  });

  test('chat shorthand and word order tell terse messages apart, before shorthand is expanded', () => {
    expect(ask('smtp srv?').understanding.lang).toBe('en');
    expect(ask('srv smtp ?').understanding.lang).toBe('fr');
    expect(ask('k ty').understanding).toMatchObject({ intent: 'thanks', lang: 'en' });
  });

  test('with nothing to go on, the configured default', () => {
    expect(ask('993').understanding.lang).toBe('fr');
  });

  test('--lang forces the language', () => {
    expect(ask('quel est le port smtp', { forceLang: 'en' }).understanding.lang).toBe('en');
  });
});
