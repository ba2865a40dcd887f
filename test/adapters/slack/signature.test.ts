import { checkSlackSignature } from '../../../src/adapters/slack/signature';
import { slackSignature } from './builders';

const secret = 'shh';
const body = 'token=x&team_id=T1&command=%2Fmailconfig&text=imap';
const now = 1_700_000_000_000;
const ts = now / 1000;

describe('checkSlackSignature', () => {
  test('accepts what Slack signs', () => {
    expect(checkSlackSignature({ signingSecret: secret, rawBody: body, signature: slackSignature(secret, ts, body), timestamp: String(ts), nowMs: now })).toEqual({ ok: true });
  });

  test.each([
    ['no signature', { signature: undefined }, 'missing'],
    ['no timestamp', { timestamp: undefined }, 'missing'],
    ['a timestamp that is not a number', { timestamp: 'yesterday' }, 'missing'],
    ['another secret', { signature: slackSignature('other', ts, body) }, 'mismatch'],
    ['a tampered body', { rawBody: `${body}&text=pop` }, 'mismatch'],
    ['a truncated signature', { signature: slackSignature(secret, ts, body).slice(0, 20) }, 'mismatch'],
    ['a v1 signature', { signature: slackSignature(secret, ts, body).replace('v0=', 'v1=') }, 'mismatch'],
    ['a request 6 minutes old', { timestamp: String(ts - 360), signature: slackSignature(secret, ts - 360, body) }, 'stale'],
    ['a request 6 minutes in the future', { timestamp: String(ts + 360), signature: slackSignature(secret, ts + 360, body) }, 'stale'],
  ])('refuses %s', (_name, overrides, reason) => {
    const args = { signingSecret: secret, rawBody: body, signature: slackSignature(secret, ts, body) as string | undefined, timestamp: String(ts) as string | undefined, nowMs: now, ...overrides };
    expect(checkSlackSignature(args)).toEqual({ ok: false, reason });
  });

  test('accepts a request 4 minutes old', () => {
    const old = ts - 240;
    expect(checkSlackSignature({ signingSecret: secret, rawBody: body, signature: slackSignature(secret, old, body), timestamp: String(old), nowMs: now }).ok).toBe(true);
  });
});
