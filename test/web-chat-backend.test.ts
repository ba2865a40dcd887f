import type { Reply } from '../src/core/types';
import { silentLogger } from '../src/logger';
import { botWebChatBackend, caseReference, supportDeskFor, type SupportDesk } from '../src/web-chat-backend';
import { loadConfig } from '../src/config';
import { FakeDiscordRest } from './fakes/discord-rest';
import { WORLD } from './adapters/discord/builders';
import { createTestBot } from './helpers/bot';

class FakeDesk implements SupportDesk {
  readonly name = 'fake';
  readonly posted: Reply[] = [];
  failNext = false;
  async post(theCase: Reply): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('channel unreachable');
    }
    this.posted.push(theCase);
  }
}

function setUp(desk?: SupportDesk) {
  const bot = createTestBot();
  const backend = botWebChatBackend({ bot, answer: (m) => bot.handle(m), desk, supportLang: 'fr', logger: silentLogger() });
  const ask = (conversationId: string, text: string) => backend.answer({ platform: 'web', conversationId, userId: conversationId, text });
  return { bot, backend, ask };
}

test('answers through the given answering function', async () => {
  const { ask } = setUp();
  const reply = await ask('web:a', 'IMAP port?');
  expect(JSON.stringify(reply)).toContain('993');
});

test('with a support channel: the redacted case is posted once, in the support language, and the user gets a reference', async () => {
  const desk = new FakeDesk();
  const { backend, ask } = setUp(desk);
  await ask('web:s1', 'my password is Hunter22 and outlook cannot send');
  const reply = await backend.requestHuman('web:s1', 'en');
  const ref = caseReference('web:s1');
  expect(ref).toMatch(/^[0-9A-F]{8}$/);
  expect(reply).toMatchObject({ lang: 'en', kind: 'notice', title: 'An agent has your question' });
  expect(reply.paragraphs[0]).toContain(ref);
  expect(reply.paragraphs[0]).toContain('support@example.com');
  expect(desk.posted).toHaveLength(1);
  const theCase = JSON.stringify(desk.posted[0]);
  expect(desk.posted[0].title).toBe("Nouvelle demande d'assistance transmise par le bot de messagerie");
  expect(theCase).toContain(`Un visiteur du site (référence ${ref})`);
  expect(theCase).toContain('chat web');
  expect(theCase).not.toContain('Hunter22');
  expect(theCase).toContain('[redacted]');
  // A second click confirms again without a second case.
  expect((await backend.requestHuman('web:s1', 'en')).paragraphs[0]).toContain(ref);
  expect(desk.posted).toHaveLength(1);
});

test('a case that cannot be posted: the support contact, and the next click tries again', async () => {
  const desk = new FakeDesk();
  const { backend, ask } = setUp(desk);
  await ask('web:s2', 'quel port imap ?');
  desk.failNext = true;
  const failed = await backend.requestHuman('web:s2', 'fr');
  expect(failed.paragraphs[0]).toMatch(/^Je ne peux pas joindre le support d'ici pour le moment/);
  expect(failed.links).toEqual([
    { label: 'support@example.com', url: 'mailto:support@example.com' },
    { label: 'https://www.example.com/support', url: 'https://www.example.com/support' },
  ]);
  await backend.requestHuman('web:s2', 'fr');
  expect(desk.posted).toHaveLength(1);
});

test('without a support channel, or before anything was asked: the knowledge base\'s support contact', async () => {
  const { backend, ask } = setUp();
  await ask('web:s3', 'imap port?');
  const reply = await backend.requestHuman('web:s3', 'en');
  expect(reply.paragraphs).toEqual(['Our support team can help you: by email at support@example.com or at https://www.example.com/support (Monday to Friday, 9 am to 6 pm).']);
  expect(reply.links?.[0]).toEqual({ label: 'support@example.com', url: 'mailto:support@example.com' });
  const desk = new FakeDesk();
  const empty = await setUp(desk).backend.requestHuman('web:never-asked', 'fr');
  expect(empty.paragraphs[0]).toMatch(/^Notre équipe support peut vous aider/);
  expect(desk.posted).toHaveLength(0);
});

test('the Discord support channel: the case is posted there with no mention parsed', async () => {
  const rest = new FakeDiscordRest({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, gatewayUrl: () => 'ws://127.0.0.1:1' });
  await rest.start();
  try {
    const config = loadConfig({ DISCORD_TOKEN: WORLD.token, DISCORD_APP_ID: WORLD.appId, DISCORD_SUPPORT_CHANNEL_ID: WORLD.supportChannelId, DISCORD_API_URL: rest.url });
    const desk = supportDeskFor(config, silentLogger())!;
    expect(desk.name).toBe('discord');
    const { backend, ask } = setUp(desk);
    await ask('web:d1', 'my outlook shows error 0x800CCC0E when I send');
    expect((await backend.requestHuman('web:d1', 'en')).title).toBe('An agent has your question');
    const call = await rest.waitFor((c) => c.method === 'POST' && c.path === `/channels/${WORLD.supportChannelId}/messages`);
    expect(call.authorization).toBe(`Bot ${WORLD.token}`);
    expect(call.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(call.body.embeds)).toContain(caseReference('web:d1'));
  } finally {
    await rest.close();
  }
});

test('no support channel configured: no desk', () => {
  expect(supportDeskFor(loadConfig({}), silentLogger())).toBeUndefined();
});
