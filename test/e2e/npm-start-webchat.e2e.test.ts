import { BotProcess } from './bot-process';

/**
 * The README's first command with nothing configured: the console chat, and the web chat at the
 * address it prints, usable without any token.
 */
test('npm start with no configuration: the console chat, and /chat at the printed address', async () => {
  const bot = new BotProcess({});
  try {
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no web chat address printed:\n${bot.stderr}`)), 20_000);
      const look = () => {
        const found = /^Web chat: (http:\/\/localhost:\d+\/chat)$/m.exec(bot.stderr);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      };
      bot.child.stderr.on('data', look);
      bot.child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${bot.stderr}`)));
    });
    const base = address.replace('localhost', '127.0.0.1').replace(/\/chat$/, '');
    const page = await fetch(`${base}/chat`, { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/chat/widget.js" defer data-open></script>');
    expect((await fetch(`${base}/chat/widget.js`)).status).toBe(200);
    const answer = await fetch(`${base}/chat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ text: 'IMAP port?' }) });
    expect(JSON.stringify(await answer.json())).toContain('993');

    // The console chat still answers in the terminal.
    bot.child.stdin.write('smtp port?\n');
    await new Promise<void>((resolve) => {
      const check = () => bot.stdout.includes('465') && resolve();
      bot.child.stdout.on('data', check);
      check();
    });
  } finally {
    bot.child.kill('SIGTERM');
    expect(await bot.exited()).toBe(0);
  }
}, 40_000);
