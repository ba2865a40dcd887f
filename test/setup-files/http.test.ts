import { HttpServer } from '../../src/http/server';
import { loadKnowledgeBase } from '../../src/knowledge/load';
import { silentLogger } from '../../src/logger';
import { registerSetupFileRoutes } from '../../src/setup-files/routes';
import { SigningMaterialError } from '../../src/core/account-files/signing';
import { call, makeCertificate, parsePlist, parseXml, starttlsKb } from './helpers';

const REQUEST_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
const OUTLOOK_NS = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

function outlookRequest(address: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>${address}</EMailAddress><AcceptableResponseSchema>${OUTLOOK_NS}</AcceptableResponseSchema></Request></Autodiscover>`;
}

/** One line of plain text that does not echo what was sent. */
function expectOneLineRefusal(answer: { text: string; headers: Record<string, unknown> }, sent?: string) {
  expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(answer.text).toMatch(/^[^\n]+\n$/);
  if (sent) expect(answer.text).not.toContain(sent);
}

describe('setup-file routes on the bot HTTP server', () => {
  const servers: HttpServer[] = [];
  let port: number;
  let signedPort: number;
  let starttlsPort: number;

  beforeAll(async () => {
    const start = async (configure: (http: HttpServer) => void) => {
      const http = new HttpServer(silentLogger());
      configure(http);
      servers.push(http);
      return http.listen(0, '127.0.0.1');
    };
    const kb = loadKnowledgeBase();
    port = await start((http) => registerSetupFileRoutes(http, kb));
    const signing = makeCertificate('Example Hosting profiles');
    signedPort = await start((http) => registerSetupFileRoutes(http, kb, { signing, defaultLang: 'fr' }));
    starttlsPort = await start((http) => registerSetupFileRoutes(http, starttlsKb()));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  test('signing material that cannot sign stops registration, not the first download', () => {
    const other = makeCertificate('Someone else');
    const mismatched = { certPem: makeCertificate('Example Hosting profiles').certPem, keyPem: other.keyPem };
    expect(() => registerSetupFileRoutes(new HttpServer(silentLogger()), loadKnowledgeBase(), { signing: mismatched })).toThrow(SigningMaterialError);
  });

  describe('Thunderbird autoconfig', () => {
    test.each(['/mail/config-v1.1.xml', '/.well-known/autoconfig/mail/config-v1.1.xml'])('GET %s?emailaddress= as Thunderbird sends it', async (path) => {
      const answer = await call(port, 'GET', `${path}?emailaddress=alice%40example.com`);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-store');
      const provider = parseXml(answer.text).clientConfig.emailProvider;
      expect(provider.domain).toBe('example.com');
      expect(provider.incomingServer[0]).toMatchObject({ '@type': 'imap', hostname: 'mail.example.com', port: '993', socketType: 'SSL' });
      expect(provider.outgoingServer[0]).toMatchObject({ hostname: 'mail.example.com', port: '465', socketType: 'SSL' });
    });

    test('no address (Thunderbird for Android, K-9 Mail): the placeholder form, whatever the Host header says', async () => {
      const answer = await call(port, 'GET', '/mail/config-v1.1.xml', { headers: { host: 'autoconfig.hoster-mx.net' } });
      expect(answer.status).toBe(200);
      const provider = parseXml(answer.text).clientConfig.emailProvider;
      expect(provider.domain).toBe('%EMAILDOMAIN%');
      expect(provider.incomingServer[0].hostname).toBe('mail.%EMAILDOMAIN%');
      expect(provider.incomingServer[0].username).toBe('%EMAILADDRESS%');
      expect(answer.text).not.toContain('hoster-mx');
    });

    test('an empty emailaddress is treated as none', async () => {
      const answer = await call(port, 'GET', '/mail/config-v1.1.xml?emailaddress=');
      expect(answer.status).toBe(200);
      expect(parseXml(answer.text).clientConfig.emailProvider.domain).toBe('%EMAILDOMAIN%');
    });

    test.each([
      ['not an address', 'emailaddress=hello', 'hello'],
      ['markup', 'emailaddress=%3Cscript%3Ealert(1)%3C%2Fscript%3E%40example.com', '<script>'],
      ['header injection', 'emailaddress=alice%40example.com%0D%0ASet-Cookie%3A%20x%3D1', 'Set-Cookie'],
      ['a broken escape', 'emailaddress=%E0%A4%A', undefined],
      ['two addresses', 'emailaddress=alice%40example.com&emailaddress=bob%40example.com', 'bob'],
    ])('400 for %s', async (_name, query, sent) => {
      const answer = await call(port, 'GET', `/mail/config-v1.1.xml?${query}`);
      expect(answer.status).toBe(400);
      expectOneLineRefusal(answer, sent);
      expect(answer.headers['set-cookie']).toBeUndefined();
    });

    test('404 for a domain the bot says is not hosted here', async () => {
      const answer = await call(port, 'GET', '/mail/config-v1.1.xml?emailaddress=alice%40gmail.com');
      expect(answer.status).toBe(404);
      expectOneLineRefusal(answer, 'gmail');
    });

    test('POST is not how Thunderbird asks: 405', async () => {
      expect((await call(port, 'POST', '/mail/config-v1.1.xml', { body: '' })).status).toBe(405);
    });
  });

  describe('Outlook autodiscover', () => {
    test.each(['/autodiscover/autodiscover.xml', '/Autodiscover/Autodiscover.xml'])('POST %s as Outlook sends it', async (path) => {
      const answer = await call(port, 'POST', path, { body: outlookRequest('alice@example.com'), headers: { 'content-type': 'text/xml' } });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/xml; charset=utf-8');
      const account = parseXml(answer.text).Autodiscover.Response.Account;
      expect(account).toMatchObject({ AccountType: 'email', Action: 'settings' });
      expect(account.Protocol.map((p: any) => [p.Type, p.Server, p.Port, p.Encryption, p.LoginName])).toEqual([
        ['IMAP', 'mail.example.com', '993', 'SSL', 'alice@example.com'],
        ['POP3', 'mail.example.com', '995', 'SSL', 'alice@example.com'],
        ['SMTP', 'mail.example.com', '465', 'SSL', 'alice@example.com'],
      ]);
    });

    test('587 STARTTLS comes out as Encryption TLS over HTTP too', async () => {
      const answer = await call(starttlsPort, 'POST', '/autodiscover/autodiscover.xml', { body: outlookRequest('alice@example.com') });
      const smtp = parseXml(answer.text).Autodiscover.Response.Account.Protocol.find((p: any) => p.Type === 'SMTP');
      expect(smtp).toMatchObject({ Server: 'smtp.example.com', Port: '587', Encryption: 'TLS', LoginName: 'alice' });
    });

    test.each([
      ['malformed XML', '<Autodiscover><Request>', undefined],
      ['an empty body', '', undefined],
      ['JSON', '{"EMailAddress":"alice@example.com"}', undefined],
      ['a bad address, not reflected', outlookRequest('<img src=x onerror=alert(1)>'), 'onerror'],
      ['an address with spaces', outlookRequest('alice smith@example.com'), 'alice smith'],
    ])('400 for %s', async (_name, body, sent) => {
      const answer = await call(port, 'POST', '/autodiscover/autodiscover.xml', { body });
      expect(answer.status).toBe(400);
      expectOneLineRefusal(answer, sent);
    });

    test('a DOCTYPE with entities (billion laughs, external file) is refused at once', async () => {
      const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
      const laughs = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l0 "lol">${entities}]><Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>&l10;</EMailAddress></Request></Autodiscover>`;
      const started = Date.now();
      const answer = await call(port, 'POST', '/autodiscover/autodiscover.xml', { body: laughs });
      expect(answer.status).toBe(400);
      expect(Date.now() - started).toBeLessThan(1000);
      const xxe = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><Autodiscover xmlns="${REQUEST_NS}"><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>`;
      const leaked = await call(port, 'POST', '/Autodiscover/Autodiscover.xml', { body: xxe });
      expect(leaked.status).toBe(400);
      expect(leaked.text).not.toContain('root:');
      expectOneLineRefusal(leaked);
    });

    test('an oversized body is refused with 413, declared or streamed', async () => {
      const huge = outlookRequest('alice@example.com').replace('<Request>', `<Request><!--${'x'.repeat(64 * 1024)}-->`);
      const declared = await call(port, 'POST', '/autodiscover/autodiscover.xml', { body: huge });
      expect(declared.status).toBe(413);
      expectOneLineRefusal(declared);
      const streamed = await call(port, 'POST', '/autodiscover/autodiscover.xml', { body: huge, chunked: true });
      expect(streamed.status).toBe(413);
      // The server is still fine afterwards.
      expect((await call(port, 'POST', '/autodiscover/autodiscover.xml', { body: outlookRequest('alice@example.com') })).status).toBe(200);
    });

    test('GET is not how Outlook asks for settings: 405', async () => {
      expect((await call(port, 'GET', '/autodiscover/autodiscover.xml')).status).toBe(405);
    });
  });

  describe('Apple profile', () => {
    test('GET /email.mobileconfig?email= downloads a profile', async () => {
      const answer = await call(port, 'GET', '/email.mobileconfig?email=Alice%40Example.com');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/x-apple-aspen-config');
      expect(answer.headers['content-disposition']).toBe('attachment; filename="alice@example.com.mobileconfig"');
      const mail = parsePlist(answer.text).PayloadContent[0];
      expect(mail).toMatchObject({ EmailAddress: 'alice@example.com', IncomingMailServerHostName: 'mail.example.com', OutgoingMailServerPortNumber: 465 });
    });

    test('the language follows Accept-Language, or ?lang=', async () => {
      const french = await call(port, 'GET', '/email.mobileconfig?email=alice%40example.com', { headers: { 'accept-language': 'de-DE,fr-FR;q=0.9,en;q=0.5' } });
      expect(parsePlist(french.text).PayloadDisplayName).toMatch(/^Messagerie/);
      const english = await call(port, 'GET', '/email.mobileconfig?email=alice%40example.com&lang=en', { headers: { 'accept-language': 'fr' } });
      expect(parsePlist(english.text).PayloadDisplayName).toMatch(/email/);
    });

    test('the same address twice: same identifier, new UUIDs', async () => {
      const [first, second] = await Promise.all([
        call(port, 'GET', '/email.mobileconfig?email=alice%40example.com'),
        call(port, 'GET', '/email.mobileconfig?email=alice%40example.com'),
      ]);
      const a = parsePlist(first.text);
      const b = parsePlist(second.text);
      expect(a.PayloadIdentifier).toBe(b.PayloadIdentifier);
      expect(a.PayloadUUID).not.toBe(b.PayloadUUID);
    });

    test.each([
      ['no address', '', undefined],
      ['a bad address', '?email=%22%3E%3Cscript%3E', '<script>'],
      ['two addresses', '?email=alice%40example.com&email=bob%40example.com', 'bob'],
    ])('400 for %s', async (_name, query, sent) => {
      const answer = await call(port, 'GET', `/email.mobileconfig${query}`);
      expect(answer.status).toBe(400);
      expectOneLineRefusal(answer, sent);
      expect(answer.headers['content-disposition']).toBeUndefined();
    });

    test('signed when the server has a certificate: DER CMS with the profile inside', async () => {
      const answer = await call(signedPort, 'GET', '/email.mobileconfig?email=alice%40example.com');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('application/x-apple-aspen-config');
      expect(answer.body[0]).toBe(0x30);
      expect(answer.body.includes(Buffer.from('<key>PayloadType</key>'))).toBe(true);
      expect(answer.body.includes(Buffer.from('Messagerie Example Hosting'))).toBe(true);
    });
  });
});
