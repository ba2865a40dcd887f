import { escapeMarkdown, truncate } from '../../../src/adapters/discord/text';
import { splitText } from '../../../src/adapters/text';

describe('escapeMarkdown', () => {
  test('an address with underscores shows as typed, not in italics', () => {
    expect(escapeMarkdown('alice_smith_pro@example.com')).toBe('alice\\_smith\\_pro@example.com');
  });

  test('bold, spoilers, code and masked links from user text stay literal', () => {
    expect(escapeMarkdown('**x** ||y|| `z` [click](http://evil.example)')).toBe('\\*\\*x\\*\\* \\|\\|y\\|\\| \\`z\\` \\[click\\](http://evil.example)');
  });

  test('headings, quotes and lists at the start of a line stay literal', () => {
    expect(escapeMarkdown('# big\n> quote\n- item\n1. first')).toBe('\\# big\n\\> quote\n\\- item\n1\\. first');
  });

  test('web addresses are left intact so they stay clickable', () => {
    const text = 'See https://support.example.com/kb/imap_settings_v2, then retry.';
    expect(escapeMarkdown(text)).toBe(text);
  });
});

describe('splitText', () => {
  const words = Array.from({ length: 900 }, (_, i) => `word${i}`);

  test('pieces respect the limit and together keep every word, in order', () => {
    const text = words.join(' ');
    const pieces = splitText(text, 1000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(1000);
    expect(pieces.join(' ').split(/\s+/)).toEqual(words);
  });

  test('prefers line breaks', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const pieces = splitText(lines.join('\n'), 500);
    for (const piece of pieces) expect(piece.split('\n').every((line) => lines.includes(line))).toBe(true);
  });

  test('a single enormous word is cut anywhere, without separating an escape from its character', () => {
    const pieces = splitText(`${'a'.repeat(9)}\\_${'b'.repeat(20)}`, 10);
    expect(pieces[0]).toBe('a'.repeat(9));
    expect(pieces.join('')).toBe(`${'a'.repeat(9)}\\_${'b'.repeat(20)}`);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(10);
  });

  test('short text is one piece', () => {
    expect(splitText('hello', 10)).toEqual(['hello']);
  });
});

test('truncate marks a cut with an ellipsis and leaves short text alone', () => {
  expect(truncate('abcdefghij', 5)).toBe('abcd…');
  expect(truncate('abc', 5)).toBe('abc');
});
