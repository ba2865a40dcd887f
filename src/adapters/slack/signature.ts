import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses to replay requests older than five minutes; so do we, in both directions. */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/**
 * Checks Slack's request signature: `v0=` + HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`),
 * in `x-slack-signature`, with the timestamp in `x-slack-request-timestamp` (seconds).
 */
export function checkSlackSignature(args: {
  signingSecret: string;
  rawBody: string;
  signature: string | string[] | undefined;
  timestamp: string | string[] | undefined;
  nowMs?: number;
}): SignatureCheck {
  const { signature, timestamp } = args;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'missing' };
  }
  const now = Math.floor((args.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - Number(timestamp)) > MAX_REQUEST_AGE_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(`v0=${createHmac('sha256', args.signingSecret).update(`v0:${timestamp}:${args.rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a different length is a mismatch anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}
