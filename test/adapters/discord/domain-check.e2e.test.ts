import { snowflake } from '../../fakes/discord-ids';
import { CheckWorld } from '../../diagnostics/harness/check-world';
import { createTestBot } from '../../helpers/bot';
import { slashCommand } from './builders';
import { failOnUnhandledRejections } from './guards';
import { buttonsOf, startHarness, visibleText, webhookOf, type Harness } from './harness';

failOnUnhandledRejections();

/**
 * `/mailconfig question: check …` on Discord, end to end: the real discord.js client against a
 * fake gateway and REST API, the check against loopback DNS and mail servers.
 */
let world: CheckWorld;
let h: Harness;
let attempts: string[];

beforeAll(async () => {
  world = await CheckWorld.start();
  const diagnostics = world.diagnostics();
  attempts = diagnostics.attempts;
  h = await startHarness({ bot: createTestBot({ domainCheck: true }), service: { diagnostics: diagnostics.service } });
});

const DEFERRED_REPLY = 5;

/** What the user ends up seeing: the callback's message, or, when a check outlasts the deferral delay, the edit after it. */
async function answerTo(command: ReturnType<typeof slashCommand>): Promise<any> {
  const call = await h.interact(command);
  if (call.body.type !== DEFERRED_REPLY) return call.body;
  return (await h.rest.waitFor(webhookOf(command, 'PATCH'))).body;
}

afterAll(async () => {
  await h?.close();
  await world?.close();
});

test('question "vérifie alice@broken.test", French user: the check lines in a private embed, in French', async () => {
  const body = await answerTo(slashCommand({ question: 'vérifie alice@broken.test' }, { locale: 'fr' }));
  const text = visibleText(body);
  expect(text).toContain('Vérification de broken.test');
  expect(text).toContain("❌ broken.test n'a pas d'enregistrement MX");
  expect(text).toContain('✅ mail.broken.test existe');
  expect((body.data ?? body).allowed_mentions.parse).toEqual([]);
  expect(attempts.length).toBeGreaterThan(0);
  expect(attempts.every((a) => a.startsWith('127.0.0.1:'))).toBe(true);
});

test('question "check my domain" with the email option, English user: the address option names the domain', async () => {
  const body = await answerTo(slashCommand({ question: 'check my domain', email: 'bob@good.test' }, { locale: 'en-US', from: { id: snowflake(), username: 'bob' } }));
  expect(visibleText(body)).toContain('Everything looks right for good.test.');
  // All is well: no "Talk to a human" offered by the check.
  expect(buttonsOf(body).map((b) => b.custom_id)).not.toContain('human:u');
});
