import { spawnSync } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import forge from 'node-forge';
import { XMLParser } from 'fast-xml-parser';
import type { Lang, Protocol, Reply } from '../../src/core/types';
import { parseKnowledgeBase } from '../../src/knowledge/load';
import type { AuthMethod, Security } from '../../src/knowledge/schema';
import type { KnowledgeBase } from '../../src/knowledge/settings';
import { PROJECT_ROOT } from '../../src/paths';
import { defaultKbJson } from '../fixtures/kb';
import { sharedTranslations } from '../helpers/bot';
import { testRsaKeyPair } from '../helpers/rsa-keys';

// ---------------------------------------------------------------- knowledge bases

/** The default knowledge base with these top-level fields replaced. */
export function kbWith(overrides: Record<string, unknown>): KnowledgeBase {
  return parseKnowledgeBase({ ...defaultKbJson(), ...overrides }, 'test');
}

/**
 * A provider that submits on 587 with STARTTLS (465 as the alternative), offers IMAP on 143
 * with STARTTLS as an alternative, uses distinct host names per protocol, and whose user name
 * is the local part: every mapping a file can get wrong is exercised.
 */
export function starttlsKb(): KnowledgeBase {
  return kbWith({
    username: 'local_part',
    services: [
      { protocol: 'imap', host: 'imap.{domain}', port: 993, security: 'ssl', authentication: 'password-cleartext' },
      { protocol: 'imap', host: 'imap.{domain}', port: 143, security: 'starttls', authentication: 'password-cleartext', alternative: true },
      { protocol: 'pop3', host: 'pop.{domain}', port: 995, security: 'ssl', authentication: 'password-cleartext' },
      { protocol: 'smtp', host: 'smtp.{domain}', port: 587, security: 'starttls', authentication: 'password-cleartext' },
      { protocol: 'smtp', host: 'smtp.{domain}', port: 465, security: 'ssl', authentication: 'password-cleartext', alternative: true },
    ],
  });
}

/**
 * A legacy set-up: shared host names that do not depend on the customer's domain, POP3 only,
 * no encryption on POP3, CRAM-MD5 for sending. Unusual, but the files must still say exactly that.
 */
export function legacyKb(): KnowledgeBase {
  return kbWith({
    encryptedPasswordSupported: true,
    services: [
      { protocol: 'pop3', host: 'pop.hoster-mail.net', port: 110, security: 'none', authentication: 'password-cleartext' },
      { protocol: 'smtp', host: 'relay.hoster-mail.net', port: 587, security: 'starttls', authentication: 'password-encrypted' },
    ],
  });
}

// ---------------------------------------------------------------- neutral view of settings

/** One server as a client ends up using it, whatever file or answer it came from. */
export interface SeenService {
  protocol: Protocol;
  alternative: boolean;
  host: string;
  port: number;
  security: Security;
}

/** The servers and user name the chat answer shows, read back from its fields through the translations. */
export function chatSettings(reply: Reply): { services: SeenService[]; username: string; smtpAuth: AuthMethod | null } {
  const lang: Lang = reply.lang;
  const t = sharedTranslations().forLang(lang);
  const labels = new Map<string, { protocol: Protocol; alternative: boolean }>();
  for (const protocol of ['imap', 'pop3', 'smtp'] as const) {
    const main = t(protocol === 'smtp' ? 'common.field.outgoing_smtp' : `common.field.incoming_${protocol}`);
    labels.set(main, { protocol, alternative: false });
    labels.set(t('common.field.alternative', { protocol: main }), { protocol, alternative: true });
  }
  const securityByLabel = new Map((['ssl', 'starttls', 'none'] as const).map((s) => [t(`common.security.${s}`), s]));
  const services: SeenService[] = [];
  let username = '';
  let smtpAuth: AuthMethod | null = null;
  for (const field of reply.fields ?? []) {
    const service = labels.get(field.label);
    if (service) {
      const [host, port, security] = field.value.split(' · ');
      const portNumber = Number(/\d+/.exec(port)?.[0]);
      const securityValue = securityByLabel.get(security);
      if (!host || !portNumber || !securityValue) throw new Error(`unreadable chat field ${JSON.stringify(field)}`);
      services.push({ ...service, host, port: portNumber, security: securityValue });
    } else if (field.label === t('common.field.username')) {
      username = field.value;
    } else if (field.label === t('common.field.smtp_auth')) {
      smtpAuth = (['password-cleartext', 'password-encrypted'] as const).find((a) => field.value.includes(t(`common.auth.${a}`))) ?? null;
    }
  }
  return { services, username, smtpAuth };
}

// ---------------------------------------------------------------- parsers

/** fast-xml-parser as a client would use it: attributes kept, values as text, repeated elements as arrays. */
export function parseXml(text: string): any {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) => ['incomingServer', 'outgoingServer', 'Protocol', 'descr'].includes(name),
  });
  return parser.parse(text);
}

type OrderedNode = Record<string, any>;

function plistValue(node: OrderedNode): unknown {
  const tag = Object.keys(node).find((k) => k !== ':@') as string;
  const children: OrderedNode[] = node[tag];
  const text = () => children.map((c) => c['#text'] ?? '').join('');
  switch (tag) {
    case 'string':
      return text();
    case 'integer':
      if (!/^-?\d+$/.test(text())) throw new Error(`<integer>${text()}</integer> is not an integer`);
      return Number(text());
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return children.map(plistValue);
    case 'dict': {
      const result: Record<string, unknown> = {};
      for (let i = 0; i < children.length; i += 2) {
        const key = children[i].key;
        if (!key) throw new Error('a <dict> entry does not start with <key>');
        const name = key.map((c: OrderedNode) => c['#text'] ?? '').join('');
        if (name in result) throw new Error(`duplicate key ${name}`);
        if (!children[i + 1]) throw new Error(`key ${name} has no value`);
        result[name] = plistValue(children[i + 1]);
      }
      return result;
    }
    default:
      throw new Error(`<${tag}> is not a property-list element`);
  }
}

/** Reads an XML property list strictly (only Apple's element types, alternating keys and values). */
export function parsePlist(xml: string): any {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: true });
  const document: OrderedNode[] = parser.parse(xml);
  const root = document.find((node) => 'plist' in node);
  if (!root) throw new Error('no <plist> element');
  const values = (root.plist as OrderedNode[]).filter((n) => !('#text' in n));
  if (values.length !== 1) throw new Error('<plist> must hold exactly one value');
  return plistValue(values[0]);
}

const PLIST_PACKAGE_SCRIPT = `
import { readFileSync } from 'node:fs';
import { parse } from 'plist';
process.stdout.write(JSON.stringify(parse(readFileSync(0, 'utf8'))));
`;

/**
 * The same file read by the `plist` package, a second, independent parser. It ships as ES
 * modules only, which jest cannot load, so it runs in a child Node process.
 */
export function parsePlistWithPackage(xml: string): any {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', PLIST_PACKAGE_SCRIPT], {
    input: xml,
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`plist package could not read the file: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

// ---------------------------------------------------------------- signing

export interface TestIdentity {
  certPem: string;
  keyPem: string;
}

function newKeys() {
  return testRsaKeyPair();
}

/** A throwaway certificate for `commonName`, signed by `issuer` or by itself. */
export function makeCertificate(commonName: string, issuer?: TestIdentity, validDays = 1): TestIdentity {
  const keys = newKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = `0${Math.floor(Math.random() * 1e9).toString(16)}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + validDays * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(issuer ? forge.pki.certificateFromPem(issuer.certPem).subject.attributes : [{ name: 'commonName', value: commonName }]);
  if (!issuer) cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  cert.sign(forge.pki.privateKeyFromPem(issuer ? issuer.keyPem : keys.privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKey };
}

// ---------------------------------------------------------------- HTTP

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** One request to the test server on 127.0.0.1 (nothing else is ever contacted). */
export function call(
  port: number,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string | number>; chunked?: boolean } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['content-length'] = Buffer.byteLength(options.body);
    let answered = false;
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    // The server may close early (413) while we still write: once it has answered, that answer is what matters.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
