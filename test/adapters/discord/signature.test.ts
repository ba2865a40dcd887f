import { checkDiscordSignature, discordPublicKey } from '../../../src/adapters/discord/signature';
import { applicationKeys, discordSignatureHeaders } from './signed-requests';

const { publicKeyHex, privateKey } = applicationKeys();
const publicKey = discordPublicKey(publicKeyHex);
const body = '{"type":1}';
const check = (headers: Record<string, string | undefined>, rawBody = body, nowMs?: number) =>
  checkDiscordSignature({ publicKey, rawBody: Buffer.from(rawBody), signature: headers['x-signature-ed25519'], timestamp: headers['x-signature-timestamp'], nowMs });

test('a request signed with the application key passes', () => {
  expect(check(discordSignatureHeaders(privateKey, body))).toEqual({ ok: true });
});

test('forged: another key, an altered body, an altered timestamp', () => {
  expect(check(discordSignatureHeaders(applicationKeys().privateKey, body))).toEqual({ ok: false, reason: 'forged' });
  expect(check(discordSignatureHeaders(privateKey, body), '{"type":2}')).toEqual({ ok: false, reason: 'forged' });
  const headers = discordSignatureHeaders(privateKey, body);
  expect(check({ ...headers, 'x-signature-timestamp': String(Number(headers['x-signature-timestamp']) - 1) })).toEqual({ ok: false, reason: 'forged' });
});

test('stale: signed more than five minutes ago (or ahead)', () => {
  const now = Date.now();
  const old = Math.floor(now / 1000) - 301;
  expect(check(discordSignatureHeaders(privateKey, body, old), body, now)).toEqual({ ok: false, reason: 'stale' });
  expect(check(discordSignatureHeaders(privateKey, body, old + 603), body, now)).toEqual({ ok: false, reason: 'stale' });
  expect(check(discordSignatureHeaders(privateKey, body, old + 2), body, now)).toEqual({ ok: true });
});

test('missing or malformed headers', () => {
  const headers = discordSignatureHeaders(privateKey, body);
  expect(check({})).toEqual({ ok: false, reason: 'missing' });
  expect(check({ ...headers, 'x-signature-ed25519': undefined })).toEqual({ ok: false, reason: 'missing' });
  expect(check({ ...headers, 'x-signature-timestamp': undefined })).toEqual({ ok: false, reason: 'missing' });
  expect(check({ ...headers, 'x-signature-ed25519': 'zz' })).toEqual({ ok: false, reason: 'missing' });
  expect(check({ ...headers, 'x-signature-timestamp': 'yesterday' })).toEqual({ ok: false, reason: 'missing' });
});
