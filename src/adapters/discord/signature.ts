import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Requests signed longer ago than this (or as far in the future) are refused: a replayed request is stale. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

// The DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410): followed by the raw 32-byte key.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's public key (DISCORD_PUBLIC_KEY: 64 hex digits) as a key Node can verify with. */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export type DiscordSignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'forged' };

/**
 * Checks Discord's signature of an interaction request: Ed25519 over the timestamp header
 * (`X-Signature-Timestamp`, seconds) followed by the raw body, given in hex in
 * `X-Signature-Ed25519`. Anything missing, malformed, stale or not signed by the key fails.
 */
export function checkDiscordSignature(args: {
  publicKey: KeyObject;
  rawBody: Buffer;
  signature: string | string[] | undefined;
  timestamp: string | string[] | undefined;
  nowMs?: number;
}): DiscordSignatureCheck {
  const { signature, timestamp } = args;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'missing' };
  }
  const age = Math.floor((args.nowMs ?? Date.now()) / 1000) - Number(timestamp);
  if (Math.abs(age) > MAX_SIGNATURE_AGE_SECONDS) return { ok: false, reason: 'stale' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), args.rawBody]);
  return verify(null, signed, args.publicKey, Buffer.from(signature, 'hex')) ? { ok: true } : { ok: false, reason: 'forged' };
}
