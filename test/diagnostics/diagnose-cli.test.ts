import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDiagnose } from '../../src/tools/diagnose';
import { Capture } from '../helpers/streams';
import { createTestCa, recordingOpener, TEST_TIMEOUTS, testKnowledgeBase, TestDnsServer, TestMailServer, type TestCa } from './harness';

let ca: TestCa;
let dns: TestDnsServer;
let servers: TestMailServer[];
let env: Record<string, string>;

beforeAll(async () => {
  ca = createTestCa();
  const certificate = ca.issue({ hosts: ['mail.cli.test'] });
  servers = [
    await TestMailServer.start({ protocol: 'imap', mode: 'tls', certificate }),
    await TestMailServer.start({ protocol: 'pop3', mode: 'tls', certificate }),
    await TestMailServer.start({ protocol: 'smtp', mode: 'tls', certificate, smtpAuth: false }),
  ];
  dns = await TestDnsServer.start({ 'cli.test': { MX: [[10, 'mail.cli.test']] }, 'mail.cli.test': { A: ['127.0.0.1'] } });
  const dir = mkdtempSync(path.join(tmpdir(), 'diagnose-cli-'));
  writeFileSync(path.join(dir, 'ca.pem'), ca.certPem);
  const kb = testKnowledgeBase({ imap: servers[0].port, pop3: servers[1].port, smtp: servers[2].port });
  writeFileSync(path.join(dir, 'kb.json'), JSON.stringify(kb.data));
  // Everything the command needs comes from the environment, as in `npm run diagnose`.
  env = {
    DNS_SERVERS: dns.address,
    DIAGNOSTICS_ALLOW_LOOPBACK: 'true',
    DIAGNOSTICS_CA_FILE: path.join(dir, 'ca.pem'),
    KNOWLEDGE_BASE_FILE: path.join(dir, 'kb.json'),
    LOG_LEVEL: 'silent',
  };
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await dns.close();
});

async function diagnose(argv: string[], extraEnv: Record<string, string> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const { open, attempts } = recordingOpener();
  const status = await runDiagnose({ argv, env: { ...env, ...extraEnv }, stdout, stderr }, { openSocket: open, timeouts: TEST_TIMEOUTS });
  return { status, stdout: stdout.text, stderr: stderr.text, attempts };
}

describe('npm run diagnose', () => {
  test('--json prints the domain and one entry per check, and exits 0 even when a check fails', async () => {
    const { status, stdout, attempts } = await diagnose(['alice@cli.test', '--json', '--lang', 'en']);
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['domain', 'checks']);
    expect(result.domain).toBe('cli.test');
    expect(result.checks.map((c: { id: string }) => c.id)).toEqual(['mx', 'mail_host', 'autoconfig', 'autodiscover', 'srv', 'imaps', 'pop3s', 'smtps']);
    for (const check of result.checks) {
      expect(Object.keys(check)).toEqual(['id', 'status', 'detail']);
      expect(['ok', 'warn', 'fail', 'skipped']).toContain(check.status);
    }
    expect(result.checks.find((c: { id: string }) => c.id === 'mx')).toEqual({ id: 'mx', status: 'ok', detail: 'The MX records of cli.test point to our servers (mail.cli.test): mail sent to you arrives here.' });
    expect(result.checks.find((c: { id: string }) => c.id === 'smtps')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^The outgoing server mail\.cli\.test .* does not offer password login/) });
    expect(attempts).toHaveLength(3);
  });

  test('plain text in French by default (DEFAULT_LANG)', async () => {
    const { status, stdout } = await diagnose(['cli.test']);
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('Vérification de cli.test');
    expect(lines[1]).toMatch(/^Quelque chose ne va pas pour cli\.test\u00a0: voyez les lignes marquées ❌/);
    expect(lines.slice(3)).toHaveLength(8);
    expect(lines[3]).toMatch(/^✅ Les enregistrements MX de cli\.test/);
  });

  test.each([
    ['1.2.3.4', /"1\.2\.3\.4" is an IP address/],
    ['alice@[10.0.0.1]', /is an IP address/],
    ['::1', /is an IP address/],
    ['https://cli.test/', /is a URL/],
    ['cli.test:993', /names a port/],
    ['mail.localhost', /private or reserved name/],
  ])('%s is refused with the usage and exit status 2, before any question or connection', async (target, message) => {
    const asked = dns.questions.length;
    const { status, stdout, stderr, attempts } = await diagnose([target, '--json']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toContain('usage: npm run diagnose -- ADDRESS-OR-DOMAIN [--json] [--lang fr|en]');
    expect(dns.questions.length).toBe(asked);
    expect(attempts).toEqual([]);
  });

  test('other usage errors: nothing to check, two targets, an unknown option, a bad language', async () => {
    for (const argv of [[], ['a.fr', 'b.fr'], ['a.fr', '--port', '25'], ['a.fr', '--lang', 'de']]) {
      expect((await diagnose(argv)).status).toBe(2);
    }
  });

  test('turned off, or a bad variable: exit status 1 with the reason', async () => {
    const off = await diagnose(['cli.test'], { DIAGNOSTICS_ENABLED: 'false' });
    expect(off.status).toBe(1);
    expect(off.stderr).toMatch(/DIAGNOSTICS_ENABLED=false/);
    expect(off.attempts).toEqual([]);
    const bad = await diagnose(['cli.test'], { DNS_SERVERS: 'resolver.example' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/DNS_SERVERS: "resolver.example" is not a resolver address/);
  });
});
