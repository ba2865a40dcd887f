import { diagnosticsReply, type DiagnosticsOutcome } from '../../src/diagnostics/describe';
import type { DomainReport } from '../../src/diagnostics/report';
import { DiagnosticsService, LocalConcurrencyGate, MemoryCheckRateLimit, MemoryReportCache } from '../../src/diagnostics/service';
import { Translations } from '../../src/i18n';
import { createLogger } from '../../src/logger';
import { LogCapture } from '../helpers/log-capture';
import { fr } from './harness';

function report(domain: string, status: 'ok' | 'fail' = 'ok'): DomainReport {
  return {
    domain,
    reference: 'ABCD1234',
    checkedAt: new Date(0).toISOString(),
    durationMs: 12,
    checks: [
      { id: 'mx', status: 'ok', code: 'mx.here', params: { domain, exchange: `mail.${domain}`, expected: `mail.${domain}` } },
      { id: 'imaps', status, code: status === 'ok' ? 'port.ok_plain' : 'port.closed', params: { port: 993, protocol: 'IMAP', host: `mail.${domain}`, address: '192.0.2.1' } },
    ],
  };
}

function setup(options: { enabled?: boolean; limit?: number; concurrency?: number; check?: (domain: string) => Promise<DomainReport> } = {}) {
  let clock = 1_000_000;
  const now = () => clock;
  const logs = new LogCapture();
  const checked: string[] = [];
  const service = new DiagnosticsService({
    enabled: options.enabled ?? true,
    logger: createLogger('info', logs),
    check: options.check ?? (async (domain) => {
      checked.push(domain);
      return report(domain);
    }),
    rateLimit: new MemoryCheckRateLimit({ limit: options.limit ?? 5, windowMs: 10 * 60_000, now }),
    cache: new MemoryReportCache(60_000, 100, now),
    gate: new LocalConcurrencyGate(options.concurrency ?? 4),
    userSalt: 'test-salt',
  });
  return { service, logs, checked, advance: (ms: number) => (clock += ms) };
}

const translations = new Translations();

describe('the domain-check service', () => {
  test('turned off: nothing is checked, the user is told', async () => {
    const { service, checked, logs } = setup({ enabled: false });
    const outcome = await service.check({ user: 'slack:U1', target: 'alice@example.fr' });
    expect(outcome).toEqual({ kind: 'disabled' });
    expect(checked).toEqual([]);
    expect(logs.lines).toEqual([expect.objectContaining({ event: 'domain_check', outcome: 'disabled' })]);
    expect(diagnosticsReply(outcome, translations.forLang('en'), 'en').paragraphs).toEqual(['Domain checks are turned off here.']);
    expect(diagnosticsReply(outcome, translations.forLang('fr'), 'fr').paragraphs).toEqual(['La vérification de domaine est désactivée ici.']);
  });

  test('an IP address, a URL or a port is refused with a sentence, and what was typed is not logged', async () => {
    const { service, checked, logs } = setup();
    const cases: Array<[string, string, string]> = [
      ['10.0.0.1', 'I only check domains, not IP addresses: give your email address or your domain (example.com).', fr('Je ne vérifie que des domaines, pas des adresses IP : donnez votre adresse e-mail ou votre domaine (exemple.fr).')],
      ['http://example.fr/x', 'I only check domains, not web addresses: give your email address or just the domain (example.com).', fr('Je ne vérifie que des domaines, pas des adresses web : donnez votre adresse e-mail ou seulement le domaine (exemple.fr).')],
      ['example.fr:25', 'I only check domains; the ports come from our settings: give your email address or just the domain (example.com).', fr('Je ne vérifie que des domaines ; les ports viennent de nos paramètres : donnez votre adresse e-mail ou seulement le domaine (exemple.fr).')],
    ];
    for (const [target, en, frText] of cases) {
      const outcome = await service.check({ user: 'slack:U1', target });
      expect(outcome.kind).toBe('invalid_target');
      expect(diagnosticsReply(outcome, translations.forLang('en'), 'en')).toMatchObject({ kind: 'notice', paragraphs: [en] });
      expect(diagnosticsReply(outcome, translations.forLang('fr'), 'fr')).toMatchObject({ kind: 'notice', paragraphs: [frText] });
    }
    expect(checked).toEqual([]);
    expect(logs.raw).not.toMatch(/10\.0\.0\.1|example\.fr/);
    expect(logs.lines.map((l) => l.problem)).toEqual(['ip_address', 'url', 'port']);
  });

  test('a domain checked within the minute is answered from the cache, without probing again', async () => {
    const { service, checked, advance } = setup();
    const first = await service.check({ user: 'slack:U1', target: 'alice@example.fr' });
    const second = await service.check({ user: 'discord:42', target: 'example.fr' });
    expect(first).toMatchObject({ kind: 'report', cached: false });
    expect(second).toMatchObject({ kind: 'report', cached: true });
    expect(checked).toEqual(['example.fr']);
    advance(61_000);
    await service.check({ user: 'slack:U1', target: 'example.fr' });
    expect(checked).toEqual(['example.fr', 'example.fr']);
  });

  test('a few checks per user per ten minutes; other users are not affected', async () => {
    const { service, advance } = setup({ limit: 3 });
    for (const domain of ['a.fr', 'b.fr', 'c.fr']) expect((await service.check({ user: 'slack:U1', target: domain })).kind).toBe('report');
    const limited = await service.check({ user: 'slack:U1', target: 'd.fr' });
    expect(limited).toEqual({ kind: 'rate_limited', retryAfterMs: 600_000 });
    expect(diagnosticsReply(limited, translations.forLang('en'), 'en').paragraphs).toEqual(['You have run several checks in a short time. Please wait a few minutes, then try again.']);
    expect((await service.check({ user: 'slack:U2', target: 'd.fr' })).kind).toBe('report');
    advance(10 * 60_000);
    expect((await service.check({ user: 'slack:U1', target: 'e.fr' })).kind).toBe('report');
  });

  test('a global cap on checks at once; the same domain asked twice shares one run', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const checked: string[] = [];
    const { service } = setup({
      concurrency: 1,
      check: async (domain) => {
        checked.push(domain);
        await gate;
        return report(domain);
      },
    });
    const first = service.check({ user: 'slack:U1', target: 'a.fr' });
    const sameDomain = service.check({ user: 'slack:U2', target: 'a.fr' });
    const busy = await service.check({ user: 'slack:U3', target: 'b.fr' });
    expect(busy).toEqual({ kind: 'busy' });
    expect(diagnosticsReply(busy, translations.forLang('fr'), 'fr').paragraphs).toEqual(['Beaucoup de vérifications sont en cours en ce moment. Merci de réessayer dans une minute.']);
    release();
    expect(await first).toMatchObject({ kind: 'report', cached: false });
    expect(await sameDomain).toMatchObject({ kind: 'report', cached: false });
    expect(checked).toEqual(['a.fr']);
    // The slot is free again.
    expect((await service.check({ user: 'slack:U3', target: 'b.fr' })).kind).toBe('report');
  });

  test('every check is logged with domain, user hash and outcome, never the user ID or message text', async () => {
    const { service, logs } = setup({ check: async (domain) => report(domain, 'fail') });
    await service.check({ user: 'slack:U0123SECRET', target: 'bob@example.fr' });
    const [line] = logs.lines;
    expect(line).toMatchObject({ event: 'domain_check', domain: 'example.fr', outcome: 'fail', cached: false, ref: 'ABCD1234', failed: ['imaps'], warned: [] });
    expect(line.user).toMatch(/^[0-9a-f]{16}$/);
    expect(line.user).toBe(service.userHash('slack:U0123SECRET'));
    expect(logs.raw).not.toContain('U0123SECRET');
    expect(logs.raw).not.toContain('bob');
  });

  test('an internal error becomes an apology with a reference, logged with the same reference', async () => {
    const { service, logs } = setup({
      check: async () => {
        throw new Error('boom');
      },
    });
    const outcome = await service.check({ user: 'slack:U1', target: 'example.fr' });
    expect(outcome).toEqual({ kind: 'error', reference: expect.stringMatching(/^[0-9A-F]{8}$/) });
    const { reference } = outcome as Extract<DiagnosticsOutcome, { kind: 'error' }>;
    expect(logs.lines).toEqual([expect.objectContaining({ outcome: 'error', ref: reference, level: 50 })]);
    expect(diagnosticsReply(outcome, translations.forLang('en'), 'en')).toMatchObject({
      kind: 'error',
      paragraphs: [`Sorry, the check could not be completed. Please try again in a moment; if it keeps happening, give support this reference: ${reference}.`],
    });
  });

  test('a report becomes a reply: title, summary and the check lines', async () => {
    const { service } = setup({ check: async (domain) => report(domain, 'fail') });
    const outcome = await service.check({ user: 'slack:U1', target: 'example.fr' });
    expect(diagnosticsReply(outcome, translations.forLang('en'), 'en')).toEqual({
      lang: 'en',
      kind: 'answer',
      title: 'Check of example.fr',
      paragraphs: ['Something is wrong with example.fr: see the lines marked ❌ below. Reference for support: ABCD1234.'],
      checks: [
        { id: 'mx', status: 'ok', text: '✅ The MX records of example.fr point to our servers (mail.example.fr): mail sent to you arrives here.' },
        { id: 'imaps', status: 'fail', text: '❌ Port 993 (IMAP) of mail.example.fr refuses connections: contact support (reference ABCD1234).' },
      ],
    });
    expect(diagnosticsReply(outcome, translations.forLang('fr'), 'fr')).toMatchObject({
      title: 'Vérification de example.fr',
      paragraphs: [fr('Quelque chose ne va pas pour example.fr : voyez les lignes marquées ❌ ci-dessous. Référence pour le support : ABCD1234.')],
    });
  });
});
