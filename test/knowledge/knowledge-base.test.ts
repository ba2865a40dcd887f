import { KnowledgeBaseError, loadKnowledgeBase, parseKnowledgeBase } from '../../src/knowledge/load';
import { lintKnowledgeBase, lintLocales } from '../../src/tools/knowledge-lint';
import { sharedTranslations, createTestBot, ask } from '../helpers/bot';
import { defaultKbJson } from '../fixtures/kb';

describe('the default knowledge base carries the help page', () => {
  const kb = loadKnowledgeBase();
  const account = kb.account('fr', { email: 'alice@exemple.fr' });

  test('IMAP 993 and POP3 995 over SSL/TLS, SMTP 465 over SSL/TLS with a normal password', () => {
    expect(account.services.map((s) => [s.protocol, s.host, s.port, s.security, s.authentication])).toEqual([
      ['imap', 'mail.exemple.fr', 993, 'ssl', 'password-cleartext'],
      ['pop3', 'mail.exemple.fr', 995, 'ssl', 'password-cleartext'],
      ['smtp', 'mail.exemple.fr', 465, 'ssl', 'password-cleartext'],
    ]);
  });

  test('the username is the full address; placeholders when no address is known', () => {
    expect(account.username).toBe('alice@exemple.fr');
    expect(kb.account('en').username).toBe('youremail@yourdomain.tld');
    expect(kb.account('fr').services[0].host).toBe('mail.votredomaine.tld');
  });

  test('kb:lint finds nothing to report', () => {
    expect(lintKnowledgeBase(kb, sharedTranslations())).toEqual([]);
  });
});

describe('a knowledge base an operator supplies', () => {
  test('a bad file names the field and what is wrong', () => {
    const json = defaultKbJson();
    json.services[2].port = 'four-six-five';
    delete json.placeholders.email.en;
    expect(() => parseKnowledgeBase(json, 'custom.json')).toThrow(KnowledgeBaseError);
    try {
      parseKnowledgeBase(json, 'custom.json');
    } catch (error) {
      expect((error as Error).message).toContain('custom.json');
      expect((error as Error).message).toContain('services[2].port');
      expect((error as Error).message).toContain('placeholders.email.en');
    }
  });

  test('an unreadable or non-JSON file is a clear error', () => {
    expect(() => loadKnowledgeBase('/nonexistent/kb.json')).toThrow(/cannot be read/);
  });

  test('its host template, ports and extra services reach the answers', () => {
    const json = defaultKbJson();
    json.provider.name = 'Hébergeur Test';
    json.services = [
      { protocol: 'imap', host: 'imap.{domain}', port: 993, security: 'ssl', authentication: 'password-cleartext' },
      { protocol: 'smtp', host: 'smtp.{domain}', port: 465, security: 'ssl', authentication: 'password-cleartext' },
      { protocol: 'smtp', host: 'smtp.{domain}', port: 587, security: 'starttls', authentication: 'password-cleartext', alternative: true },
    ];
    const bot = createTestBot({}, parseKnowledgeBase(json, 'custom'));
    const { text } = ask('outgoing server for bob@acme.org', {}, bot);
    expect(text).toContain('smtp.acme.org, port 465, SSL/TLS');
    expect(text).toContain('port 587 with STARTTLS');
    expect(ask('is 587 right?', {}, bot).text).toContain('Yes: 587 is right for SMTP, with STARTTLS');
    expect(ask('hello', {}, bot).text).toContain('Hébergeur Test');
  });
});

describe('kb:lint reports contradictions', () => {
  function lint(change: (json: Record<string, any>) => void) {
    const json = defaultKbJson();
    change(json);
    return lintKnowledgeBase(parseKnowledgeBase(json, 'custom'), sharedTranslations()).map((p) => `${p.where}: ${p.problem}`);
  }

  test('STARTTLS on port 465 contradicts RFC 8314', () => {
    expect(lint((j) => (j.services[2].security = 'starttls'))).toEqual([expect.stringMatching(/services\[2\]: port 465 uses implicit TLS/)]);
  });

  test('implicit TLS on 587 and a protocol on the wrong port', () => {
    const problems = lint((j) => {
      j.services[2].port = 587;
      j.services[0].port = 995;
    });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/services\[2\]: port 587 uses "starttls"/), expect.stringMatching(/services\[0\]: port 995 is the POP3 port/)]),
    );
  });

  test("the page's own Outlook and Thunderbird advice, as operator notes, is caught", () => {
    const problems = lint((j) => {
      j.clientNotes = {
        outlook: { fr: 'Assurez-vous de choisir STARTTLS.', en: 'Make sure you choose STARTTLS.' },
        thunderbird: { fr: 'Cochez « use secure authentication ».', en: 'Tick "use secure authentication".' },
      };
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/clientNotes\.outlook\.fr: tells users to choose STARTTLS/),
        expect.stringMatching(/clientNotes\.outlook\.en: tells users to choose STARTTLS/),
        expect.stringMatching(/clientNotes\.thunderbird\.en: tells users to use an encrypted password method/),
      ]),
    );
  });

  test('a note that warns against STARTTLS is fine', () => {
    expect(lint((j) => (j.clientNotes = { outlook: { fr: 'Ne choisissez pas STARTTLS.', en: 'Do not choose STARTTLS.' } }))).toEqual([]);
  });
});

test('both languages have the same locale keys, and none is empty', () => {
  expect(lintLocales()).toEqual([]);
});
