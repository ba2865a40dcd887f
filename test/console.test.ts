import { ConsoleAdapter } from '../src/adapters/console/console-adapter';
import { createTestBot } from './helpers/bot';
import { Capture, inputOf, terminalInput } from './helpers/streams';

function consoleFor(options: Pick<ConstructorParameters<typeof ConsoleAdapter>[0], 'input' | 'output' | 'defaultLang'>) {
  const bot = createTestBot();
  return new ConsoleAdapter({ ...options, answer: (m) => bot.handle(m), translations: bot.translations });
}

describe('console chat', () => {
  test('with piped input, answers each line and finishes at the end of input', async () => {
    const output = new Capture();
    const chat = consoleFor({
      input: inputOf(['POP ou IMAP ?', 'what port for Outlook?', 'quel serveur sortant pour alice@exemple.fr', 'how do I set up my iPhone', 'et pour POP ?']),
      output,
      defaultLang: 'fr',
    });
    await chat.start();
    await chat.finished;
    const answers = output.text.trim().split(/\n\n(?=\S[^\n]*\n\n)/);
    expect(output.text).toContain('Dans le doute');
    expect(output.text).toContain('In Outlook');
    expect(output.text).toContain('mail.exemple.fr · port 465');
    expect(output.text).toContain('Set up Mail on iPhone or iPad');
    // The follow-up keeps the iPhone and the address, switches to POP3 and to French.
    expect(output.text).toContain('Ce guide utilise POP3');
    expect(output.text).toContain('Port du serveur 995');
    // French typography, links included: a no-break space before the colon.
    expect(output.text).toMatch(/^- Aide e-mail de .+\u00a0: https:\/\//m);
    expect(output.text).toMatch(/^- .+ email help: https:\/\//m);
    expect(answers.length).toBeGreaterThan(4);
    expect(chat.isReady()).toBe(false);
  });

  test('in a terminal, prompts, picks a numbered suggestion, and quits', async () => {
    const input = terminalInput();
    const output = new Capture();
    const chat = consoleFor({ input, output, defaultLang: 'en' });
    await chat.start();
    expect(output.text).toContain('Ask me about your email settings');
    input.write('hello\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(output.text).toContain('[1] POP or IMAP?');
    input.write('1\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(output.text).toContain('IMAP: your mail app stays synchronised');
    input.write('quit\n');
    await chat.finished;
  });
});

test('console chat: a reader that goes away (a closed pipe) ends the chat quietly, without an uncaught error', async () => {
  const { Writable } = await import('node:stream');
  const closedPipe = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  });
  const chat = consoleFor({ input: inputOf(['POP ou IMAP ?', 'Outlook port?', 'smtp ?']), output: closedPipe, defaultLang: 'fr' });
  await chat.start();
  await expect(chat.finished).resolves.toBeUndefined();
  expect(chat.isReady()).toBe(false);
});
