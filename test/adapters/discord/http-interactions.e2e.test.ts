import { autocomplete, buttonClick, slashCommand, WORLD } from './builders';
import { failOnUnhandledRejections } from './guards';
import { buttonsOf, startHarness, visibleText, webhookOf, type Harness } from './harness';
import { applicationKeys, discordSignatureHeaders } from './signed-requests';

failOnUnhandledRejections();

/**
 * Interactions over HTTP (DISCORD_PUBLIC_KEY, POST /discord/interactions): signed by Discord
 * with Ed25519, answered in the HTTP response itself, edits and follow-ups through the
 * interaction's webhook on the fake REST API.
 */
const keys = applicationKeys();
let h: Harness;
let slow = false;

beforeAll(async () => {
  h = await startHarness({
    config: { publicKey: keys.publicKeyHex },
    timings: { deferAfterMs: 300 },
    answer: (handle) => async (message) => {
      if (slow && message.text.includes('slow')) await new Promise((resolve) => setTimeout(resolve, 600));
      return handle(message);
    },
  });
});
afterAll(() => h?.close());

function post(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${h.httpBase}/discord/interactions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

const signed = (payload: unknown) => {
  const body = JSON.stringify(payload);
  return post(body, discordSignatureHeaders(keys.privateKey, body));
};

describe('signatures', () => {
  test('PING, validly signed, gets PONG (how Discord checks the URL when it is saved)', async () => {
    const res = await signed({ id: '1', type: 1, token: 'x', application_id: WORLD.appId, version: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  test('forged, stale and missing signatures get 401, and nothing is answered', async () => {
    const since = h.rest.calls.length;
    const body = JSON.stringify(slashCommand({ question: 'imap port?' }));
    const forged = discordSignatureHeaders(applicationKeys().privateKey, body);
    const stale = discordSignatureHeaders(keys.privateKey, body, Math.floor(Date.now() / 1000) - 600);
    const tampered = discordSignatureHeaders(keys.privateKey, body.replace('imap', 'smtp'));
    for (const headers of [forged, stale, tampered, {}]) expect((await post(body, headers)).status).toBe(401);
    expect((await post(JSON.stringify({ type: 1 }), {})).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.rest.calls.slice(since)).toEqual([]);
  });
});

describe('answers over HTTP', () => {
  test('/mailconfig: the answer is the HTTP response (type 4), private, pinging nobody', async () => {
    const res = await signed(slashCommand({ question: 'quel port pour imap ?' }, { locale: 'fr' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(visibleText(body)).toContain('993');
    expect(buttonsOf(body).map((b) => b.custom_id)).toContain('share');
  });

  test('a slow answer is deferred in the response (type 5), then edited in through the webhook', async () => {
    slow = true;
    try {
      const interaction = slashCommand({ question: 'slow smtp port?' });
      const since = h.rest.calls.length;
      const res = await signed(interaction);
      expect(((await res.json()) as any).type).toBe(5);
      const edit = await h.rest.waitFor(webhookOf(interaction, 'PATCH'), since);
      expect(edit.path).toBe(`/webhooks/${WORLD.appId}/${interaction.token}/messages/@original`);
      expect(visibleText(edit.body)).toContain('465');
    } finally {
      slow = false;
    }
  });

  test('autocomplete (type 8) and a button on a private answer (type 7, in place)', async () => {
    const choices = (await (await signed(autocomplete('imap'))).json()) as any;
    expect(choices.type).toBe(8);
    expect(choices.data.choices.length).toBeGreaterThan(0);
    const click = buttonClick('ask:u:mc1|en|encryption', { flags: 64 });
    const update = (await (await signed(click)).json()) as any;
    expect(update.type).toBe(7);
    expect(visibleText(update).length).toBeGreaterThan(20);
  });

  test('"Show to channel" reposts the clicked answer publicly, read from the clicked message', async () => {
    const embeds = [{ title: 'Ports', description: 'IMAP 993' }];
    const res = (await (await signed(buttonClick('share', { embeds, flags: 64 }))).json()) as any;
    expect(res).toEqual({ type: 4, data: { embeds, allowed_mentions: { parse: [], replied_user: false } } });
  });

  test('a body that is not an interaction gets 400', async () => {
    expect((await signed({ type: 2 })).status).toBe(400);
  });
});
