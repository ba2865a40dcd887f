import { escapedLength, escapeSlack, mrkdwnLength, shorten, splitText, toMrkdwn, unescapeSlack, wellFormed } from '../../../src/adapters/slack/text';

describe('escaping', () => {
  test('escapes exactly & < > and reverses', () => {
    const raw = `<!channel> & "quotes" 'apostrophe' > done`;
    expect(escapeSlack(raw)).toBe(`&lt;!channel&gt; &amp; "quotes" 'apostrophe' &gt; done`);
    expect(unescapeSlack(escapeSlack(raw))).toBe(raw);
    expect(escapedLength(raw)).toBe(escapeSlack(raw).length);
  });

  test('URLs in text become explicit links, without trailing punctuation', () => {
    expect(toMrkdwn('See https://example.com/help?a=1&b=2. Then <retry>.')).toBe('See <https://example.com/help?a=1&amp;b=2>. Then &lt;retry&gt;.');
    expect(mrkdwnLength('See https://example.com/x.')).toBeGreaterThanOrEqual(toMrkdwn('See https://example.com/x.').length);
  });
});

describe('splitText', () => {
  test('short text is one piece', () => {
    expect(splitText('port 993', 100)).toEqual(['port 993']);
  });

  test('never cuts a word, and every piece fits once escaped', () => {
    const text = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? 'a&b' : `mot${i}`)).join(' ');
    const pieces = splitText(text, 120);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) expect(toMrkdwn(piece).length).toBeLessThanOrEqual(120);
    expect(pieces.join(' ').split(' ')).toEqual(text.split(' '));
  });

  test('prefers a line break to a space', () => {
    const text = `${'first line words '.repeat(3).trim()}\n${'second line words '.repeat(3).trim()}`;
    expect(splitText(text, 60)).toEqual(['first line words first line words first line words', 'second line words second line words second line words']);
  });

  test('only a word longer than a whole piece is cut', () => {
    const pieces = splitText(`short ${'x'.repeat(250)} end`, 100);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(100);
    expect(pieces[0]).toBe('short');
    expect(pieces.join('')).toBe(`short${'x'.repeat(250)} end`);
  });
});

describe('shorten', () => {
  test('keeps what fits; otherwise cuts at a word boundary with an ellipsis', () => {
    expect(shorten('Ports', 75)).toBe('Ports');
    expect(shorten('Configurer application Gmail sur Android', 20)).toBe('Configurer…');
    expect(escapedLength(shorten('R&D & co & more & more', 12))).toBeLessThanOrEqual(12);
  });
});

describe('wellFormed', () => {
  test('replaces lone surrogates, keeps pairs (emoji) and everything else', () => {
    expect(wellFormed('a\ud800b \udfff end\ud83d')).toBe('a\ufffdb \ufffd end\ufffd');
    expect(wellFormed('imap 😀 port \u200b\u202e')).toBe('imap 😀 port \u200b\u202e');
  });
});
