import { checkDomain, InvalidTargetError } from '../../src/diagnostics/check-domain';
import type { DomainReport } from '../../src/diagnostics/report';
import {
  closedPort,
  createTestCa,
  daysFromNow,
  fr,
  linesOf,
  selfSigned,
  testDeps,
  TestDnsServer,
  TestMailServer,
  type TestCa,
  type TestPorts,
  type Zone,
} from './harness';

/** Every scenario's mail host: the valid certificate covers them all. */
const SCENARIOS = ['ici', 'sans-mx', 'rebind', 'expire', 'mauvais-nom', 'autosigne', 'vieux', 'ferme', 'muet', 'clair', 'sans-auth', 'expire-bientot', 'soumission', 'maison', 'reseau', 'ailleurs', 'partage', 'nul', 'srv-faux', 'lent', 'sans-ac'];

let ca: TestCa;
let dns: TestDnsServer;
let closed: number;
const servers = {} as Record<
  'imap' | 'pop3' | 'smtp' | 'expired' | 'wrongHost' | 'selfSigned' | 'tls10' | 'silent' | 'plain' | 'noAuth' | 'expiring' | 'submission',
  TestMailServer
>;
let base: TestPorts;
let rebindAnswers = 0;

beforeAll(async () => {
  ca = createTestCa();
  const valid = ca.issue({ hosts: SCENARIOS.map((s) => `mail.${s}.test`) });
  const start = TestMailServer.start;
  Object.assign(servers, {
    imap: await start({ protocol: 'imap', mode: 'tls', certificate: valid }),
    pop3: await start({ protocol: 'pop3', mode: 'tls', certificate: valid }),
    smtp: await start({ protocol: 'smtp', mode: 'tls', certificate: valid }),
    expired: await start({ protocol: 'imap', mode: 'tls', certificate: ca.issue({ hosts: ['mail.expire.test'], notBefore: daysFromNow(-100), notAfter: daysFromNow(-3) }) }),
    wrongHost: await start({ protocol: 'imap', mode: 'tls', certificate: ca.issue({ hosts: ['autre-nom.test'] }) }),
    selfSigned: await start({ protocol: 'imap', mode: 'tls', certificate: selfSigned(['mail.autosigne.test']) }),
    // Node 20's OpenSSL 3 still serves TLS 1.0 when both sides lower the security level to 0.
    tls10: await start({ protocol: 'imap', mode: 'tls', certificate: valid, tlsVersion: 'TLSv1' }),
    silent: await start({ protocol: 'imap', mode: 'silent' }),
    plain: await start({ protocol: 'imap', mode: 'plain' }),
    noAuth: await start({ protocol: 'smtp', mode: 'tls', certificate: valid, smtpAuth: false }),
    expiring: await start({ protocol: 'smtp', mode: 'tls', certificate: ca.issue({ hosts: ['mail.expire-bientot.test'], notAfter: daysFromNow(10) }) }),
    submission: await start({ protocol: 'smtp', mode: 'starttls', certificate: valid }),
  });
  closed = await closedPort();
  base = { imap: servers.imap.port, pop3: servers.pop3.port, smtp: servers.smtp.port };
  const hosted = (name: string): Zone => ({ [name]: { MX: [[10, `mail.${name}`]] }, [`mail.${name}`]: { A: ['127.0.0.1'] } });
  dns = await TestDnsServer.start({
    ...hosted('ici.test'),
    'autoconfig.ici.test': { CNAME: 'mail.ici.test' },
    'autodiscover.ici.test': { A: ['127.0.0.1'] },
    '_imaps._tcp.ici.test': { SRV: [{ port: base.imap, target: 'mail.ici.test' }] },
    '_submissions._tcp.ici.test': { SRV: [{ port: base.smtp, target: 'mail.ici.test' }] },
    'chez-google.test': { MX: [[1, 'aspmx.l.google.com'], [5, 'alt1.aspmx.l.google.com']] },
    'sans-mx.test': { A: ['127.0.0.1'] },
    'mail.sans-mx.test': { A: ['127.0.0.1'] },
    'sans-mail.test': { MX: [[10, 'mail.sans-mail.test']] },
    ...hosted('prive.test'),
    'mail.prive.test': { A: ['10.0.0.1'] },
    ...hosted('metadonnees.test'),
    'mail.metadonnees.test': { A: ['169.254.169.254'] },
    ...hosted('six.test'),
    'mail.six.test': { AAAA: ['::1'] },
    ...hosted('melange.test'),
    'mail.melange.test': { A: ['127.0.0.1', '10.0.0.1'] },
    ...hosted('rebind.test'),
    // First answer harmless, every later one private: a second resolution would reach 10.0.0.1.
    'mail.rebind.test': { A: () => (rebindAnswers++ === 0 ? ['127.0.0.1'] : ['10.0.0.1']) },
    ...['expire', 'mauvais-nom', 'autosigne', 'vieux', 'ferme', 'muet', 'clair', 'sans-auth', 'expire-bientot', 'soumission', 'lent', 'sans-ac'].reduce<Zone>((zone, s) => ({ ...zone, ...hosted(`${s}.test`) }), {}),
    'maison.test': { MX: [[10, 'mx1.hebergeur.test']] },
    'mail.maison.test': { A: ['127.0.0.1'] },
    'reseau.test': { MX: [[10, 'mx.reseau-maison.test']] },
    'mx.reseau-maison.test': { A: ['127.0.0.5'] },
    'mail.reseau.test': { A: ['127.0.0.1'] },
    'ailleurs.test': { MX: [[10, 'mx.autre-fournisseur.test']] },
    'mail.ailleurs.test': { A: ['127.0.0.1'] },
    'partage.test': { MX: [[10, 'mail.partage.test'], [20, 'mx.autre-fournisseur.test']] },
    'mail.partage.test': { A: ['127.0.0.1'] },
    'nul.test': { MX: [[0, '']] },
    'mail.nul.test': { A: ['127.0.0.1'] },
    ...hosted('srv-faux.test'),
    '_imaps._tcp.srv-faux.test': { SRV: [{ port: 143, target: 'imap.ailleurs.test' }] },
  });
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  await dns?.close();
});

interface Run {
  report: DomainReport;
  lines: ReturnType<typeof linesOf>;
  attempts: string[];
  /** New TCP connections per test server during this check. */
  reached: Record<string, number>;
}

async function check(domain: string, options: { ports?: Partial<TestPorts>; ca?: string | null; strict?: boolean; kbDiagnostics?: { mxHostSuffixes?: string[]; networks?: string[] }; totalMs?: number } = {}): Promise<Run> {
  const before = Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, s.connections]));
  for (const server of Object.values(servers)) server.commands.length = 0;
  const { deps, attempts } = testDeps({
    ports: { ...base, ...options.ports },
    dnsAddress: dns.address,
    ca: options.ca === null ? undefined : (options.ca ?? ca.certPem),
    guard: options.strict ? {} : { allowLoopback: true },
    kbDiagnostics: options.kbDiagnostics,
  });
  if (options.totalMs) deps.timeouts = { ...deps.timeouts, totalMs: options.totalMs };
  const report = await checkDomain(domain, deps);
  const reached: Record<string, number> = Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, s.connections - before[name]]).filter(([, n]) => n !== 0));
  // In every case: connections go only to the checked loopback address, once per port of the
  // knowledge base, and only when the mail host's addresses passed the guard; each attempt that
  // found a server is one connection that server counted.
  const ports = Object.values({ ...base, ...options.ports }).filter((p): p is number => typeof p === 'number');
  const hostUsable = report.checks.find((c) => c.id === 'mail_host')?.status === 'ok';
  expect([...attempts].sort()).toEqual(hostUsable ? local(...ports) : []);
  const listening = attempts.filter((a) => !a.endsWith(`:${closed}`)).length;
  expect(Object.values(reached).reduce((sum, n) => sum + n, 0)).toBe(listening);
  return { report, lines: linesOf(report), attempts, reached };
}

const IDS = ['mx', 'mail_host', 'autoconfig', 'autodiscover', 'srv', 'imaps', 'pop3s', 'smtps'];
const local = (...ports: number[]) => ports.map((p) => `127.0.0.1:${p}`).sort();

describe('a domain hosted here', () => {
  test('every line is ✅, in both languages, and each port is connected to once', async () => {
    const { report, lines, attempts, reached } = await check('ici.test');
    expect(report.checks.map((c) => c.id)).toEqual(IDS);
    expect(Object.values(lines.status)).toEqual(Array(8).fill('ok'));
    expect(lines.en.mx).toBe('✅ The MX records of ici.test point to our servers (mail.ici.test): mail sent to you arrives here.');
    expect(lines.fr.mx).toBe(fr('✅ Les enregistrements MX de ici.test pointent vers nos serveurs (mail.ici.test) : le courrier qui vous est envoyé arrive bien chez nous.'));
    expect(lines.en.mail_host).toBe('✅ mail.ici.test exists (127.0.0.1).');
    expect(lines.fr.mail_host).toBe('✅ mail.ici.test existe (127.0.0.1).');
    expect(lines.en.autoconfig).toBe('✅ autoconfig.ici.test exists: Thunderbird and other apps can find your settings by themselves.');
    expect(lines.fr.autodiscover).toBe(fr('✅ autodiscover.ici.test existe : Outlook peut trouver vos paramètres tout seul.'));
    expect(lines.en.srv).toBe(`✅ Mail service records found: _imaps._tcp.ici.test → mail.ici.test:${base.imap}, _submissions._tcp.ici.test → mail.ici.test:${base.smtp}.`);
    expect(lines.en.smtps).toMatch(new RegExp(`^✅ Port ${base.smtp} \\(SMTP\\) of mail.ici.test answers, with a valid certificate \\(TLS 1.3, valid until \\d{4}-\\d\\d-\\d\\d\\)\\. If your app cannot reach it, your network may block it: try another network\\.$`));
    expect(lines.fr.imaps).toMatch(new RegExp(`^✅ Le port ${base.imap} \\(IMAP\\) de mail.ici.test répond, avec un certificat valide \\(TLS 1.3, valable jusqu'au \\d{4}-\\d\\d-\\d\\d\\)\\. Si votre application n'arrive pas à s'y connecter, votre réseau le bloque peut-être\u00a0: essayez un autre réseau\\.$`));
    expect(attempts.sort()).toEqual(local(base.imap, base.pop3, base.smtp));
    expect(reached).toEqual({ imap: 1, pop3: 1, smtp: 1 });
    // One question per name and type: the address the probes used is the one that was checked.
    expect(dns.count('mail.ici.test', 'A')).toBe(1);
    // No credentials: the servers heard greetings, EHLO and goodbyes only.
    expect(servers.smtp.commands).toEqual(['EHLO', 'QUIT']);
    expect(servers.imap.commands).toEqual(['LOGOUT']);
    expect(servers.pop3.commands).toEqual(['QUIT']);
  });

  test('the MX is recognised by the knowledge base\'s suffixes and networks', async () => {
    const suffix = await check('maison.test', { kbDiagnostics: { mxHostSuffixes: ['hebergeur.test'] } });
    expect(suffix.lines.en.mx).toBe('✅ The MX records of maison.test point to our servers (mx1.hebergeur.test): mail sent to you arrives here.');
    const network = await check('reseau.test', { kbDiagnostics: { networks: ['127.0.0.0/24'] } });
    expect(network.lines.status.mx).toBe('ok');
    // Resolving an MX host to compare its address is not connecting to it.
    expect(network.attempts).not.toContain(expect.stringMatching(/^127\.0\.0\.5:/));
  });
});

describe('a domain whose mail is elsewhere or missing', () => {
  test('MX at Google: use Google\'s settings; nothing is connected to', async () => {
    const { lines, attempts, reached } = await check('chez-google.test');
    expect(lines.status).toMatchObject({ mx: 'warn', mail_host: 'fail', imaps: 'skipped', pop3s: 'skipped', smtps: 'skipped' });
    expect(lines.en.mx).toBe("⚠️ Your domain's mail is hosted by Google (aspmx.l.google.com): use Google's settings, not ours.");
    expect(lines.fr.mx).toBe(fr('⚠️ Le courrier de votre domaine est hébergé par Google (aspmx.l.google.com) : utilisez les paramètres de Google, pas les nôtres.'));
    expect(lines.en.mail_host).toBe('❌ mail.chez-google.test does not exist: check the spelling of the domain.');
    expect(lines.fr.mail_host).toBe(fr("❌ mail.chez-google.test n'existe pas : vérifiez l'orthographe du domaine."));
    expect(lines.en.imaps).toBe(`➖ Port ${base.imap} (IMAP) not checked: mail.chez-google.test does not exist.`);
    expect(lines.fr.smtps).toBe(fr(`➖ Port ${base.smtp} (SMTP) non vérifié : mail.chez-google.test n'existe pas.`));
    expect(attempts).toEqual([]);
    expect(reached).toEqual({});
  });

  test('no MX record: say so and how to add it; the ports are still checked', async () => {
    const { lines, attempts } = await check('sans-mx.test');
    expect(lines.status).toMatchObject({ mx: 'fail', mail_host: 'ok', autoconfig: 'warn', autodiscover: 'warn', srv: 'ok', imaps: 'ok', pop3s: 'ok', smtps: 'ok' });
    expect(lines.en.mx).toBe('❌ sans-mx.test has no MX record, so mail sent to you may not arrive: add an MX record pointing to mail.sans-mx.test in your DNS zone.');
    expect(lines.fr.mx).toBe(fr("❌ sans-mx.test n'a pas d'enregistrement MX, le courrier qui vous est envoyé risque donc de ne pas arriver : ajoutez dans votre zone DNS un enregistrement MX qui pointe vers mail.sans-mx.test."));
    expect(lines.en.autoconfig).toBe('⚠️ autoconfig.sans-mx.test does not exist: Thunderbird will not find your settings by itself; enter them by hand.');
    expect(lines.fr.autoconfig).toBe(fr("⚠️ autoconfig.sans-mx.test n'existe pas : Thunderbird ne trouvera pas vos paramètres tout seul ; saisissez-les à la main."));
    expect(lines.en.srv).toBe('✅ No mail service records (_imaps._tcp, _pop3s._tcp, _submissions._tcp) for sans-mx.test: they are optional, and most apps do without them.');
    expect(attempts.sort()).toEqual(local(base.imap, base.pop3, base.smtp));
  });

  test('mail.<domain> missing, or the domain itself missing: check the spelling', async () => {
    const missingHost = await check('sans-mail.test');
    expect(missingHost.lines.status).toMatchObject({ mx: 'ok', mail_host: 'fail', imaps: 'skipped' });
    expect(missingHost.lines.en.mail_host).toBe('❌ mail.sans-mail.test does not exist: check the spelling of the domain.');
    expect(missingHost.attempts).toEqual([]);
    const missingDomain = await check('inexistant.test');
    expect(missingDomain.lines.en.mx).toBe('❌ inexistant.test does not exist: check the spelling of the domain.');
    expect(missingDomain.lines.fr.mx).toBe(fr("❌ inexistant.test n'existe pas : vérifiez l'orthographe du domaine."));
    expect(missingDomain.attempts).toEqual([]);
  });

  test('MX elsewhere, MX partly elsewhere, null MX', async () => {
    const elsewhere = await check('ailleurs.test');
    expect(elsewhere.lines.en.mx).toBe("⚠️ The MX records of ailleurs.test point to mx.autre-fournisseur.test, not to our servers: if your mailbox is with us, point the MX record to mail.ailleurs.test; otherwise use your mail provider's settings.");
    expect(elsewhere.lines.fr.mx).toBe(fr("⚠️ Les enregistrements MX de ailleurs.test pointent vers mx.autre-fournisseur.test, pas vers nos serveurs : si votre boîte mail est chez nous, faites pointer l'enregistrement MX vers mail.ailleurs.test ; sinon, utilisez les paramètres de votre fournisseur de messagerie."));
    const shared = await check('partage.test');
    expect(shared.lines.en.mx).toBe('⚠️ Some MX records of partage.test point to another server (mx.autre-fournisseur.test): part of your mail may arrive there instead of here. Keep only ours in your DNS zone.');
    const nullMx = await check('nul.test');
    expect(nullMx.lines.en.mx).toBe('❌ nul.test declares that it receives no mail (a "null MX" record): remove it and add an MX record pointing to mail.nul.test.');
    expect(nullMx.lines.fr.mx).toBe(fr('❌ nul.test déclare ne recevoir aucun courrier (enregistrement « MX nul ») : supprimez-le et ajoutez un enregistrement MX qui pointe vers mail.nul.test.'));
  });

  test('an SRV record that contradicts the settings is pointed out', async () => {
    const { lines } = await check('srv-faux.test');
    expect(lines.status.srv).toBe('warn');
    expect(lines.en.srv).toBe(`⚠️ The service record _imaps._tcp.srv-faux.test → imap.ailleurs.test:143 does not match our settings (mail.srv-faux.test:${base.imap}): apps that read it may use the wrong server; correct it or remove it in your DNS zone.`);
  });
});

describe('addresses that must never be connected to', () => {
  test.each([
    ['prive.test', '10.0.0.1', 'a private-network address', 'une adresse de réseau privé', false],
    ['metadonnees.test', '169.254.169.254', 'a cloud metadata address', 'une adresse de métadonnées cloud', false],
    ['six.test', '::1', 'an address of this very machine (loopback)', 'une adresse de cette machine même (boucle locale)', true],
    ['melange.test', '10.0.0.1', 'a private-network address', 'une adresse de réseau privé', false],
  ])('%s → %s is refused before any connection', async (domain, address, enRange, frRange, strict) => {
    const { lines, attempts, reached } = await check(domain, { strict });
    expect(lines.status).toMatchObject({ mail_host: 'fail', imaps: 'skipped', pop3s: 'skipped', smtps: 'skipped' });
    expect(lines.en.mail_host).toBe(`❌ mail.${domain} points to ${address}, ${enRange}, which cannot be a mail server on the internet: correct the record in your DNS zone. For safety, nothing was connected to it.`);
    expect(lines.fr.mail_host).toBe(fr(`❌ mail.${domain} pointe vers ${address}, ${frRange}, qui ne peut pas être un serveur de messagerie sur Internet : corrigez l'enregistrement dans votre zone DNS. Par sécurité, aucune connexion n'y a été faite.`));
    expect(lines.en.imaps).toBe(`➖ Port ${base.imap} (IMAP) not checked: mail.${domain} points to an address that is not checked (see above).`);
    expect(attempts).toEqual([]);
    expect(reached).toEqual({});
  });

  test('a name whose second answer differs (DNS rebinding) is asked once; the probes use the first answer', async () => {
    const first = await check('rebind.test');
    expect(dns.count('mail.rebind.test', 'A')).toBe(1);
    expect(first.lines.status).toMatchObject({ mail_host: 'ok', imaps: 'ok', pop3s: 'ok', smtps: 'ok' });
    expect(first.attempts.sort()).toEqual(local(base.imap, base.pop3, base.smtp));
    // The next check asks again, gets the private address, and connects to nothing.
    const second = await check('rebind.test');
    expect(dns.count('mail.rebind.test', 'A')).toBe(2);
    expect(second.lines.en.mail_host).toMatch(/^❌ mail\.rebind\.test points to 10\.0\.0\.1, a private-network address/);
    expect(second.attempts).toEqual([]);
    expect(second.reached).toEqual({});
  });

  test('outside DIAGNOSTICS_ALLOWED_NETWORKS: not one of our servers, not connected to', async () => {
    const { deps, attempts } = testDeps({ ports: base, dnsAddress: dns.address, ca: ca.certPem, guard: { allowLoopback: true, allowedNetworks: ['127.0.0.2/32'] } });
    const report = await checkDomain('ici.test', deps);
    const lines = linesOf(report);
    expect(lines.en.mail_host).toBe('❌ mail.ici.test points to 127.0.0.1, which is not one of our servers: if your mail is with us, correct the record in your DNS zone. It was not checked further.');
    expect(lines.fr.mail_host).toBe(fr("❌ mail.ici.test pointe vers 127.0.0.1, qui n'est pas l'un de nos serveurs : si votre messagerie est chez nous, corrigez l'enregistrement dans votre zone DNS. Il n'a pas été vérifié plus avant."));
    expect(attempts).toEqual([]);
  });

  test('IP addresses, URLs and ports are not domains: refused before any question', async () => {
    const { deps, attempts } = testDeps({ ports: base, dnsAddress: dns.address });
    const asked = dns.questions.length;
    for (const target of ['127.0.0.1', 'https://ici.test', 'ici.test:993', 'alice@ici.test', 'mail.localhost']) {
      await expect(checkDomain(target, deps)).rejects.toBeInstanceOf(InvalidTargetError);
    }
    expect(dns.questions.length).toBe(asked);
    expect(attempts).toEqual([]);
  });
});

describe('ports, certificates and greetings', () => {
  const reference = (run: Run) => run.report.reference;

  test('expired certificate: how long ago, and support with the reference', async () => {
    const run = await check('expire.test', { ports: { imap: servers.expired.port } });
    expect(run.lines.status).toMatchObject({ imaps: 'fail', pop3s: 'ok', smtps: 'ok' });
    expect(run.lines.en.imaps).toBe(`❌ The certificate of mail.expire.test expired 3 days ago: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.imaps).toBe(fr(`❌ Le certificat de mail.expire.test a expiré il y a 3 jours : contactez le support (référence ${reference(run)}).`));
    expect(run.reached).toEqual({ expired: 1, pop3: 1, smtp: 1 });
  });

  test('certificate for another host name', async () => {
    const run = await check('mauvais-nom.test', { ports: { imap: servers.wrongHost.port } });
    expect(run.lines.en.imaps).toBe(`❌ The certificate on port ${servers.wrongHost.port} is made for autre-nom.test, not for mail.mauvais-nom.test, so your app will warn about it: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.imaps).toBe(fr(`❌ Le certificat du port ${servers.wrongHost.port} est fait pour autre-nom.test, pas pour mail.mauvais-nom.test, votre application affichera donc un avertissement : contactez le support (référence ${reference(run)}).`));
    expect(run.reached).toEqual({ wrongHost: 1, pop3: 1, smtp: 1 });
  });

  test('self-signed certificate', async () => {
    const run = await check('autosigne.test', { ports: { imap: servers.selfSigned.port } });
    expect(run.lines.en.imaps).toBe(`❌ The certificate of mail.autosigne.test (port ${servers.selfSigned.port}) is self-signed, so your app will warn about it: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.imaps).toBe(fr(`❌ Le certificat de mail.autosigne.test (port ${servers.selfSigned.port}) est auto-signé, votre application affichera donc un avertissement : contactez le support (référence ${reference(run)}).`));
  });

  test('a certificate from a CA that is not trusted (the test CA without DIAGNOSTICS_CA_FILE)', async () => {
    const run = await check('sans-ac.test', { ca: null });
    expect(run.lines.status).toMatchObject({ imaps: 'fail', pop3s: 'fail', smtps: 'fail' });
    expect(run.lines.en.imaps).toBe(`❌ The certificate of mail.sans-ac.test (port ${base.imap}) is not from a recognised authority, or its chain is incomplete, so your app will warn about it: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.pop3s).toBe(fr(`❌ Le certificat de mail.sans-ac.test (port ${base.pop3}) n'est pas délivré par une autorité reconnue, ou sa chaîne est incomplète, votre application affichera donc un avertissement : contactez le support (référence ${reference(run)}).`));
  });

  test('TLS 1.0 only: outdated (served for real: Node 20 still can at security level 0)', async () => {
    const run = await check('vieux.test', { ports: { imap: servers.tls10.port } });
    expect(run.lines.status.imaps).toBe('warn');
    expect(run.lines.en.imaps).toBe(`⚠️ Port ${servers.tls10.port} (IMAP) of mail.vieux.test only offers TLS 1.0, an outdated version that recent apps refuse: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.imaps).toBe(fr(`⚠️ Le port ${servers.tls10.port} (IMAP) de mail.vieux.test ne propose que TLS 1.0, une version dépassée que les applications récentes refusent : contactez le support (référence ${reference(run)}).`));
  });

  test('closed port', async () => {
    const run = await check('ferme.test', { ports: { imap: closed } });
    expect(run.lines.en.imaps).toBe(`❌ Port ${closed} (IMAP) of mail.ferme.test refuses connections: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.imaps).toBe(fr(`❌ Le port ${closed} (IMAP) de mail.ferme.test refuse les connexions : contactez le support (référence ${reference(run)}).`));
    expect(run.attempts.sort()).toEqual(local(closed, base.pop3, base.smtp));
  });

  test('a port that accepts and never answers: the probe gives up at its time-out', async () => {
    const started = Date.now();
    const run = await check('muet.test', { ports: { imap: servers.silent.port } });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(run.lines.en.imaps).toBe(`❌ Port ${servers.silent.port} (IMAP) of mail.muet.test accepts connections but does not answer: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.imaps).toBe(fr(`❌ Le port ${servers.silent.port} (IMAP) de mail.muet.test accepte la connexion mais ne répond pas : contactez le support (référence ${reference(run)}).`));
    expect(run.reached).toEqual({ silent: 1, pop3: 1, smtp: 1 });
  });

  test('a plain-text server where TLS is expected', async () => {
    const run = await check('clair.test', { ports: { imap: servers.plain.port } });
    expect(run.lines.en.imaps).toBe(`❌ Port ${servers.plain.port} (IMAP) of mail.clair.test answers without encryption where SSL/TLS is expected: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.imaps).toBe(fr(`❌ Le port ${servers.plain.port} (IMAP) de mail.clair.test répond sans chiffrement alors que SSL/TLS est attendu : contactez le support (référence ${reference(run)}).`));
  });

  test('SMTP without AUTH after EHLO', async () => {
    const run = await check('sans-auth.test', { ports: { smtp: servers.noAuth.port } });
    expect(run.lines.status).toMatchObject({ imaps: 'ok', pop3s: 'ok', smtps: 'fail' });
    expect(run.lines.en.smtps).toBe(`❌ The outgoing server mail.sans-auth.test (port ${servers.noAuth.port}) does not offer password login, so your app cannot send mail: contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.smtps).toBe(fr(`❌ Le serveur sortant mail.sans-auth.test (port ${servers.noAuth.port}) ne propose pas la connexion par mot de passe, votre application ne peut donc pas envoyer de courrier : contactez le support (référence ${reference(run)}).`));
    expect(servers.noAuth.commands).toEqual(['EHLO', 'QUIT']);
  });

  test('a certificate expiring in 10 days is a warning', async () => {
    const run = await check('expire-bientot.test', { ports: { smtp: servers.expiring.port } });
    expect(run.lines.status.smtps).toBe('warn');
    expect(run.lines.en.smtps).toBe(`⚠️ The certificate of mail.expire-bientot.test expires in 10 days: it is normally renewed automatically; if your app warns about it, contact support (reference ${reference(run)}).`);
    expect(run.lines.fr.smtps).toBe(fr(`⚠️ Le certificat de mail.expire-bientot.test expire dans 10 jours : il est normalement renouvelé automatiquement ; si votre application affiche un avertissement, contactez le support (référence ${reference(run)}).`));
  });

  test('an extra STARTTLS service from the knowledge base gets its own line', async () => {
    const port = servers.submission.port;
    const run = await check('soumission.test', { ports: { submission: port } });
    expect(run.report.checks.map((c) => c.id)).toEqual([...IDS, 'submission']);
    expect(run.lines.status.submission).toBe('ok');
    expect(run.lines.en.submission).toMatch(new RegExp(`^✅ Port ${port} \\(SMTP\\) of mail.soumission.test answers, with a valid certificate \\(TLS 1.3`));
    expect(servers.submission.commands).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
  });

  test('the whole check stops at its deadline, whatever is still running', async () => {
    const started = Date.now();
    const run = await check('lent.test', { ports: { imap: servers.silent.port }, totalMs: 300 });
    expect(Date.now() - started).toBeLessThan(900);
    expect(run.lines.status.imaps).toBe('warn');
    expect(run.lines.en.imaps).toBe('⚠️ This check took too long and was stopped: try again in a few minutes.');
    expect(run.lines.fr.imaps).toBe(fr('⚠️ Cette vérification a pris trop de temps et a été arrêtée : réessayez dans quelques minutes.'));
  });
});
