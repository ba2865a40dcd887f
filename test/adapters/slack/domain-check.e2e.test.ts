import type { DomainChecks } from '../../../src/service';
import { CheckWorld } from '../../diagnostics/harness/check-world';
import { createTestBot } from '../../helpers/bot';
import { blockActions, directMessage, eventEnvelope, form, slashCommand } from './builders';
import { blockKitProblems, buttonsOf, visibleText } from './blocks';
import { failOnUnhandledRejections } from './guards';
import { startHttpHarness, type HttpHarness } from './harness';

/**
 * A domain check asked on Slack, end to end: signed requests to the bot's real Bolt app, the
 * check against loopback DNS and mail servers, the answers on a fake Slack Web API.
 */
let world: CheckWorld;
let h: HttpHarness;
let attempts: string[];
/** Set by a test to make every check take this long (the slash command's slow path). */
let delayMs = 0;
failOnUnhandledRejections();

beforeAll(async () => {
  world = await CheckWorld.start();
  const diagnostics = world.diagnostics();
  attempts = diagnostics.attempts;
  const slowable: DomainChecks = {
    enabled: true,
    check: async (request) => {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return diagnostics.service.check(request);
    },
  };
  h = await startHttpHarness({ supportChannel: 'CSUPPORT', bot: createTestBot({ domainCheck: true }), service: { diagnostics: slowable } });
});

afterAll(async () => {
  await h.close();
  await world.close();
});

beforeEach(() => {
  h.api.reset();
  delayMs = 0;
});

test('/mailconfig check bob@broken.test: the check lines in the ephemeral answer, in English', async () => {
  const res = await h.post(slashCommand({ text: 'check bob@broken.test', user_id: 'UEN', response_url: h.api.responseUrl('check-1') }));
  const answer = (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
  expect(answer.response_type).toBe('ephemeral');
  const text = visibleText(answer);
  expect(text).toContain('Check of broken.test');
  expect(text).toContain('❌ broken.test has no MX record, so mail sent to you may not arrive: add an MX record pointing to mail.broken.test in your DNS zone.');
  expect(text).toContain('✅ mail.broken.test exists (127.0.0.1).');
  expect(blockKitProblems(answer)).toEqual([]);
  expect(buttonsOf(answer).map((b) => b.label)).toContain('Talk to a human');
  expect(attempts.every((a) => a.startsWith('127.0.0.1:'))).toBe(true);
});

test('/mailconfig vérifie good.test, when the check outlasts the ack: an empty ack, then the answer through response_url', async () => {
  delayMs = 2500;
  const res = await h.post(slashCommand({ text: 'vérifie good.test', user_id: 'UFR', response_url: h.api.responseUrl('check-slow') }));
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('');
  const posted = await h.api.nthResponse(1);
  expect(posted.id).toBe('check-slow');
  expect(visibleText(posted.body)).toContain('Tout semble en ordre pour good.test.');
}, 15_000);

test('a DM about a fault, "Vérifier mon domaine", then "Talk to a human": the case carries the check', async () => {
  await h.post(JSON.stringify(eventEnvelope(directMessage('je ne reçois plus rien sur alice@broken.test', { user: 'UFR', channel: 'D7' }))));
  const fault = await h.api.nth('chat.postMessage');
  const button = buttonsOf(fault.args).find((b) => b.label === 'Vérifier mon domaine');
  expect(button).toBeDefined();
  const where = { container: { type: 'message', message_ts: '7.1', channel_id: 'D7' }, channel: { id: 'D7' }, message: { ts: '7.1' } };
  await h.post(form(blockActions({ action_id: button!.actionId, value: button!.value }, { user: { id: 'UFR' }, ...where })));
  const checked = await h.api.nth('chat.postMessage', 2);
  expect(visibleText(checked.args)).toContain('Vérification de broken.test');
  expect(visibleText(checked.args)).toContain("❌ broken.test n'a pas d'enregistrement MX, le courrier qui vous est envoyé risque donc de ne pas arriver\u00a0: ajoutez dans votre zone DNS un enregistrement MX qui pointe vers mail.broken.test.");
  const handoff = buttonsOf(checked.args).find((b) => b.actionId === 'mc_handoff')!;
  await h.post(form(blockActions({ action_id: 'mc_handoff', value: handoff.value }, { user: { id: 'UFR' }, ...where })));
  await h.api.until(() => h.api.callsTo('chat.postMessage').some((c) => c.args.channel === 'CSUPPORT'));
  const supportCase = h.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'CSUPPORT')!;
  const caseText = visibleText(supportCase.args);
  expect(caseText).toMatch(/Dernière vérification de domaine\u00a0: broken\.test \(référence [0-9A-F]{8}\)/);
  expect(caseText).toContain("❌ broken.test n'a pas d'enregistrement MX");
});
