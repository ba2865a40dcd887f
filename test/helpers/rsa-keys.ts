import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * RSA key pairs for test certificates. Generating a 2048-bit key is most of what the signing and
 * TLS suites spend, and a test key needs no freshness: the n-th key a suite asks for is kept in
 * the system's temporary directory and reused by later suites and runs. Within one suite every
 * call gives a different key, so a CA and the certificates it signs never share one.
 */
const POOL_DIR = path.join(tmpdir(), 'mailconfig-bot-test-keys');
let taken = 0;

export function testRsaKeyPair(): { publicKey: string; privateKey: string } {
  const file = path.join(POOL_DIR, `rsa-2048-${taken++}.pem`);
  let privateKey: string;
  try {
    privateKey = readFileSync(file, 'utf8');
  } catch {
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    mkdirSync(POOL_DIR, { recursive: true });
    // Written aside, then renamed: a suite running alongside reads a whole key or none.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, privateKey, { mode: 0o600 });
    renameSync(aside, file);
  }
  return { privateKey, publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString() };
}
