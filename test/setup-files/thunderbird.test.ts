import { loadKnowledgeBase } from '../../src/knowledge/load';
import type { KnowledgeBase } from '../../src/knowledge/settings';
import { SetupFileError } from '../../src/core/account-files/errors';
import { buildThunderbirdConfig } from '../../src/core/account-files/thunderbird';
import { kbWith, legacyKb, parseXml, starttlsKb } from './helpers';

/** What Thunderbird's format documents for each knowledge-base value (written out here, not imported from the generator). */
const SOCKET_TYPE = { ssl: 'SSL', starttls: 'STARTTLS', none: 'plain' } as const;

/** The servers a knowledge base defines for one protocol, main first, with host names filled in. */
function expectedServers(kb: KnowledgeBase, protocol: string, domain: string) {
  const all = kb.data.services.filter((s) => s.protocol === protocol);
  const ordered = [...all.filter((s) => !s.alternative), ...all.filter((s) => s.alternative)];
  return ordered.map((s) => ({
    '@type': protocol,
    hostname: s.host.replace('{domain}', domain),
    port: String(s.port),
    socketType: SOCKET_TYPE[s.security],
    authentication: s.authentication,
  }));
}

function servers(list: any[]) {
  return list.map(({ username: _username, ...rest }) => rest);
}

describe('Thunderbird autoconfig (config-v1.1.xml)', () => {
  const kb = loadKnowledgeBase();

  test('matches the knowledge base field by field for an address', () => {
    const doc = parseXml(buildThunderbirdConfig(kb, 'alice@example.com'));
    expect(doc.clientConfig['@version']).toBe('1.1');
    const provider = doc.clientConfig.emailProvider;
    expect(provider['@id']).toBe('example.com');
    expect(provider.domain).toBe('example.com');
    expect(provider.displayName).toBe('Example Hosting');
    expect(provider.displayShortName).toBe('Example Hosting');
    expect(provider.incomingServer.map((s: any) => s['@type'])).toEqual(['imap', 'pop3']);
    expect(servers(provider.incomingServer)).toEqual([...expectedServers(kb, 'imap', 'example.com'), ...expectedServers(kb, 'pop3', 'example.com')]);
    expect(servers(provider.outgoingServer)).toEqual(expectedServers(kb, 'smtp', 'example.com'));
    for (const server of [...provider.incomingServer, ...provider.outgoingServer]) expect(server.username).toBe('%EMAILADDRESS%');
    // The literal values Thunderbird documents: implicit TLS and a normal password.
    expect(provider.incomingServer[0]).toMatchObject({ hostname: 'mail.example.com', port: '993', socketType: 'SSL', authentication: 'password-cleartext' });
    expect(provider.outgoingServer[0]).toMatchObject({ hostname: 'mail.example.com', port: '465', socketType: 'SSL', authentication: 'password-cleartext' });
  });

  test('links the help page with a French and an English description', () => {
    const { documentation } = parseXml(buildThunderbirdConfig(kb, 'alice@example.com')).clientConfig.emailProvider;
    expect(documentation['@url']).toBe(kb.data.provider.helpUrl);
    expect(documentation.descr.map((d: any) => d['@lang'])).toEqual(['fr', 'en']);
    for (const descr of documentation.descr) expect(descr['#text']).toContain('Example Hosting');
  });

  test('without an address, the placeholder form Thunderbird for Android and K-9 fill in themselves', () => {
    const provider = parseXml(buildThunderbirdConfig(kb, null)).clientConfig.emailProvider;
    // Thunderbird for Android substitutes nothing in the id: it must be a real host name.
    expect(provider['@id']).toBe('example.com');
    expect(provider.domain).toBe('%EMAILDOMAIN%');
    expect(provider.incomingServer[0].hostname).toBe('mail.%EMAILDOMAIN%');
    expect(provider.outgoingServer[0].hostname).toBe('mail.%EMAILDOMAIN%');
    for (const server of [...provider.incomingServer, ...provider.outgoingServer]) expect(server.username).toBe('%EMAILADDRESS%');
  });

  test('once the client substitutes the placeholders, the placeholder form equals the personal one', () => {
    const filled = buildThunderbirdConfig(kb, null).replace(/%EMAILDOMAIN%/g, 'example.org');
    const personal = parseXml(buildThunderbirdConfig(kb, 'bob@example.org')).clientConfig.emailProvider;
    const placeholder = parseXml(filled).clientConfig.emailProvider;
    expect(placeholder.incomingServer).toEqual(personal.incomingServer);
    expect(placeholder.outgoingServer).toEqual(personal.outgoingServer);
  });

  test('STARTTLS only where the knowledge base says so, alternatives after the main server, local-part user names', () => {
    const custom = starttlsKb();
    const provider = parseXml(buildThunderbirdConfig(custom, 'alice@example.com')).clientConfig.emailProvider;
    expect(servers(provider.incomingServer)).toEqual([...expectedServers(custom, 'imap', 'example.com'), ...expectedServers(custom, 'pop3', 'example.com')]);
    expect(servers(provider.outgoingServer)).toEqual(expectedServers(custom, 'smtp', 'example.com'));
    expect(provider.outgoingServer.map((s: any) => [s.port, s.socketType])).toEqual([['587', 'STARTTLS'], ['465', 'SSL']]);
    expect(provider.incomingServer.map((s: any) => [s['@type'], s.port, s.socketType])).toEqual([
      ['imap', '993', 'SSL'],
      ['imap', '143', 'STARTTLS'],
      ['pop3', '995', 'SSL'],
    ]);
    for (const server of [...provider.incomingServer, ...provider.outgoingServer]) expect(server.username).toBe('%EMAILLOCALPART%');
  });

  test('plain connections and the encrypted-password kind are written as such', () => {
    const legacy = legacyKb();
    const provider = parseXml(buildThunderbirdConfig(legacy, 'alice@example.com')).clientConfig.emailProvider;
    expect(provider.incomingServer).toEqual([
      { '@type': 'pop3', hostname: 'pop.hoster-mail.net', port: '110', socketType: 'plain', authentication: 'password-cleartext', username: '%EMAILADDRESS%' },
    ]);
    expect(provider.outgoingServer[0]).toMatchObject({ hostname: 'relay.hoster-mail.net', port: '587', socketType: 'STARTTLS', authentication: 'password-encrypted' });
  });

  test('knowledge-base texts are escaped, and survive a round trip', () => {
    const data = loadKnowledgeBase().data;
    const odd = kbWith({ provider: { ...data.provider, name: 'Dupont & Fils <"Mail">' } });
    const xml = buildThunderbirdConfig(odd, 'alice@example.com');
    expect(xml).not.toContain('<"Mail">');
    expect(xml).toContain('Dupont &amp; Fils &lt;');
    expect(parseXml(xml).clientConfig.emailProvider.displayName).toBe('Dupont & Fils <"Mail">');
  });

  test('refuses a domain the chat says is not hosted here', () => {
    expect(() => buildThunderbirdConfig(kb, 'someone@gmail.com')).toThrow(SetupFileError);
  });
});
