import { parseArgs, runAsk } from '../src/cli';
import { CheckWorld } from './diagnostics/harness/check-world';
import { recordingOpener, TEST_TIMEOUTS } from './diagnostics/harness';
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

describe('npm run ask: a domain check runs like on any platform', () => {
  let world: CheckWorld;
  beforeAll(async () => {
    world = await CheckWorld.start();
  });
  afterAll(() => world.close());

  async function askWorld(argv: string[], stdin = inputOf([], true), extraEnv: Record<string, string> = {}) {
    const stdout = new Capture();
    const stderr = new Capture();
    const { open, attempts } = recordingOpener();
    const env = { ...world.environment(), LOG_LEVEL: 'silent', ...extraEnv };
    const code = await runAsk({ argv, stdin, stdout, stderr, env }, { openSocket: open, timeouts: TEST_TIMEOUTS });
    return { code, out: stdout.text, attempts };
  }

  test('--json "check bob@broken.test": intent diagnose, and the reply carries the check lines', async () => {
    const { code, out, attempts } = await askWorld(['--json', '--lang', 'en', 'check bob@broken.test']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ lang: 'en', intent: 'diagnose', entities: { email: 'bob@broken.test', domain: 'broken.test' } });
    expect(json.reply.title).toBe('Check of broken.test');
    expect(json.reply.checks.find((c: { id: string }) => c.id === 'mx')).toMatchObject({ status: 'fail' });
    expect(json.text).toContain('❌ broken.test has no MX record');
    expect(attempts.length).toBe(3);
  });

  test('batch lines run their checks too; with DIAGNOSTICS_ENABLED=false, the support contact instead', async () => {
    const { out } = await askWorld([], inputOf(['vérifie mon domaine good.test', 'imap port?']));
    const [check, port] = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(check.intent).toBe('diagnose');
    expect(check.reply.checks).toHaveLength(8);
    expect(port.intent).toBe('ports');
    const off = await askWorld(['check good.test'], inputOf([], true), { DIAGNOSTICS_ENABLED: 'false' });
    expect(off.out).toContain('support@example.com');
    expect(off.attempts).toEqual([]);
  });
});
