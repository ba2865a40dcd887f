import { loadKnowledgeBase } from '../../src/knowledge/load';
import { buildMobileconfig, profileIdentifier } from '../../src/core/account-files/apple';
import { SetupFileError } from '../../src/core/account-files/errors';
import { kbWith, legacyKb, parsePlist, parsePlistWithPackage, starttlsKb } from './helpers';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe('Apple configuration profile (.mobileconfig)', () => {
  const kb = loadKnowledgeBase();
  const xml = buildMobileconfig(kb, 'alice@example.com');
  const profile = parsePlist(xml);
  const mail = profile.PayloadContent[0];

  test('two independent property-list parsers read the same profile', () => {
    expect(parsePlistWithPackage(xml)).toEqual(profile);
  });

  test('is a Configuration profile holding one mail payload', () => {
    expect(profile).toMatchObject({
      PayloadType: 'Configuration',
      PayloadVersion: 1,
      PayloadOrganization: 'Example Hosting',
      PayloadRemovalDisallowed: false,
    });
    expect(profile.PayloadIdentifier).toMatch(/^com\.example\.www\.mailconfig\.[0-9a-f]{32}$/);
    expect(profile.PayloadUUID).toMatch(UUID);
    expect(profile.PayloadDisplayName).toContain('alice@example.com');
    expect(profile.PayloadDescription).toContain('alice@example.com');
    expect(profile.PayloadContent).toHaveLength(1);
    expect(mail).toMatchObject({ PayloadType: 'com.apple.mail.managed', PayloadVersion: 1, PayloadOrganization: 'Example Hosting' });
    expect(mail.PayloadIdentifier).toBe(`${profile.PayloadIdentifier}.mail`);
    expect(mail.PayloadUUID).toMatch(UUID);
  });

  test('the IMAP account matches the knowledge base field by field', () => {
    const imap = kb.primary('imap')!;
    const smtp = kb.primary('smtp')!;
    expect(mail).toMatchObject({
      EmailAccountType: 'EmailTypeIMAP',
      EmailAddress: 'alice@example.com',
      IncomingMailServerHostName: imap.host.replace('{domain}', 'example.com'),
      IncomingMailServerPortNumber: imap.port,
      IncomingMailServerUseSSL: imap.security !== 'none',
      IncomingMailServerAuthentication: 'EmailAuthPassword',
      IncomingMailServerUsername: 'alice@example.com',
      OutgoingMailServerHostName: smtp.host.replace('{domain}', 'example.com'),
      OutgoingMailServerPortNumber: smtp.port,
      OutgoingMailServerUseSSL: smtp.security !== 'none',
      OutgoingMailServerAuthentication: 'EmailAuthPassword',
      OutgoingMailServerUsername: 'alice@example.com',
      OutgoingPasswordSameAsIncomingPassword: true,
    });
    expect(mail.IncomingMailServerHostName).toBe('mail.example.com');
    expect(mail.IncomingMailServerPortNumber).toBe(993);
    expect(mail.OutgoingMailServerPortNumber).toBe(465);
  });

  test('never carries a password', () => {
    const keys = Object.keys(mail).filter((k) => /password/i.test(k));
    expect(keys).toEqual(['OutgoingPasswordSameAsIncomingPassword']);
  });

  test('consent text in French and English, with a default', () => {
    expect(Object.keys(profile.ConsentText).sort()).toEqual(['default', 'en', 'fr']);
    expect(profile.ConsentText.fr).toMatch(/mot de passe/);
    expect(profile.ConsentText.en).toMatch(/password/);
    expect(profile.ConsentText.default).toBe(profile.ConsentText.en);
    const french = parsePlist(buildMobileconfig(kb, 'alice@example.com', { lang: 'fr' }));
    expect(french.PayloadDisplayName).toBe('Messagerie Example Hosting (alice@example.com)');
    expect(french.ConsentText.default).toBe(french.ConsentText.fr);
  });

  test('the identifier is stable per address (installing again replaces) and the UUIDs are fresh', () => {
    const again = parsePlist(buildMobileconfig(kb, 'alice@example.com'));
    expect(again.PayloadIdentifier).toBe(profile.PayloadIdentifier);
    expect(again.PayloadContent[0].PayloadIdentifier).toBe(mail.PayloadIdentifier);
    expect(again.PayloadUUID).not.toBe(profile.PayloadUUID);
    expect(again.PayloadContent[0].PayloadUUID).not.toBe(mail.PayloadUUID);
    expect(profile.PayloadUUID).not.toBe(mail.PayloadUUID);
    expect(profileIdentifier(kb, 'ALICE@example.COM')).toBe(profile.PayloadIdentifier);
    expect(profileIdentifier(kb, 'bob@example.com')).not.toBe(profile.PayloadIdentifier);
    expect(profile.PayloadIdentifier).not.toContain('alice');
  });

  test('STARTTLS on 587 is "Use SSL" on port 587, and the user name is the local part', () => {
    const custom = parsePlist(buildMobileconfig(starttlsKb(), 'alice@example.com')).PayloadContent[0];
    expect(custom).toMatchObject({
      IncomingMailServerHostName: 'imap.example.com',
      IncomingMailServerPortNumber: 993,
      IncomingMailServerUseSSL: true,
      IncomingMailServerUsername: 'alice',
      OutgoingMailServerHostName: 'smtp.example.com',
      OutgoingMailServerPortNumber: 587,
      OutgoingMailServerUseSSL: true,
      OutgoingMailServerUsername: 'alice',
    });
  });

  test('a POP3-only provider gets a POP account; no encryption and CRAM-MD5 are written as such', () => {
    const legacy = parsePlist(buildMobileconfig(legacyKb(), 'alice@example.com'));
    expect(legacy.PayloadContent[0]).toMatchObject({
      EmailAccountType: 'EmailTypePOP',
      IncomingMailServerHostName: 'pop.hoster-mail.net',
      IncomingMailServerPortNumber: 110,
      IncomingMailServerUseSSL: false,
      OutgoingMailServerAuthentication: 'EmailAuthCRAMMD5',
    });
    expect(legacy.PayloadDescription).toContain('POP3');
  });

  test('texts from the knowledge base are escaped and read back intact', () => {
    const data = loadKnowledgeBase().data;
    const odd = kbWith({ provider: { ...data.provider, name: "L'Atelier <Mail> & Co" } });
    const text = buildMobileconfig(odd, 'alice@example.com');
    expect(text).not.toContain('<Mail>');
    const parsed = parsePlist(text);
    expect(parsed.PayloadOrganization).toBe("L'Atelier <Mail> & Co");
    expect(parsePlistWithPackage(text).PayloadOrganization).toBe("L'Atelier <Mail> & Co");
  });

  test('refuses a domain the chat says is not hosted here', () => {
    expect(() => buildMobileconfig(kb, 'alice@gmail.com')).toThrow(SetupFileError);
  });
});
