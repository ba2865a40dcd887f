import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runSetupFile } from '../../src/tools/setup-file';
import { defaultKbJson } from '../fixtures/kb';
import { makeCertificate, parsePlist, parseXml } from './helpers';

/** Keeps bytes, not text: a signed profile is binary. */
class Bytes extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get text(): string {
    return this.buffer.toString('utf8');
  }
}

function setupFile(argv: string[], env: Record<string, string> = {}) {
  const stdout = new Bytes();
  const stderr = new Bytes();
  const code = runSetupFile({ argv, env, stdout, stderr });
  return { code, out: stdout.text, bytes: stdout.buffer, err: stderr.text };
}

describe('npm run setup-file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'setup-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--format thunderbird --email writes the autoconfig file', () => {
    const { code, out, err } = setupFile(['--format', 'thunderbird', '--email', 'alice@example.com']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(parseXml(out).clientConfig.emailProvider.incomingServer[0]).toMatchObject({ hostname: 'mail.example.com', port: '993', socketType: 'SSL' });
  });

  test('--format thunderbird without --email writes the placeholder form', () => {
    const { code, out } = setupFile(['--format=thunderbird']);
    expect(code).toBe(0);
    expect(parseXml(out).clientConfig.emailProvider.domain).toBe('%EMAILDOMAIN%');
  });

  test('--format outlook writes the autodiscover response', () => {
    const { code, out } = setupFile(['--', '--format', 'outlook', '--email', 'alice@example.com']);
    expect(code).toBe(0);
    expect(parseXml(out).Autodiscover.Response.Account.Protocol[2]).toMatchObject({ Type: 'SMTP', Port: '465', Encryption: 'SSL' });
  });

  test('--format apple writes the profile, in French with --lang fr', () => {
    const { code, out } = setupFile(['--format', 'apple', '--email', 'alice@example.com', '--lang', 'fr']);
    expect(code).toBe(0);
    const profile = parsePlist(out);
    expect(profile.PayloadDisplayName).toMatch(/^Messagerie/);
    expect(profile.PayloadContent[0].EmailAddress).toBe('alice@example.com');
  });

  test('follows KNOWLEDGE_BASE_FILE, like the bot', () => {
    const file = path.join(dir, 'kb.json');
    const json = defaultKbJson();
    json.services[2] = { protocol: 'smtp', host: 'smtp.{domain}', port: 587, security: 'starttls', authentication: 'password-cleartext' };
    writeFileSync(file, JSON.stringify(json));
    const { code, out } = setupFile(['--format', 'outlook', '--email', 'alice@example.com'], { KNOWLEDGE_BASE_FILE: file });
    expect(code).toBe(0);
    expect(parseXml(out).Autodiscover.Response.Account.Protocol[2]).toMatchObject({ Server: 'smtp.example.com', Port: '587', Encryption: 'TLS' });
  });

  test('signs the profile when the signing variables name a certificate and key', () => {
    const identity = makeCertificate('Example Hosting profiles');
    writeFileSync(path.join(dir, 'cert.pem'), identity.certPem);
    writeFileSync(path.join(dir, 'key.pem'), identity.keyPem);
    const env = { MOBILECONFIG_SIGNING_CERT: path.join(dir, 'cert.pem'), MOBILECONFIG_SIGNING_KEY: path.join(dir, 'key.pem') };
    const { code, bytes } = setupFile(['--format', 'apple', '--email', 'alice@example.com'], env);
    expect(code).toBe(0);
    expect(bytes[0]).toBe(0x30);
    expect(bytes.includes(Buffer.from('<string>com.apple.mail.managed</string>'))).toBe(true);
    const broken = setupFile(['--format', 'apple', '--email', 'alice@example.com'], { ...env, MOBILECONFIG_SIGNING_KEY: path.join(dir, 'nowhere.pem') });
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('MOBILECONFIG_SIGNING_KEY');
    expect(broken.out).toBe('');
  });

  test.each([
    [[], /--format is required/],
    [['--format', 'kmail', '--email', 'alice@example.com'], /--format must be one of thunderbird, outlook, apple/],
    [['--format', 'outlook'], /--format outlook needs --email/],
    [['--format', 'apple', '--email'], /--email needs a value/],
    [['--format', 'apple', '--email', 'alice@'], /not a valid email address/],
    [['--format', 'apple', '--email', 'alice@example.com', '--lang', 'de'], /--lang must be fr or en/],
    [['--format', 'apple', '--email', 'alice@example.com', 'extra'], /unexpected argument "extra"/],
  ])('usage error %j: message, usage, exit 2, nothing on stdout', (argv, message) => {
    const { code, out, err } = setupFile(argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toContain('usage: npm run setup-file');
  });

  test('a domain hosted elsewhere: exit 1 with the reason', () => {
    const { code, out, err } = setupFile(['--format', 'apple', '--email', 'alice@gmail.com']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('not hosted by Example Hosting');
  });

  test('--help', () => {
    const { code, out } = setupFile(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--format thunderbird|outlook|apple');
  });
});
