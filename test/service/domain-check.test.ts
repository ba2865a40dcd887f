import { renderText } from '../../src/adapters/console/render-text';
import { decodeChoice, type Reply } from '../../src/core';
import { MemoryCheckRateLimit } from '../../src/diagnostics';
import { createLogger } from '../../src/logger';
import { checkTarget, type DomainChecks } from '../../src/service';
import { CheckWorld } from '../diagnostics/harness/check-world';
import { createTestBot, createTestService, inbound } from '../helpers/bot';
import { LogCapture } from '../helpers/log-capture';

/** Checks asked in a chat, through the conversation service, against loopback DNS and mail servers. */
let world: CheckWorld;

beforeAll(async () => {
  world = await CheckWorld.start();
});

afterAll(() => world.close());

function setup(options: { checks?: DomainChecks | null; logs?: LogCapture } = {}) {
  const { service: diagnostics, attempts } = world.diagnostics();
  const logger = options.logs ? createLogger('info', options.logs) : undefined;
  const service = createTestService({
    bot: createTestBot({ domainCheck: options.checks !== null }),
    diagnostics: options.checks === null ? undefined : (options.checks ?? diagnostics),
    ...(logger && { logger }),
  });
  let n = 0;
  // Each conversation its own user: the per-user check limit is not what these tests are about.
  const say = async (text: string, conversationId = `c${n}`, extra: Partial<Parameters<typeof inbound>[1]> = {}) =>
    (await service.handle(inbound(text, { conversationId, userId: `u-${conversationId}`, ...extra })))!;
  const fresh = () => `c${++n}`;
  return { service, attempts, say, fresh };
}

const statuses = (reply: Reply) => Object.fromEntries((reply.checks ?? []).map((c) => [c.id, c.status]));

describe('a check asked in the chat', () => {
  test('in French: "vérifie mon domaine good.test" gets every line, ✅, in French', async () => {
    const { say, fresh, attempts } = setup();
    const reply = await say('vérifie mon domaine good.test', fresh());
    expect(reply).toMatchObject({ lang: 'fr', kind: 'answer', title: 'Vérification de good.test' });
    expect(reply.paragraphs[0]).toBe('Tout semble en ordre pour good.test.');
    expect(statuses(reply)).toEqual({ mx: 'ok', mail_host: 'ok', autoconfig: 'ok', autodiscover: 'ok', srv: 'ok', imaps: 'ok', pop3s: 'ok', smtps: 'ok' });
    expect(reply.checks![0].text).toMatch(/^✅ Les enregistrements MX de good\.test/);
    expect(reply.offers?.handoff).toBeUndefined();
    // One connection per port, each to the address the name resolved to.
    expect(attempts.sort()).toEqual(world.servers.map((s) => `127.0.0.1:${s.port}`).sort());
  });

  test('in English: "check my settings for bob@broken.test" names what fails and how to fix it, and offers a person', async () => {
    const { say, fresh } = setup();
    const reply = await say('check my settings for bob@broken.test', fresh());
    expect(reply).toMatchObject({ lang: 'en', title: 'Check of broken.test', offers: { handoff: true } });
    const mx = reply.checks!.find((c) => c.id === 'mx')!;
    expect(mx.status).toBe('fail');
    expect(mx.text).toBe('❌ broken.test has no MX record, so mail sent to you may not arrive: add an MX record pointing to mail.broken.test in your DNS zone.');
    expect(renderText(reply)).toContain('❌ broken.test has no MX record');
  });

  test('the domain can come from the conversation: an address given earlier, then "teste ma config"', async () => {
    const { say, fresh } = setup();
    const conversation = fresh();
    await say('serveur entrant pour alice@good.test ?', conversation);
    const reply = await say('teste ma config', conversation);
    expect(reply.title).toBe('Vérification de good.test');
  });

  test('"Check my domain" under a troubleshooting answer runs the check on the conversation\'s domain', async () => {
    const { say, fresh } = setup();
    const conversation = fresh();
    const fault = await say("I don't receive any mail at bob@broken.test", conversation);
    const button = fault.suggestions!.find((s) => decodeChoice(s.choice)?.intent === 'diagnose');
    expect(button?.label).toBe('Check my domain');
    const reply = await say('', conversation, { choice: button!.choice });
    expect(reply.title).toBe('Check of broken.test');
    expect(statuses(reply).mx).toBe('fail');
  });

  test('without a domain known, the bot asks for one, and an address alone then runs the check', async () => {
    const { say, fresh } = setup();
    const conversation = fresh();
    const question = await say('vérifie mon domaine', conversation);
    expect(question.checks).toBeUndefined();
    expect(question.paragraphs[0]).toBe('Quelle adresse ou quel domaine dois-je vérifier\u202f? Écrivez par exemple\u00a0: vérifie alice@votredomaine.tld');
    const reply = await say('marie@good.test', conversation);
    expect(reply.title).toBe('Vérification de good.test');
  });

  test('the last check goes into the support case, as the user saw it', async () => {
    const { service, say, fresh } = setup();
    const cases: Reply[] = [];
    service.addSupportDesk({ platform: 'test', post: async (supportCase) => (cases.push(supportCase), true) });
    const conversation = fresh();
    const checked = await say('check bob@broken.test', conversation, { forceLang: 'en' });
    await say('and what is the imap port?', conversation);
    await service.requestHuman({ conversationId: conversation, requester: { platform: 'test', userId: 'u', label: 'Bob' } });
    expect(cases).toHaveLength(1);
    const reference = /Reference for support: ([0-9A-F]{8})/.exec(checked.paragraphs[0])![1];
    expect(cases[0].paragraphs[1]).toBe(`Dernière vérification de domaine\u00a0: broken.test (référence ${reference})`);
    expect(cases[0].checks).toEqual(checked.checks);
    expect(renderText(cases[0])).toContain('Check of broken.test');
  });
});

describe('what is never checked or connected to', () => {
  test.each([
    ['check 127.0.0.1', 'Je ne vérifie que des domaines, pas des adresses IP'],
    ['check my domain [::1]', 'I only check domains, not IP addresses'],
    ['check [::1]', 'Je ne vérifie que des domaines, pas des adresses IP'],
    ['could you check 10.0.0.5 for me please', 'I only check domains, not IP addresses'],
    ['check the server [2001:db8::25]:993 please', 'I only check domains, not IP addresses'],
    ['vérifie https://good.test/', 'Je ne vérifie que des domaines, pas des adresses web'],
    ['check my domain http://good.test:8443/admin', 'I only check domains, not web addresses'],
    ['vérifie good.test:993', 'les ports viennent de nos paramètres'],
    ['check printer.local', 'Ce nom appartient aux réseaux privés'],
  ])('%s: refused with its reason, before any DNS question or connection', async (text, reason) => {
    const { say, fresh, attempts } = setup();
    const asked = world.dns.questions.length;
    const reply = await say(text, fresh());
    expect(reply.kind).toBe('notice');
    expect(reply.paragraphs[0]).toContain(reason);
    expect(world.dns.questions.length).toBe(asked);
    expect(attempts).toEqual([]);
  });

  test.each([
    ['private.test', '10.0.0.1', 'private-network address'],
    ['metadata.test', '169.254.169.254', 'cloud'],
  ])('%s resolves to %s: the line says so and nothing is connected to', async (domain, address, words) => {
    const { say, fresh, attempts } = setup();
    const connections = world.connections;
    const reply = await say(`check my domain ${domain}`, fresh(), { forceLang: 'en' });
    const host = reply.checks!.find((c) => c.id === 'mail_host')!;
    expect(host.status).toBe('fail');
    expect(host.text).toContain(address);
    expect(host.text.toLowerCase()).toContain(words);
    expect(attempts).toEqual([]);
    expect(world.connections).toBe(connections);
  });
});

describe('limits, switch, time limit and logs', () => {
  test('DIAGNOSTICS_ENABLED=false: a polite "not available" with the support contact, and no button', async () => {
    const disabled = world.diagnostics({ enabled: false });
    for (const checks of [disabled.service, null]) {
      const { say, fresh } = setup({ checks });
      const asked = world.dns.questions.length;
      const reply = await say('check my domain good.test', fresh());
      expect(reply.kind).toBe('notice');
      expect(reply.paragraphs[0]).toBe("Sorry, I can't check domains here. Our support team can look at yours: support@example.com");
      expect(world.dns.questions.length).toBe(asked);
      const fault = await say("I can't send mail", fresh());
      expect(fault.suggestions?.some((s) => decodeChoice(s.choice)?.intent === 'diagnose')).toBe(checks !== null);
    }
    expect(disabled.attempts).toEqual([]);
  });

  test('per-user limit, and a domain checked again within the minute is not probed again', async () => {
    const limited = world.diagnostics({ rateLimit: new MemoryCheckRateLimit({ limit: 1, windowMs: 60_000 }) });
    const { service, attempts } = setup({ checks: limited.service });
    const ask = async (text: string) => (await service.handle(inbound(text, { conversationId: 'limited', userId: 'same-user' })))!;
    expect((await ask('check good.test')).title).toBe('Vérification de good.test');
    const probes = limited.attempts.length;
    expect((await ask('check good.test')).title).toBe('Vérification de good.test');
    expect(limited.attempts.length).toBe(probes);
    expect((await ask('check broken.test')).paragraphs[0]).toContain('plusieurs vérifications en peu de temps');
    expect(attempts).toEqual([]);
  });

  test('a check that never answers gets an apology with a reference once the time limit passes', async () => {
    const hanging: DomainChecks = { enabled: true, check: () => new Promise(() => undefined) };
    const service = createTestService({ bot: createTestBot({ domainCheck: true }), diagnostics: hanging, diagnosticsTimeoutMs: 50 });
    const started = Date.now();
    const reply = (await service.handle(inbound('check my domain good.test', { forceLang: 'en' })))!;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reply.kind).toBe('error');
    expect(reply.paragraphs[0]).toMatch(/the check could not be completed.*[0-9A-F]{8}/);
  });

  test('every check is logged with its domain, a user hash and its outcome, never with the message text', async () => {
    const logs = new LogCapture();
    const { service: diagnostics } = world.diagnostics({ logger: createLogger('info', logs) });
    const { say, fresh } = setup({ checks: diagnostics, logs });
    await say('vérifie mon domaine good.test stp, mon mot de passe est Secret123', fresh());
    await say('check http://good.test/', fresh());
    const lines = logs.lines.filter((l) => l.event === 'domain_check');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ domain: 'good.test', outcome: 'ok', cached: false });
    expect(lines[0].user).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[1]).toMatchObject({ outcome: 'invalid_target', problem: 'url' });
    expect(logs.raw).not.toContain('Secret123');
    expect(logs.raw).not.toContain('vérifie mon domaine');
    expect(logs.raw).not.toContain('http://good.test');
  });
});

describe('checkTarget: what is checked in a message', () => {
  test.each([
    ['check bob@acme.co.uk', { email: 'bob@acme.co.uk', domain: 'acme.co.uk' }, 'bob@acme.co.uk'],
    ['vérifie mon domaine (acme.fr).', { domain: 'acme.fr' }, 'acme.fr'],
    ['vérifie café.fr', { domain: 'cafe.fr' }, 'café.fr'],
    ['check my domain', { domain: 'from-the-conversation.fr' }, 'from-the-conversation.fr'],
    ['check my domain', {}, undefined],
    ['check acme.fr at 10:30 please', { domain: 'acme.fr' }, 'acme.fr'],
    ['check https://acme.fr/', { domain: 'acme.fr' }, 'https://acme.fr/'],
    ['check acme.fr:25', { domain: 'acme.fr' }, 'acme.fr:25'],
    ['check 192.168.1.1', {}, '192.168.1.1'],
    ['check fe80::1 now', {}, 'fe80::1'],
  ])('%s → %s', (text, entities, target) => {
    expect(checkTarget(text, entities)).toBe(target);
  });
});
