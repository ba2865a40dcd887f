import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestBot, ask } from './helpers/bot';

interface Turn {
  user: string;
  contains: string[];
  excludes: string[];
  intent?: string;
  line: number;
}

/** Splits a transcript file into conversations (separated by blank lines) of user turns with expectations. */
function parse(text: string): Turn[][] {
  const conversations: Turn[][] = [];
  let current: Turn[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.startsWith('#')) return;
    if (!line.trim()) {
      if (current.length) conversations.push(current);
      current = [];
      return;
    }
    const match = /^(user|bot|bot!|intent)> ?(.*)$/.exec(line);
    if (!match) throw new Error(`line ${index + 1}: expected "user>", "bot>", "bot!>" or "intent>": ${line}`);
    const [, kind, value] = match;
    if (kind === 'user') {
      current.push({ user: value, contains: [], excludes: [], line: index + 1 });
      return;
    }
    const turn = current[current.length - 1];
    if (!turn) throw new Error(`line ${index + 1}: "${kind}>" before any "user>"`);
    if (kind === 'bot') turn.contains.push(value);
    else if (kind === 'bot!') turn.excludes.push(value);
    else turn.intent = value;
  });
  if (current.length) conversations.push(current);
  return conversations;
}

const dir = path.join(__dirname, 'transcripts');
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();

describe.each(files)('transcript %s', (file) => {
  const conversations = parse(readFileSync(path.join(dir, file), 'utf8'));
  test.each(conversations.map((c, i) => [i + 1, c] as const))('conversation %i', (_n, turns) => {
    const bot = createTestBot();
    for (const turn of turns) {
      const { understanding, text } = ask(turn.user, {}, bot);
      const where = `${file}:${turn.line} "${turn.user}"`;
      if (turn.intent) expect({ where, intent: understanding.intent }).toEqual({ where, intent: turn.intent });
      // French no-break spaces before ":;?!" are typography, not words: transcripts are written with plain spaces.
      const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').toLowerCase();
      for (const expected of turn.contains) {
        expect({ where, found: plain(text).includes(plain(expected)), expected, text }).toMatchObject({ where, found: true });
      }
      for (const banned of turn.excludes) {
        expect({ where, found: plain(text).includes(plain(banned)), banned }).toMatchObject({ where, found: false });
      }
    }
  });
});

test('there are transcripts in both languages for every topic', () => {
  for (const lang of ['fr', 'en']) {
    const topics = files.filter((f) => f.endsWith(`.${lang}.txt`)).map((f) => f.replace(`.${lang}.txt`, ''));
    expect(topics.sort()).toEqual(['answers', 'conversations', 'greetings', 'guides', 'ports-and-servers', 'protocol-choice', 'security-and-login', 'setup-files', 'troubleshooting', 'understanding']);
  }
});
