import { snowflake } from '../../fakes/discord-ids';
import { autocomplete, buttonClick, slashCommand, WORLD } from './builders';
import { buttonsOf, startHarness, visibleText, webhookOf, type Harness } from './harness';
import { failOnUnhandledRejections } from './guards';

failOnUnhandledRejections();

/**
 * Slash commands, autocomplete and buttons, end to end: the real discord.js client connected
 * to a fake gateway and REST API on 127.0.0.1; assertions on the REST calls the bot makes.
 */

const EPHEMERAL = 64;
// Interaction callback types (Discord API).
const REPLY = 4;
const DEFERRED_REPLY = 5;
const UPDATE = 7;
const AUTOCOMPLETE_RESULT = 8;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('/mailconfig', () => {
  test('French user, French question: a private answer with IMAP port 993, in French', async () => {
    const call = await h.interact(slashCommand({ question: 'quel port pour imap ?' }, { locale: 'fr' }));
    expect(call.body.type).toBe(REPLY);
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const [embed] = call.body.data.embeds;
    expect(embed.title).toBe('Ports');
    // The answer first, in one sentence; no field block repeating it.
    expect(embed.description).toContain('993, en SSL/TLS (IMAP).');
    const buttons = buttonsOf(call.body);
    expect(buttons.map((b) => b.label)).toEqual(['SSL / sécurité', 'Tous les paramètres', 'POP ou IMAP\u202f?', 'Montrer au salon']);
    expect(buttons.map((b) => b.custom_id)).toContain('ask:u:mc1|fr|encryption');
    // A question about ports offers no handoff.
    expect(buttons.map((b) => b.custom_id)).not.toContain('human:u');
  });

  test('English user (en-US), only a client chosen: the Thunderbird guide in English, steps numbered, SMTP 465', async () => {
    const call = await h.interact(slashCommand({ client: 'thunderbird' }, { locale: 'en-US' }));
    expect(call.body.type).toBe(REPLY);
    const [embed] = call.body.data.embeds;
    expect(embed.title).toBe('Set up Thunderbird');
    // The settings on the first screen, the steps behind a button.
    expect(embed.fields).toContainEqual(expect.objectContaining({ name: 'Outgoing server (SMTP)', value: expect.stringContaining('port 465') }));
    expect(embed.description).not.toMatch(/\*\*1\.\*\* Open the ≡ menu/);
    const steps = buttonsOf(call.body).find((b) => b.label === 'Show the steps');
    expect(steps?.custom_id).toContain('|m=1');
    // Links are clickable, and the guide offers a human.
    expect(visibleText(call.body)).toContain('](https://support.mozilla.org/');
    expect(buttonsOf(call.body).map((b) => b.label)).toEqual(expect.arrayContaining(['Show to channel', 'Talk to a human']));
  });

  test('no options at all: what the bot can do, in the language of the Discord client', async () => {
    const call = await h.interact(slashCommand({}, { locale: 'en-US' }));
    expect(call.body.data.embeds[0].title).toBe('How I can help');
  });

  test('public and email options: visible to the channel, with the user\'s own server names', async () => {
    const call = await h.interact(slashCommand({ question: 'smtp server?', email: 'bob@example.org', public: true }, { locale: 'en-US' }));
    expect(call.body.data.flags ?? 0).toBe(0);
    expect(visibleText(call.body)).toContain('mail.example.org, port 465');
    // Only ephemeral answers need "Show to channel".
    expect(buttonsOf(call.body).map((b) => b.custom_id)).not.toContain('share');
  });

  test('language: a text that cannot tell follows the user locale, then the server locale', async () => {
    const english = await h.interact(slashCommand({ question: 'imap' }, { locale: 'en-US', guildLocale: 'fr' }));
    expect(visibleText(english.body)).toContain('Incoming mail server');
    // Another channel: a fresh conversation, whose language is not yet known.
    const german = await h.interact(slashCommand({ question: 'imap' }, { locale: 'de', guildLocale: 'fr', channelId: '555555555555555555' }));
    expect(visibleText(german.body)).toContain('Serveur de courrier entrant');
    // A French sentence stays French whatever the locale.
    const french = await h.interact(slashCommand({ question: 'je ne reçois plus mes mails' }, { locale: 'en-US' }));
    expect(french.body.data.embeds[0].title).toBe("Aucun nouveau message n'arrive");
  });

  test('in a DM: a normal (not ephemeral) answer, without "Show to channel"', async () => {
    const call = await h.interact(slashCommand({ question: 'what is the pop3 port?' }, { guildId: null, locale: 'en-GB' }));
    expect(call.body.type).toBe(REPLY);
    expect(call.body.data.flags ?? 0).toBe(0);
    expect(visibleText(call.body)).toContain('995');
    expect(buttonsOf(call.body).map((b) => b.custom_id)).not.toContain('share');
  });

  test('user text such as @everyone or a role mention can never ping anyone', async () => {
    const call = await h.interact(slashCommand({ question: 'smtp port <@&123456789012345678>', email: '@everyone' }, { locale: 'en-US' }));
    // The invalid address is shown back to the user…
    expect(visibleText(call.body)).toContain('@everyone');
    // …but Discord is told to turn nothing into a ping.
    expect(call.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe('autocomplete', () => {
  test('suggests matching common questions in the user language', async () => {
    const call = await h.interact(autocomplete('thund', { locale: 'en-US' }));
    expect(call.body).toEqual({ type: AUTOCOMPLETE_RESULT, data: { choices: [{ name: 'How do I set up Thunderbird?', value: 'How do I set up Thunderbird?' }] } });
  });

  test('with nothing typed yet: 25 questions, in French for a French user', async () => {
    const call = await h.interact(autocomplete('', { locale: 'fr' }));
    expect(call.body.data.choices).toHaveLength(25);
    expect(call.body.data.choices[0].name).toBe('Quel port pour IMAP\u202f?');
  });
});

describe('buttons', () => {
  test('a suggestion on a private answer replaces it in place', async () => {
    const call = await h.interact(buttonClick('ask:u:mc1|fr|all_settings', { flags: EPHEMERAL }, { locale: 'fr' }));
    expect(call.body.type).toBe(UPDATE);
    expect(call.body.data.embeds[0].title).toBe('Vos paramètres de messagerie');
    expect(call.body.data.allowed_mentions.parse).toEqual([]);
  });

  test('a suggestion on a public message answers the clicker privately', async () => {
    const call = await h.interact(buttonClick('ask:c:mc1|en|protocol_choice', { flags: 0 }));
    expect(call.body.type).toBe(REPLY);
    expect(call.body.data.flags).toBe(EPHEMERAL);
    expect(call.body.data.embeds[0].title).toBe('POP or IMAP?');
  });

  test('"Show to channel" reposts the private answer for everyone', async () => {
    const embeds = [{ title: 'Ports', description: 'All on mail.example.org', color: 1, fields: [{ name: 'Incoming server (IMAP)', value: 'port 993', inline: false }] }];
    const call = await h.interact(buttonClick('share', { flags: EPHEMERAL, embeds }, { locale: 'en-US' }));
    expect(call.body.type).toBe(REPLY);
    expect(call.body.data.flags ?? 0).toBe(0);
    expect(call.body.data.embeds).toEqual([expect.objectContaining({ title: 'Ports', fields: embeds[0].fields })]);
    expect(call.body.data.allowed_mentions.parse).toEqual([]);
  });

  test('"Talk to a human": the case goes to the support channel (in a thread), the user is told', async () => {
    // A conversation first, with a password in it that must not reach the support channel.
    const question = await h.interact(slashCommand({ question: "je n'arrive pas à envoyer, mon mot de passe est Hunter2!x" }, { locale: 'fr' }));
    expect(buttonsOf(question.body).map((b) => b.custom_id)).toContain('human:u');

    const since = h.rest.calls.length;
    const click = buttonClick('human:u', { flags: EPHEMERAL }, { locale: 'fr' });
    const confirmation = await h.interact(click);
    expect(confirmation.body.type).toBe(REPLY);
    expect(confirmation.body.data.flags).toBe(EPHEMERAL);
    expect(confirmation.body.data.embeds[0].title).toBe('Un conseiller a votre question');

    const posted = await h.rest.waitFor((c) => c.method === 'POST' && c.path === `/channels/${WORLD.supportChannelId}/messages`, since);
    const caseText = visibleText(posted.body);
    expect(caseText).toContain(`<@${WORLD.alice.id}>`);
    expect(caseText).toContain('Les messages ne partent pas');
    expect(caseText).not.toContain('Hunter2');
    expect(posted.body.allowed_mentions).toEqual({ parse: [] });
    const thread = await h.rest.waitFor((c) => c.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(c.path), since);
    expect(thread.path.startsWith(`/channels/${WORLD.supportChannelId}/`)).toBe(true);
    expect(thread.body.name).toBe('Demande d\'assistance\u00a0: alice_b');
  });

  test('a button from an older version of the bot gets the help answer, not silence', async () => {
    const call = await h.interact(buttonClick('v0-legacy-button', {}, { locale: 'en-US' }));
    expect(call.body.type).toBe(REPLY);
    expect(call.body.data.embeds[0].title).toBe('How I can help');
  });
});

describe('long answers', () => {
  test('an answer too long for one message continues in follow-ups, just as private', async () => {
    const steps = Array.from({ length: 40 }, (_, i) => `Step ${i + 1}: ${'check this setting carefully '.repeat(8)}`);
    const spy = jest.spyOn(h.service, 'handle').mockResolvedValueOnce({ lang: 'en', kind: 'answer', title: 'A long guide', paragraphs: ['Intro.'], steps });
    const command = slashCommand({ question: 'long guide please' }, { locale: 'en-US' });
    const since = h.rest.calls.length;
    const first = await h.interact(command);
    const followUp = await h.rest.waitFor(webhookOf(command, 'POST'), since);
    expect(first.body.data.flags).toBe(EPHEMERAL);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    const shown = visibleText(first.body) + visibleText(followUp.body);
    for (let i = 1; i <= 40; i++) expect(shown).toContain(`Step ${i}: `);
    spy.mockRestore();
  });
});

describe('errors', () => {
  test('when Discord refuses the answer, the user gets a short apology in their language instead', async () => {
    const command = slashCommand({ question: 'port smtp ?' }, { locale: 'fr' });
    h.rest.failNext((c) => c.path === `/interactions/${command.id}/${command.token}/callback`);
    const since = h.rest.calls.length;
    h.gateway.dispatch('INTERACTION_CREATE', command);
    const isCallback = (c: { path: string }) => c.path === `/interactions/${command.id}/${command.token}/callback`;
    await h.rest.waitFor(isCallback, since);
    const apology = await h.rest.waitFor((c) => isCallback(c) && c.body?.data?.content, since);
    expect(apology.body.type).toBe(REPLY);
    expect(apology.body.data.flags).toBe(EPHEMERAL);
    expect(apology.body.data.content).toMatch(/^Désolé, un problème est survenu de mon côté.*référence au support\s:\s[0-9A-F]{8}\.$/);
    expect(apology.body.data.content).not.toMatch(/Injected|50035|Error/);
  });

  test('when the bot itself fails, the answer is its apology with a reference', async () => {
    const spy = jest.spyOn(h.bot, 'respond').mockImplementationOnce(() => {
      throw new Error('knowledge base exploded');
    });
    // A user with no conversation yet: the apology follows their Discord locale.
    const call = await h.interact(slashCommand({ question: 'ports?' }, { locale: 'en-US', from: { id: snowflake(), username: 'newcomer' } }));
    expect(call.body.type).toBe(REPLY);
    expect(visibleText(call.body)).toMatch(/Sorry, something went wrong on my side.*[0-9A-F]{8}/);
    expect(visibleText(call.body)).not.toContain('exploded');
    spy.mockRestore();
  });
});

describe('deadlines', () => {
  // Answers are deferred after 150 ms here; the bot is made to take 500 ms.
  const DELAY = 500;
  let d: Harness;
  beforeAll(async () => {
    d = await startHarness({ timings: { deferAfterMs: 150 } });
  });
  afterAll(async () => {
    await d?.close();
  });

  test('a slow answer is deferred within the deadline, then edited in', async () => {
    const handle = d.service.handle.bind(d.service);
    const spy = jest.spyOn(d.service, 'handle').mockImplementationOnce(async (message) => {
      await new Promise((resolve) => setTimeout(resolve, DELAY));
      return handle(message);
    });
    const command = slashCommand({ question: 'quel port pour pop3 ?' }, { locale: 'fr' });
    const started = Date.now();
    const deferred = await d.interact(command);
    expect(Date.now() - started).toBeLessThan(DELAY);
    expect(deferred.body).toEqual({ type: DEFERRED_REPLY, data: { flags: EPHEMERAL } });
    const edit = await d.rest.waitFor(webhookOf(command, 'PATCH'));
    expect(edit.path).toBe(`/webhooks/${WORLD.appId}/${command.token}/messages/@original`);
    expect(visibleText(edit.body)).toContain('995');
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    spy.mockRestore();
  });

  test('when the edit after a deferral fails, the apology comes as a follow-up', async () => {
    const handle = d.service.handle.bind(d.service);
    const spy = jest.spyOn(d.service, 'handle').mockImplementationOnce(async (message) => {
      await new Promise((resolve) => setTimeout(resolve, DELAY));
      return handle(message);
    });
    const command = slashCommand({ question: 'what is the smtp port?' }, { locale: 'en-US' });
    d.rest.failNext(webhookOf(command, 'PATCH'));
    const since = d.rest.calls.length;
    d.gateway.dispatch('INTERACTION_CREATE', command);
    const followUp = await d.rest.waitFor(webhookOf(command, 'POST'), since);
    expect(followUp.body.content).toMatch(/^Sorry, something went wrong on my side/);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    spy.mockRestore();
  });
});
