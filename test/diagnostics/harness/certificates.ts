import forge from 'node-forge';
import { testRsaKeyPair } from '../../helpers/rsa-keys';

/** A certificate and its private key, both PEM. */
export interface KeyAndCert {
  certPem: string;
  keyPem: string;
}

export interface LeafOptions {
  /** DNS names in the subject alternative name (the first is also the common name). */
  hosts: string[];
  notBefore?: Date;
  notAfter?: Date;
}

const DAY = 24 * 3600 * 1000;

/** RSA keys come from Node (native, milliseconds) rather than forge (pure JS, about a second each). */
function newKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = testRsaKeyPair();
  const forgeKey = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem: privateKey };
}

let serial = 1;

function certificate(subject: string, publicKey: forge.pki.rsa.PublicKey, notBefore: Date, notAfter: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(4, '0');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: subject }, { name: 'organizationName', value: 'mailconfig-bot tests' }]);
  return cert;
}

function leafExtensions(hosts: string[]) {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2, value })) },
  ];
}

/** One leaf key shared by every test certificate: what differs between cases is the certificate. */
let leafKeys: ReturnType<typeof newKeys> | undefined;

export interface TestCa extends KeyAndCert {
  /** A server certificate signed by this CA. */
  issue(options: LeafOptions): KeyAndCert;
}

/** A throw-away certificate authority, trusted by the checks through configuration (DIAGNOSTICS_CA_FILE). */
export function createTestCa(name = 'mailconfig-bot test CA'): TestCa {
  const keys = newKeys();
  const now = Date.now();
  const caCert = certificate(name, keys.publicKey, new Date(now - DAY), new Date(now + 365 * DAY));
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(keys.privateKey, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(caCert),
    keyPem: keys.keyPem,
    issue({ hosts, notBefore = new Date(now - DAY), notAfter = new Date(now + 90 * DAY) }) {
      leafKeys ??= newKeys();
      const cert = certificate(hosts[0], leafKeys.publicKey, notBefore, notAfter);
      cert.setIssuer(caCert.subject.attributes);
      cert.setExtensions([...leafExtensions(hosts), { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() }]);
      cert.sign(keys.privateKey, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(cert), keyPem: leafKeys.keyPem };
    },
  };
}

/** A certificate signed by its own key: right host name, valid dates, trusted by nobody. */
export function selfSigned(hosts: string[]): KeyAndCert {
  leafKeys ??= newKeys();
  const now = Date.now();
  const cert = certificate(hosts[0], leafKeys.publicKey, new Date(now - DAY), new Date(now + 90 * DAY));
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions(leafExtensions(hosts));
  cert.sign(leafKeys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: leafKeys.keyPem };
}

/** `days` whole days from now, plus or minus an hour so that rounding cannot land on the next day. */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY + (days < 0 ? -3600_000 : 3600_000));
}
