import { XMLParser } from 'fast-xml-parser';
import type { RestCall } from '../../fakes/discord-rest';
import { parsePlist } from '../../setup-files/helpers';
import { buttonClick, messageCreate, slashCommand, WORLD } from './builders';
import { failOnUnhandledRejections } from './guards';
import { buttonsOf, callbackOf, startHarness, visibleText, webhookOf, type Harness } from './harness';

/**
 * Setup files handed out in chat: the reply carries the file as a Discord attachment
 * (multipart/form-data: the message in `payload_json`, the file in `files[0]`), through the
 * real discord.js client, a fake gateway and a fake REST API on 127.0.0.1.
 */

const EPHEMERAL = 64;
const REPLY = 4;
const UPDATE = 7;

failOnUnhandledRejections();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const xml = (data: Buffer) => new XMLParser({ ignoreAttributes: false }).parse(data.toString('utf8'));
const postedIn = (channelId: string) => (call: RestCall) => call.method === 'POST' && call.path === `/channels/${channelId}/messages`;

test('/mailconfig question:"profile" client:iPhone email:alice@example.com: the profile attached to a private answer', async () => {
  const call = await h.interact(slashCommand({ question: 'profile', client: 'ios_mail', email: 'alice@example.com' }, { locale: 'en-US' }));
  expect(call.status).toBe(204);
  expect(call.contentType).toBe('multipart/form-data');
  expect(call.body.type).toBe(REPLY);
  expect(call.body.data.flags).toBe(EPHEMERAL);
  expect(call.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(call.body.data.attachments).toEqual([expect.objectContaining({ id: '0' })]);

  expect(call.files).toHaveLength(1);
  const [file] = call.files;
  expect(file.field).toBe('files[0]');
  expect(file.name).toBe('alice@example.com.mobileconfig');
  const profile = parsePlist(file.data.toString('utf8'));
  const mail = profile.PayloadContent[0];
  expect(mail).toMatchObject({
    PayloadType: 'com.apple.mail.managed',
    EmailAddress: 'alice@example.com',
    IncomingMailServerHostName: 'mail.example.com',
    IncomingMailServerPortNumber: 993,
    OutgoingMailServerHostName: 'mail.example.com',
    OutgoingMailServerPortNumber: 465,
  });

  // The two lines on how to open it, in the user's language, and the same servers as the file.
  const text = visibleText(call.body);
  expect(text).toContain('alice@example.com.mobileconfig');
  expect(text).toContain('Settings › Profile Downloaded › Install');
  expect(text).toContain('mail.example.com · port 993');
  // A personal file: no "Show to channel" (the repost would lose the file and show the address).
  expect(buttonsOf(call.body).map((b) => b.custom_id)).not.toContain('share');
});

test('a DM "thunderbird setup file for bob@acme.org": the autoconfig file attached to the reply', async () => {
  const message = messageCreate('thunderbird setup file for bob@acme.org', { guildId: null });
  const reply = await h.send('MESSAGE_CREATE', message, postedIn(WORLD.dmChannelId));
  expect(reply.status).toBe(200);
  expect(reply.contentType).toBe('multipart/form-data');
  expect(reply.body.message_reference).toMatchObject({ message_id: message.id });
  expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(reply.files.map((f) => f.name)).toEqual(['acme.org.xml']);
  const config = xml(reply.files[0].data).clientConfig.emailProvider;
  expect(config['@_id']).toBe('acme.org');
  const incoming = [config.incomingServer].flat();
  expect(incoming[0]).toMatchObject({ '@_type': 'imap', hostname: 'mail.acme.org', port: 993, socketType: 'SSL' });
  expect(config.outgoingServer).toMatchObject({ hostname: 'mail.acme.org', port: 465, socketType: 'SSL' });
  expect(visibleText(reply.body)).toContain('acme.org.xml');
});

test('the "Get the setup file" button under a guide replaces the private guide with the file', async () => {
  const guide = await h.interact(slashCommand({ client: 'thunderbird', email: 'bob@acme.org' }, { locale: 'en-US' }));
  expect(guide.files).toEqual([]);
  const button = buttonsOf(guide.body).find((b) => b.label === 'Get the setup file');
  expect(button?.custom_id).toBe('ask:u:mc1|en|client_setup|c=thunderbird|f=1');

  const click = await h.interact(buttonClick(button!.custom_id, { flags: EPHEMERAL, embeds: guide.body.data.embeds }, { locale: 'en-US' }));
  expect(click.body.type).toBe(UPDATE);
  expect(click.contentType).toBe('multipart/form-data');
  expect(click.files.map((f) => f.name)).toEqual(['acme.org.xml']);
  expect(xml(click.files[0].data).clientConfig.emailProvider.outgoingServer.hostname).toBe('mail.acme.org');
  expect(click.body.data.allowed_mentions.parse).toEqual([]);
});

test('en français, depuis un guide public : le fichier Outlook arrive en privé, avec le mode d\'emploi en français', async () => {
  const guide = await h.interact(slashCommand({ client: 'outlook', email: 'carol@shop.example.org', public: true }, { locale: 'fr' }));
  const button = buttonsOf(guide.body).find((b) => b.label === 'Obtenir le fichier de configuration');
  expect(button).toBeDefined();
  const click = await h.interact(buttonClick(button!.custom_id, { flags: 0, embeds: guide.body.data.embeds }, { locale: 'fr' }));
  expect(click.body.type).toBe(REPLY);
  expect(click.body.data.flags).toBe(EPHEMERAL);
  expect(click.files.map((f) => f.name)).toEqual(['autodiscover.xml']);
  expect(click.files[0].data.toString('utf8')).toContain('<Server>mail.shop.example.org</Server>');
  expect(visibleText(click.body)).toMatch(/Voici le fichier/);
});

test('no address: the bot asks for it and sends no file; the address given next brings the file', async () => {
  const user = { id: '312345678901234567', username: 'dana' };
  const first = await h.interact(slashCommand({ question: 'iPhone profile' }, { locale: 'en-US', from: user }));
  expect(first.contentType).toBe('application/json');
  expect(first.files).toEqual([]);
  expect(first.body.data.attachments ?? []).toEqual([]);
  expect(visibleText(first.body)).toContain('I need your email address');

  const second = await h.interact(slashCommand({ question: 'dana@example.net' }, { locale: 'en-US', from: user }));
  expect(second.files.map((f) => f.name)).toEqual(['dana@example.net.mobileconfig']);
  expect(parsePlist(second.files[0].data.toString('utf8')).PayloadContent[0].IncomingMailServerHostName).toBe('mail.example.net');
});

describe('when the answer comes late', () => {
  let d: Harness;
  beforeAll(async () => {
    d = await startHarness({ timings: { deferAfterMs: 100 } });
  });
  afterAll(async () => {
    await d?.close();
  });

  test('the interaction is deferred, and the file comes with the edited answer', async () => {
    const handle = d.service.handle.bind(d.service);
    const spy = jest.spyOn(d.service, 'handle').mockImplementationOnce(async (message) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return handle(message);
    });
    const command = slashCommand({ question: 'outlook setup file for erin@example.com' }, { locale: 'en-US' });
    const deferred = await d.interact(command);
    expect(deferred.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await d.rest.waitFor(webhookOf(command, 'PATCH'));
    expect(edit.contentType).toBe('multipart/form-data');
    expect(edit.files.map((f) => f.name)).toEqual(['autodiscover.xml']);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    spy.mockRestore();
  });
});

test('a file survives a retried upload: the callback fails with 502 once, the retry carries the same file', async () => {
  const command = slashCommand({ question: 'profile', client: 'ios_mail', email: 'frank@example.com' }, { locale: 'en-US' });
  h.rest.inject(callbackOf(command), { kind: 'status', status: 502 });
  const since = h.rest.calls.length;
  h.gateway.dispatch('INTERACTION_CREATE', command);
  const ok = await h.rest.waitFor((c) => callbackOf(command)(c) && c.status === 204, since);
  const attempts = h.rest.calls.slice(since).filter(callbackOf(command));
  expect(attempts.map((c) => c.status)).toEqual([502, 204]);
  expect(ok.files.map((f) => f.name)).toEqual(['frank@example.com.mobileconfig']);
  expect(ok.files[0].data.equals(attempts[0].files[0].data)).toBe(true);
});
