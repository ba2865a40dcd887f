import { decodeChoice, encodeChoice } from '../../src/core/choices';
import { ContextStore } from '../../src/core/context-store';
import { redact } from '../../src/core/redact';
import { editDistance, FuzzyCorrector } from '../../src/core/understanding/fuzzy';
import { normalise } from '../../src/core/understanding/normalise';
import { createTestBot, inbound } from '../helpers/bot';

describe('typo correction', () => {
  test('counts a swap of two letters as one edit', () => {
    expect(editDistance('thunderbrid', 'thunderbird', 2)).toBe(1);
    expect(editDistance('smpt', 'smtp', 1)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  test('corrects towards the vocabulary only, and gives up on ties', () => {
    const fix = new FuzzyCorrector(['outlook', 'thunderbird', 'serveur', 'servers']);
    expect(fix.correct('outlok')).toBe('outlook');
    expect(fix.correct('serveru')).toBe('serveur');
    expect(fix.correct('zzzzzz')).toBeNull();
  });

  test('normalises accents, SMS shorthand, glued elisions and typos', () => {
    expect(normalise('C koi le PARAMÈTRE du serveur dentrée ?').tokens).toEqual(['c', 'quoi', 'le', 'parametre', 'du', 'serveur', 'd', 'entree']);
    expect(normalise("thunderbrid can't send").text).toBe(' thunderbird can not send ');
  });

  test('reads an IP address as an address, keeps a port after it, and leaves times and versions alone', () => {
    expect(normalise('check [::1]').text).toBe(' check addr ');
    expect(normalise('smtp server 10.0.0.2:587 fails').text).toBe(' smtp server addr 587 fails ');
    expect(normalise('teste 2001:db8::25 stp').tokens).toEqual(['teste', 'addr', 'svp']);
    expect(normalise('rdv à 10:30:00').text).toBe(' rdv a 10 30 00 ');
    expect(normalise('code 5.7.1').text).toBe(' code 5 7 1 ');
  });

  test('survives control characters, lone surrogates and huge input', () => {
    expect(() => normalise('\u0000\ud800imap\u200b\u202e port')).not.toThrow();
    expect(normalise('port '.repeat(50_000)).tokens.length).toBeLessThanOrEqual(120);
  });
});

describe('suggestion choices', () => {
  test('round-trip and reject forgeries', () => {
    const value = encodeChoice({ lang: 'fr', intent: 'client_setup', client: 'ios_mail', protocol: 'pop3' });
    expect(value.length).toBeLessThan(100);
    expect(decodeChoice(value)).toEqual({ lang: 'fr', intent: 'client_setup', client: 'ios_mail', protocol: 'pop3' });
    expect(decodeChoice('mc1|fr|drop_tables')).toBeNull();
    expect(decodeChoice('mc1|en|ports|c=<script>')).toBeNull();
    expect(decodeChoice(undefined)).toBeNull();
  });
});

describe('conversation memory', () => {
  const state = { lang: 'fr' as const, intent: 'ports' as const, entities: {}, turns: [] };

  test('forgets after its time-to-live', () => {
    let now = 0;
    const store = new ContextStore({ ttlMs: 1000, maxEntries: 10, now: () => now });
    store.set('a', state);
    now = 999;
    expect(store.get('a')).toBeDefined();
    now = 2000;
    expect(store.get('a')).toBeUndefined();
  });

  test('stays bounded, forgetting the least recently active first', () => {
    const store = new ContextStore({ ttlMs: 60_000, maxEntries: 3 });
    for (const id of ['a', 'b', 'c']) store.set(id, state);
    store.set('a', state);
    store.set('d', state);
    expect(store.size).toBe(3);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
  });
});

describe('redaction', () => {
  test.each([
    ['my password is hunter22', 'my password is [redacted]'],
    ['mot de passe : Sup3rS3cret!', 'mot de passe : [redacted]'],
    ['mdp Azerty123', 'mdp [redacted]'],
    ['token xoxb-1234-5678-abcdefghijkl here', 'token [redacted] here'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  test('leaves ordinary sentences about passwords alone', () => {
    for (const text of ['password rejected on iphone', 'mot de passe refusé', 'le mot de passe ne marche pas', 'which password for smtp']) {
      expect(redact(text)).toBe(text);
    }
  });
});

describe('one step of a conversation', () => {
  test('respond keeps nothing: the caller remembers what it returns, and the next step continues from it', () => {
    const bot = createTestBot();
    const first = bot.respond(inbound('imap port for alice@example.com?'), undefined);
    expect(bot.memory.size).toBe(0);
    expect(first.next).toMatchObject({ lang: 'en', intent: 'ports', entities: { domain: 'example.com' } });
    const second = bot.respond(inbound('and for POP?'), first.next);
    expect(second.understanding).toMatchObject({ intent: 'ports', entities: { protocol: 'pop3', domain: 'example.com' } });
    expect(second.next?.turns.map((t) => t.intent)).toEqual(['ports', 'ports']);
  });

  test('a message too long to read leaves the conversation as it was', () => {
    expect(createTestBot().respond(inbound('x'.repeat(2001)), undefined).next).toBeUndefined();
  });
});
