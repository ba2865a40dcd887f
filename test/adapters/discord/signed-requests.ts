import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** An Ed25519 key pair of the test's own, standing for the Discord application's. */
export function applicationKeys(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x!;
  return { publicKeyHex: Buffer.from(raw, 'base64url').toString('hex'), privateKey };
}

/** The two headers Discord signs an interaction request with: Ed25519 over timestamp + body. */
export function discordSignatureHeaders(privateKey: KeyObject, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'x-signature-ed25519': sign(null, Buffer.from(`${timestamp}${body}`), privateKey).toString('hex'),
    'x-signature-timestamp': String(timestamp),
  };
}
