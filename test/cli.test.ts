import { parseArgs, runAsk } from '../src/cli';
import { Capture, inputOf } from './helpers/streams';

async function ask(argv: string[], stdin = inputOf([], true)) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runAsk({ argv, stdin, stdout, stderr });
  return { code, out: stdout.text, err: stderr.text };
}

describe('npm run ask', () => {
  test('answers one question in the language it was asked in', async () => {
    const { code, out } = await ask(['Outlook port?']);
    expect(code).toBe(0);
    expect(out).toContain('993');
    expect(out).toContain('465');
    expect(out).toContain('In Outlook');
  });

  test('--json prints the stable fields', async () => {
    const { out } = await ask(['--json', 'quel serveur sortant pour alice@exemple.fr']);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['lang', 'intent', 'confidence', 'entities', 'reply', 'text']);
    expect(json).toMatchObject({ lang: 'fr', intent: 'outgoing_server', entities: { email: 'alice@exemple.fr', domain: 'exemple.fr' } });
    expect(json.confidence).toBeGreaterThan(0.5);
    expect(json.reply.paragraphs[0]).toContain('mail.exemple.fr, port 465, SSL/TLS');
    expect(json.text).toContain('mail.exemple.fr');
  });

  test('--lang forces the language and --email personalises', async () => {
    const { out } = await ask(['--lang', 'en', '--email', 'bob@acme.org', 'serveur entrant ?']);
    expect(out).toContain('Incoming mail server');
    expect(out).toContain('mail.acme.org');
  });

  test('reads one question per line from a pipe and writes one JSON line each, in order', async () => {
    const { code, out } = await ask([], inputOf(['POP ou IMAP ?', '', 'imap port?', 'and for POP?', 'bonjour']));
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.intent)).toEqual(['protocol_choice', 'help', 'ports', 'ports', 'greeting']);
    expect(lines[3].text).toContain('995');
    expect(lines.every((l) => l.text.length > 0)).toBe(true);
  });

  test('batch lines stand alone unless they say they follow up', async () => {
    const { out } = await ask([], inputOf(['serveur sortant pour alice@exemple.fr', 'what is the incoming server?']));
    const [, second] = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(second.lang).toBe('en');
    expect(second.text).toContain('mail.yourdomain.tld');
  });

  test.each([
    [['--lang', 'de', 'hello'], '--lang must be fr or en'],
    [['--email', 'not-an-address', 'hello'], 'is not a valid email address'],
    [['--frobnicate', 'hello'], 'unknown option --frobnicate'],
    [['--lang'], '--lang needs a value'],
  ])('usage error %j exits 2 and says what is wrong', async (argv, message) => {
    const { code, err, out } = await ask(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('usage:');
    expect(out).toBe('');
  });

  test('no question at a terminal is a usage error', async () => {
    const { code, err } = await ask([]);
    expect(code).toBe(2);
    expect(err).toContain('give a question');
  });

  test('parses --opt=value forms', () => {
    expect(parseArgs(['--lang=en', '--email=a@b.co', 'x'])).toEqual({ json: false, explain: false, lang: 'en', email: 'a@b.co', question: 'x' });
  });
});
