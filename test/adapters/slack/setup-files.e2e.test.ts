import { UPLOAD_METHOD } from '../../fakes/slack-web-api';
import { blockActions, directMessage, eventEnvelope, form, mention, slashCommand } from './builders';
import { buttonsOf, visibleText } from './blocks';
import { expectNoSecrets, failOnUnhandledRejections } from './guards';
import { SIGNING_SECRET, startHttpHarness, type HttpHarness } from './harness';
import { parsePlist, parseXml } from '../../setup-files/helpers';

/**
 * Setup files on Slack (issue 5, "In chat"): the file lands where the answer is (thread, DM),
 * or in the user's DM for an ephemeral slash-command answer, through the external upload flow.
 */
let h: HttpHarness;
failOnUnhandledRejections();

beforeAll(async () => {
  h = await startHttpHarness();
});

afterAll(async () => {
  expectNoSecrets(h.logs.raw, [h.api.behaviour.botToken, SIGNING_SECRET]);
  await h.close();
});

beforeEach(() => h.api.reset());

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

async function command(text: string, user = 'UEN', channel = 'C1', hook = `cmd-${user}`) {
  const res = await h.post(slashCommand({ text, user_id: user, channel_id: channel, response_url: h.api.responseUrl(hook) }));
  expect(res.status).toBe(200);
  return (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
}

/** An Apple profile's IMAP account, read with a real property-list parser. */
function mailAccount(content: Buffer): Record<string, unknown> {
  const profile = parsePlist(content.toString('utf8')) as { PayloadContent: Array<Record<string, unknown>> };
  return profile.PayloadContent.find((p) => p.PayloadType === 'com.apple.mail.managed')!;
}

describe('/mailconfig: files cannot be ephemeral, so they go to the DM', () => {
  test('"setup file alice@example.com" asks which app; one click on "File for iPhone / iPad" sends the profile to the DM', async () => {
    const answer = await command('setup file alice@example.com', 'UEN', 'C1', 'which');
    expect(visibleText(answer)).toContain('Which app is the file for?');
    const iphone = buttonsOf(answer).find((b) => b.label === 'File for iPhone / iPad Mail');
    expect(iphone).toBeDefined();
    await settle();
    expect(h.api.callsTo('files.getUploadURLExternal')).toHaveLength(0);

    const click = blockActions(
      { action_id: iphone!.actionId, value: iphone!.value },
      { user: { id: 'UEN' }, container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true }, channel: { id: 'C1' }, response_url: h.api.responseUrl('iphone') },
    );
    expect((await h.post(form(click))).status).toBe(200);
    // The ephemeral answer is replaced by one saying where the file went.
    const replaced = await h.api.nthResponse(1);
    expect(replaced.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(visibleText(replaced.body)).toContain("I'm sending it to you in a direct message");

    const file = await h.api.nthFile(1);
    expect(h.api.callsTo('conversations.open').map((c) => c.args.users)).toEqual(['UEN']);
    expect(file.channel).toBe('DEN');
    expect(file.threadTs).toBeUndefined();
    expect(file.filename).toBe('alice@example.com.mobileconfig');
    const account = mailAccount(file.content);
    expect(account).toMatchObject({ EmailAddress: 'alice@example.com', IncomingMailServerHostName: 'mail.example.com', IncomingMailServerPortNumber: 993 });
    // In the DM the file comes with the two lines on how to open it.
    expect(file.initialComment).toContain('Profile Downloaded › Install');
  });

  test('"/mailconfig profile alice@example.com" (a profile is Apple\'s setup file): the answer, in the ack, says the file is in the DM; the file lands there', async () => {
    const answer = await command('profile alice@example.com');
    expect(answer.response_type).toBe('ephemeral');
    const seen = visibleText(answer);
    expect(seen).toContain('alice@example.com.mobileconfig');
    expect(seen).toContain("I'm sending it to you in a direct message");
    // A personal file is not something to share in the channel.
    expect(buttonsOf(answer).map((b) => b.actionId)).not.toContain('mc_share');

    const file = await h.api.nthFile(1);
    expect(file.channel).toBe('DEN');
    const account = mailAccount(file.content);
    expect(account.IncomingMailServerHostName).toBe('mail.example.com');
    expect(account.IncomingMailServerPortNumber).toBe(993);
    expect(account.OutgoingMailServerPortNumber).toBe(465);
    // The three steps of the external upload flow, the bytes POSTed to the URL Slack returned.
    const steps = h.api.calls.map((c) => c.method).filter((m) => m.startsWith('files.') || m === UPLOAD_METHOD);
    expect(steps).toEqual(['files.getUploadURLExternal', UPLOAD_METHOD, 'files.completeUploadExternal']);
    expect(h.api.callsTo('files.getUploadURLExternal')[0].args).toMatchObject({ filename: 'alice@example.com.mobileconfig', length: String(file.content.length) });
    expect(h.api.uploads[0].token).toBe(h.api.behaviour.botToken);
  });

  test('in French for a French user', async () => {
    const answer = await command('profil iPhone pour alice@example.com', 'UFR');
    expect(visibleText(answer)).toContain("je vous l'envoie en message direct");
    const file = await h.api.nthFile(1);
    expect(file.channel).toBe('DFR');
    expect(file.initialComment).toContain('Réglages');
  });
});

describe('mentions and DMs: the file lands in the same thread or DM', () => {
  test('"iPhone profile for bob@acme.org" in a thread: answer then file in that thread', async () => {
    const root = mention('first question', { user: 'UEN', channel: 'C7' });
    const event = mention('iPhone profile for bob@acme.org', { user: 'UEN', channel: 'C7', thread_ts: root.ts });
    await h.post(JSON.stringify(eventEnvelope(event)));
    const posted = await h.api.nth('chat.postMessage');
    expect(posted.args).toMatchObject({ channel: 'C7', thread_ts: root.ts });
    expect(visibleText(posted.args)).toContain('bob@acme.org.mobileconfig');
    const file = await h.api.nthFile(1);
    expect(file).toMatchObject({ channel: 'C7', threadTs: root.ts, filename: 'bob@acme.org.mobileconfig' });
    // The answer is right there: no comment repeated with the file, and no DM opened.
    expect(file.initialComment).toBeUndefined();
    expect(h.api.callsTo('conversations.open')).toHaveLength(0);
    expect(mailAccount(file.content)).toMatchObject({ IncomingMailServerHostName: 'mail.acme.org', EmailAddress: 'bob@acme.org' });
  });

  test('the "Get the setup file" button under a Thunderbird guide sends the autoconfig file to the DM', async () => {
    await h.post(JSON.stringify(eventEnvelope(directMessage('how do I set up thunderbird for carol@example.com', { user: 'UEN', channel: 'D4' }))));
    const guide = await h.api.nth('chat.postMessage');
    const getFile = buttonsOf(guide.args).find((b) => b.label === 'Get the setup file');
    expect(getFile).toBeDefined();
    await settle();
    expect(h.api.callsTo('files.getUploadURLExternal')).toHaveLength(0);

    const click = blockActions({ action_id: getFile!.actionId, value: getFile!.value }, { user: { id: 'UEN' }, container: { type: 'message', message_ts: '3.3', channel_id: 'D4' }, channel: { id: 'D4' }, message: { ts: '3.3' } });
    await h.post(form(click));
    const file = await h.api.nthFile(1);
    expect(file).toMatchObject({ channel: 'D4', filename: 'example.com.xml' });
    const xml = parseXml(file.content.toString('utf8'));
    const incoming = xml.clientConfig.emailProvider.incomingServer as Array<Record<string, unknown>>;
    expect(incoming.find((s) => s['@type'] === 'imap')).toMatchObject({ hostname: 'mail.example.com', port: '993', socketType: 'SSL' });
    const answer = await h.api.nth('chat.postMessage', 2);
    expect(answer.args.channel).toBe('D4');
    expect(visibleText(answer.args)).toContain('isp folder');
  });

  test('"iPhone profile" without an address asks for it and uploads nothing; the address then completes it', async () => {
    const event = mention('iPhone profile', { user: 'UEN', channel: 'C8' });
    await h.post(JSON.stringify(eventEnvelope(event)));
    const ask = await h.api.nth('chat.postMessage');
    expect(visibleText(ask.args)).toContain('I need your email address');
    await settle();
    expect(h.api.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    expect(h.api.uploads).toHaveLength(0);

    await h.post(JSON.stringify(eventEnvelope(mention('dave@example.com', { user: 'UEN', channel: 'C8', thread_ts: event.ts }))));
    const file = await h.api.nthFile(1);
    expect(file).toMatchObject({ channel: 'C8', threadTs: event.ts, filename: 'dave@example.com.mobileconfig' });
  });

  test('"/mailconfig setup file" without an address asks which app, and uploads nothing', async () => {
    // A channel of its own: in C1 the conversation already knows an address and an app.
    const answer = await command('setup file', 'UEN', 'C20');
    expect(visibleText(answer)).toContain('Which app is the file for?');
    await settle();
    expect(h.api.callsTo('conversations.open')).toHaveLength(0);
    expect(h.api.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });
});

describe('when the upload fails, the user is told politely and the bot carries on', () => {
  test('files:write missing (a platform error): told in the thread, privately; logged', async () => {
    h.api.behaviour.failOnce.set('files.getUploadURLExternal', 'missing_scope');
    const event = mention('iPhone profile for erin@example.com', { user: 'UEN', channel: 'C9' });
    await h.post(JSON.stringify(eventEnvelope(event)));
    const told = await h.api.nth('chat.postEphemeral');
    expect(told.args).toMatchObject({ channel: 'C9', user: 'UEN', thread_ts: event.ts });
    expect(visibleText(told.args)).toContain('Sorry, I could not send the file just now');
    expect(h.logs.lines.some((l) => l.msg === 'slack file upload failed' && l.level === 50)).toBe(true);
    // Still answering.
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D5' }))));
    await h.api.until(() => h.api.callsTo('chat.postMessage').some((c) => c.args.channel === 'D5'));
  });

  test('the upload URL keeps failing (HTTP 500, beyond the retries): the slash-command user is told through response_url', async () => {
    h.api.inject(UPLOAD_METHOD, { kind: 'status', status: 500 }, { times: 5 });
    await command('profil iPhone pour frank@example.com', 'UFR', 'C1', 'fails');
    const told = await h.api.nthResponse(1);
    expect(told.id).toBe('fails');
    expect(told.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(told.body)).toContain("Désolé, je n'ai pas pu envoyer le fichier");
    // Retried within the configured attempts (2 in these tests), not completed.
    expect(h.api.callsTo(UPLOAD_METHOD)).toHaveLength(2);
    expect(h.api.callsTo('files.completeUploadExternal')).toHaveLength(0);
  });

  test('an upload URL that resets the connection once is retried and the file arrives', async () => {
    h.api.inject(UPLOAD_METHOD, { kind: 'reset' });
    await command('iPhone profile for gina@example.com');
    const file = await h.api.nthFile(1);
    expect(file.filename).toBe('gina@example.com.mobileconfig');
    expect(h.api.callsTo(UPLOAD_METHOD).map((c) => c.fault ?? 'ok')).toEqual(['reset', 'ok']);
  });

  test('the DM cannot be opened: told privately where the command was typed', async () => {
    h.api.behaviour.failOnce.set('conversations.open', 'missing_scope');
    await command('iPhone profile for hal@example.com', 'UEN', 'C1', 'nodm');
    const told = await h.api.nthResponse(1);
    expect(visibleText(told.body)).toContain('Sorry, I could not send the file just now');
    expect(h.api.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });
});
