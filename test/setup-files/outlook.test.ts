import { loadKnowledgeBase } from '../../src/knowledge/load';
import type { KnowledgeBase } from '../../src/knowledge/settings';
import { readAutodiscoverRequest } from '../../src/setup-files/autodiscover-request';
import { SetupFileError } from '../../src/core/account-files/errors';
import { buildAutodiscoverResponse } from '../../src/core/account-files/outlook';
import { legacyKb, parseXml, starttlsKb } from './helpers';

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const RESPONSE_NS = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
const OUTLOOK_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

/** Microsoft's documented meaning: SSL = TLS from the first byte, TLS = STARTTLS. */
const ENCRYPTION = { ssl: 'SSL', starttls: 'TLS', none: 'None' } as const;

export function outlookRequest(address: string, extra = ''): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="${REQUEST_NS}">
  <Request>
    <EMailAddress>${address}</EMailAddress>
    <AcceptableResponseSchema>${OUTLOOK_NS}</AcceptableResponseSchema>${extra}
  </Request>
</Autodiscover>`;
}

function expectedProtocols(kb: KnowledgeBase, domain: string, login: string) {
  return (['imap', 'pop3', 'smtp'] as const).flatMap((protocol) => {
    const s = kb.primary(protocol);
    if (!s) return [];
    const auth = s.authentication !== 'none';
    return [
      {
        Type: protocol.toUpperCase(),
        Server: s.host.replace('{domain}', domain),
        Port: String(s.port),
        LoginName: login,
        DomainRequired: 'off',
        SPA: 'off',
        SSL: s.security === 'none' ? 'off' : 'on',
        Encryption: ENCRYPTION[s.security],
        AuthRequired: auth ? 'on' : 'off',
        ...(protocol === 'smtp' && auth ? { UsePOPAuth: 'on' } : {}),
      },
    ];
  });
}

describe('Outlook autodiscover response', () => {
  const kb = loadKnowledgeBase();

  test('uses the response schemas and says "email / settings"', () => {
    const doc = parseXml(buildAutodiscoverResponse(kb, 'alice@example.com'));
    expect(doc.Autodiscover['@xmlns']).toBe(RESPONSE_NS);
    expect(doc.Autodiscover.Response['@xmlns']).toBe(OUTLOOK_NS);
    expect(doc.Autodiscover.Response.Account).toMatchObject({ AccountType: 'email', Action: 'settings' });
  });

  test('one Protocol per main service, field by field against the knowledge base', () => {
    const account = parseXml(buildAutodiscoverResponse(kb, 'alice@example.com')).Autodiscover.Response.Account;
    expect(account.Protocol).toEqual(expectedProtocols(kb, 'example.com', 'alice@example.com'));
    expect(account.Protocol.map((p: any) => [p.Type, p.Port, p.Encryption])).toEqual([
      ['IMAP', '993', 'SSL'],
      ['POP3', '995', 'SSL'],
      ['SMTP', '465', 'SSL'],
    ]);
  });

  test('STARTTLS on 587 is Encryption TLS (not SSL), and the login is the local part when the knowledge base says so', () => {
    const custom = starttlsKb();
    const account = parseXml(buildAutodiscoverResponse(custom, 'alice@example.com')).Autodiscover.Response.Account;
    expect(account.Protocol).toEqual(expectedProtocols(custom, 'example.com', 'alice'));
    const smtp = account.Protocol.find((p: any) => p.Type === 'SMTP');
    expect(smtp).toMatchObject({ Server: 'smtp.example.com', Port: '587', SSL: 'on', Encryption: 'TLS', AuthRequired: 'on' });
  });

  test('an unencrypted server is SSL off and Encryption None', () => {
    const account = parseXml(buildAutodiscoverResponse(legacyKb(), 'alice@example.com')).Autodiscover.Response.Account;
    expect(account.Protocol.map((p: any) => p.Type)).toEqual(['POP3', 'SMTP']);
    expect(account.Protocol[0]).toMatchObject({ Server: 'pop.hoster-mail.net', Port: '110', SSL: 'off', Encryption: 'None' });
    expect(account.Protocol[1]).toMatchObject({ Server: 'relay.hoster-mail.net', Port: '587', Encryption: 'TLS' });
  });
});

describe('Outlook autodiscover request', () => {
  const body = (text: string) => Buffer.from(text, 'utf8');
  const codeOf = (text: string | Buffer) => {
    try {
      readAutodiscoverRequest(typeof text === 'string' ? body(text) : text);
      return 'accepted';
    } catch (error) {
      if (!(error instanceof SetupFileError)) throw error;
      expect(error.message).not.toMatch(/[\r\n]/);
      return error.code;
    }
  };

  test('reads the address Outlook sends, lower-cased', () => {
    expect(readAutodiscoverRequest(body(outlookRequest('Alice@Example.com')))).toBe('alice@example.com');
  });

  test('accepts a byte-order mark and a request without AcceptableResponseSchema', () => {
    const bare = `<Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>alice@example.com</EMailAddress></Request></Autodiscover>`;
    expect(readAutodiscoverRequest(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body(bare)]))).toBe('alice@example.com');
  });

  test.each([
    ['not XML at all', 'hello', 'bad_request'],
    ['unclosed elements', `<Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>alice@example.com</Request>`, 'bad_request'],
    ['another namespace', outlookRequest('alice@example.com').replace(REQUEST_NS, 'urn:other'), 'bad_request'],
    ['no namespace', '<Autodiscover><Request><EMailAddress>alice@example.com</EMailAddress></Request></Autodiscover>', 'bad_request'],
    ['the mobile-sync schema', outlookRequest('alice@example.com').replace(OUTLOOK_NS, 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006'), 'bad_request'],
    ['no Request', `<Autodiscover xmlns="${REQUEST_NS}"/>`, 'bad_request'],
    ['no EMailAddress', `<Autodiscover xmlns="${REQUEST_NS}"><Request/></Autodiscover>`, 'bad_request'],
    ['an empty EMailAddress', outlookRequest(''), 'bad_request'],
    ['two addresses', outlookRequest('alice@example.com', '<EMailAddress>bob@example.com</EMailAddress>'), 'bad_request'],
    ['nested markup in the address', outlookRequest('<b>alice@example.com</b>'), 'bad_request'],
    ['a malformed address', outlookRequest('alice(at)example.com'), 'invalid_address'],
    ['an entity in the address', outlookRequest('alice&#64;example.com'), 'invalid_address'],
    ['a foreign domain', outlookRequest('alice@gmail.com'), 'accepted'],
  ])('%s → %s', (_name, text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  test('refuses DOCTYPE: entity expansion and external entities never happen', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>&lol2;@example.com</EMailAddress></Request></Autodiscover>`;
    const external = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>&xxe;</EMailAddress></Request></Autodiscover>`;
    expect(codeOf(laughs)).toBe('bad_request');
    expect(codeOf(external)).toBe('bad_request');
    expect(codeOf(external.replace('DOCTYPE', 'doctype'))).toBe('bad_request');
  });

  test('hostile shapes are refused, not crashed on', () => {
    const deep = `<Autodiscover xmlns="${REQUEST_NS}">${'<a>'.repeat(2000)}${'</a>'.repeat(2000)}</Autodiscover>`;
    const proto = `<Autodiscover xmlns="${REQUEST_NS}"><__proto__><polluted>yes</polluted></__proto__><Request><EMailAddress>alice@example.com</EMailAddress></Request></Autodiscover>`;
    expect(codeOf(deep)).toBe('bad_request');
    expect(codeOf(proto)).toBe('bad_request');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(codeOf(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]))).toBe('bad_request');
    expect(codeOf('')).toBe('bad_request');
  });
});
