import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { FakeSlackWebApi } from '../fakes/slack-web-api';
import { parsePlistWithPackage } from '../setup-files/helpers';
import { ask, freePort, greeted, hostPage, launchChromium, startBot, TestSite, widget } from './browser';

/**
 * The widget in a real browser (headless Chromium), embedded by a page of another origin, talking
 * to the bot as `npm start` wires it. One browser for the file; a fresh context (own storage) per test.
 */
let browser: Browser;
let bot: Awaited<ReturnType<typeof startBot>>;
let port: number;
const site = new TestSite();
const otherSite = new TestSite();
const contexts: BrowserContext[] = [];
/** Every dialog (alert, confirm…) any page opened: hostile text must never open one. */
const dialogs: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  port = await freePort();
  await Promise.all([site.start(), otherSite.start()]);
  bot = await startBot(port, { WEBCHAT_ALLOWED_ORIGINS: site.origin });
  for (const [pathname, lang] of [['/en', 'en'], ['/fr', 'fr']] as const) site.pages.set(pathname, hostPage(bot.base, { lang, data: 'data-open' }));
  site.pages.set('/closed', hostPage(bot.base, { lang: 'en' }));
  site.pages.set('/fr-page-en-widget', hostPage(bot.base, { lang: 'fr', data: 'data-open data-lang="en"' }));
  site.pages.set('/no-lang', hostPage(bot.base, { data: 'data-open' }));
  site.pages.set(
    '/hostile-css',
    hostPage(bot.base, {
      lang: 'en',
      data: 'data-open data-color="#ffd200" data-position="bottom-left"',
      head: '<style>* { color: red !important; font-size: 40px !important; line-height: 3 !important; } button { display: none !important; } li { list-style: square !important; background: lime !important; } html { font-size: 8px; }</style>',
    }),
  );
  otherSite.pages.set('/en', hostPage(bot.base, { lang: 'en', data: 'data-open' }));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.app.stop();
  await Promise.all([site.close(), otherSite.close()]);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function visit(url: string, options: BrowserContextOptions = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...options });
  contexts.push(context);
  const page = await context.newPage();
  watch(page);
  await page.goto(url);
  return { page, context };
}

function watch(page: Page): void {
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
}

test('English page: a greeting with chips, then "IMAP port?" gets 993; each answer is one item of the message list', async () => {
  const { page } = await visit(site.url('/en'));
  await greeted(page);
  const w = widget(page);
  expect(await w.answers.first().locator('.chip').count()).toBeGreaterThan(1);
  const answer = await ask(page, 'IMAP port?');
  expect(await answer.textContent()).toContain('993');
  expect(await answer.getAttribute('lang')).toBe('en');
  expect(await w.answers.count()).toBe(2);
  expect(await w.userLines.allTextContents()).toEqual(['IMAP port?']);
  // The message box's accessible name says what to type.
  expect(await page.getByRole('textbox', { name: /question about your email settings, for example: IMAP port/ }).count()).toBe(1);
  expect(await w.typing.isHidden()).toBe(true);
});

test('French page, French answer; the message\'s own language still wins', async () => {
  const { page } = await visit(site.url('/fr'), { locale: 'en-US' });
  await greeted(page);
  expect(await widget(page).answers.first().getAttribute('lang')).toBe('fr');
  expect(await page.getByRole('button', { name: 'Envoyer' }).count()).toBe(1);
  const answer = await ask(page, 'quel est le port IMAP ?');
  expect(await answer.getAttribute('lang')).toBe('fr');
  expect(await answer.textContent()).toContain('993, en SSL/TLS');
  const english = await ask(page, 'what is the smtp server for bob@acme.org?');
  expect(await english.getAttribute('lang')).toBe('en');
  expect(await english.textContent()).toContain('mail.acme.org, port 465');
});

test('language: the widget\'s lang beats the page\'s; without either, the browser\'s; without any, DEFAULT_LANG', async () => {
  const cases: Array<[string, string, string]> = [
    ['/fr-page-en-widget', 'fr-FR', 'en'],
    ['/no-lang', 'en-GB', 'en'],
    ['/no-lang', 'fr-CA', 'fr'],
    // No French or English anywhere: the server's DEFAULT_LANG (fr here).
    ['/no-lang', 'de-DE', 'fr'],
  ];
  for (const [pathname, locale, expected] of cases) {
    const { page } = await visit(site.url(pathname), { locale });
    await greeted(page);
    expect([pathname, locale, await widget(page).answers.first().getAttribute('lang')]).toEqual([pathname, locale, expected]);
    expect(await page.locator('mailconfig-chat .wrap').getAttribute('lang')).toBe(expected);
  }
});

test('a chip sends its label and gets its answer; "and for POP?" follows up', async () => {
  const { page } = await visit(site.url('/en'));
  await greeted(page);
  const w = widget(page);
  const chip = w.answers.first().locator('.chip').first();
  const label = (await chip.textContent())!;
  await chip.click();
  await w.answers.nth(1).waitFor();
  expect(await w.userLines.allTextContents()).toEqual([label]);
  expect(await w.answers.nth(1).locator('.title').count()).toBe(1);

  expect(await (await ask(page, 'IMAP port?')).textContent()).toContain('993');
  const followUp = await ask(page, 'and for POP?');
  expect(await followUp.textContent()).toContain('995');
});

test('the conversation survives a reload and shows in a second tab', async () => {
  const { page, context } = await visit(site.url('/en'));
  await greeted(page);
  await ask(page, 'IMAP port?');
  await page.reload();
  const w = widget(page);
  await w.answers.nth(1).waitFor();
  expect(await w.answers.count()).toBe(2);
  expect(await w.userLines.allTextContents()).toEqual(['IMAP port?']);
  // The server kept the context: a follow-up after the reload still knows the question.
  expect(await (await ask(page, 'and for POP?')).textContent()).toContain('995');

  const second = await context.newPage();
  watch(second);
  await second.goto(site.url('/en'));
  const w2 = widget(second);
  await w2.answers.nth(2).waitFor();
  expect(await w2.userLines.allTextContents()).toEqual(['IMAP port?', 'and for POP?']);
  // A question asked in one tab appears in the other.
  await ask(second, 'smtp port?');
  await w.answers.nth(3).waitFor();
  expect(await w.userLines.allTextContents()).toEqual(['IMAP port?', 'and for POP?', 'smtp port?']);
});

test('a copy button puts the host name on the clipboard', async () => {
  const { page, context } = await visit(site.url('/en'));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await greeted(page);
  const answer = await ask(page, 'Thunderbird settings for alice@example.com');
  await answer.getByRole('button', { name: 'Copy mail.example.com' }).first().click();
  expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe('mail.example.com');
  await answer.getByRole('button', { name: 'Copy 993' }).click();
  expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe('993');
  expect(await page.locator('mailconfig-chat [role=status]').textContent()).toBe('993 copied to the clipboard.');
  await answer.getByRole('button', { name: 'Copy alice@example.com' }).click();
  expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe('alice@example.com');
});

test('the longer part of an answer opens in place under its button, without asking the server again', async () => {
  const { page } = await visit(site.url('/en'));
  await greeted(page);
  const answer = await ask(page, 'how do I set up Thunderbird?');
  const more = answer.getByRole('button', { name: 'Show the steps' });
  const body = answer.locator('.more-body');
  expect(await more.getAttribute('aria-expanded')).toBe('false');
  expect(await body.isHidden()).toBe(true);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await more.click();
  expect(await more.getAttribute('aria-expanded')).toBe('true');
  expect(await body.isVisible()).toBe(true);
  expect(await body.locator('ol.steps li').count()).toBeGreaterThan(2);
  expect(await body.textContent()).toContain('Normal password');
  await more.click();
  expect(await body.isHidden()).toBe(true);
  expect(requests).toEqual([]);
  expect(await widget(page).answers.count()).toBe(2);
});

test('a setup-file button downloads an Apple profile that parses, with the right servers', async () => {
  const { page } = await visit(site.url('/en'), { acceptDownloads: true });
  await greeted(page);
  const answer = await ask(page, 'iPhone profile for alice@example.com');
  const button = answer.getByRole('button', { name: 'Download alice@example.com.mobileconfig' });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('alice@example.com.mobileconfig');
  const profile = parsePlistWithPackage(readFileSync((await download.path())!, 'utf8')) as { PayloadType: string; PayloadContent: Array<Record<string, unknown>> };
  expect(profile.PayloadType).toBe('Configuration');
  expect(profile.PayloadContent[0]).toMatchObject({ PayloadType: 'com.apple.mail.managed', IncomingMailServerHostName: 'mail.example.com', IncomingMailServerPortNumber: 993, OutgoingMailServerPortNumber: 465, EmailAddress: 'alice@example.com' });
});

test('"a setup file" offers this device\'s app first: the iPhone profile on an iPhone, Outlook on Windows', async () => {
  const devices: Array<[BrowserContextOptions, string]> = [
    [{ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }, 'File for iPhone / iPad'],
    [{ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36' }, 'File for Outlook'],
  ];
  for (const [device, first] of devices) {
    const { page } = await visit(site.url('/en'), device);
    await greeted(page);
    const answer = await ask(page, 'can I get a setup file?');
    expect(await answer.locator('.chip').first().textContent()).toContain(first);
  }
});

test('hostile inputs render as inert text; no dialog ever opens', async () => {
  const { page } = await visit(site.url('/en'));
  await greeted(page);
  const inputs = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(2)</script><b>bold</b>',
    'javascript:alert(3)',
    '<a href="javascript:alert(4)">click</a>',
    'مرحبا، ما هو منفذ IMAP؟ 😀👍🏽 שלום',
    '\u202eimap port 🧑‍💻',
    'x'.repeat(10_000),
  ];
  for (const text of inputs) {
    const answer = await ask(page, text);
    expect(await widget(page).userLines.last().textContent()).toBe(text);
    expect((await answer.textContent())!.length).toBeGreaterThan(10);
  }
  const shadow = await page.evaluate(() => {
    const root = (globalThis as any).document.querySelector('mailconfig-chat').shadowRoot;
    return {
      elements: root.querySelectorAll('img, script, iframe, object, embed, b').length,
      jsLinks: [...root.querySelectorAll('a')].filter((a: any) => !/^(https:|mailto:)/.test(a.href)).length,
      handlers: [...root.querySelectorAll('*')].filter((el: any) => [...el.attributes].some((attr: any) => attr.name.startsWith('on'))).length,
    };
  });
  expect(shadow).toEqual({ elements: 0, jsLinks: 0, handlers: 0 });
  // The 10,000-character message got the bot's polite "too long" notice.
  expect(await widget(page).answers.last().textContent()).toMatch(/too long|2,?000/i);
  await page.waitForTimeout(200);
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('a site not in WEBCHAT_ALLOWED_ORIGINS is refused: no answer reaches its page', async () => {
  const { page } = await visit(otherSite.url('/en'));
  const w = widget(page);
  await w.error.waitFor();
  expect(await w.error.textContent()).toContain("I can't reach the server");
  expect(await w.answers.count()).toBe(0);
  expect(bot.logs.lines.some((l) => l.event === 'webchat_origin_refused' && l.origin === otherSite.origin)).toBe(true);
});

test('the server stopped mid-conversation: a clear message and a retry that works once it is back', async () => {
  const { page } = await visit(site.url('/en'));
  await greeted(page);
  await ask(page, 'IMAP port?');
  await bot.app.stop();
  const w = widget(page);
  await w.input.fill('and for POP?');
  await w.input.press('Enter');
  await w.error.waitFor();
  expect(await w.error.getAttribute('role')).toBe('alert');
  expect(await w.error.textContent()).toContain("I can't reach the server. Check your connection, then try again.");
  expect(await w.answers.count()).toBe(2);
  // Retrying while it is still down says so again.
  await w.retry.click();
  await page.waitForTimeout(300);
  expect(await w.error.isVisible()).toBe(true);

  bot = await startBot(port, { WEBCHAT_ALLOWED_ORIGINS: site.origin });
  await w.retry.click();
  await w.answers.nth(2).waitFor();
  expect(await w.error.isHidden()).toBe(true);
  expect(await w.answers.nth(2).textContent()).toContain('POP');
  expect(await w.userLines.allTextContents()).toEqual(['IMAP port?', 'and for POP?']);
});

test('a slow answer shows the typing indicator, then the answer', async () => {
  const { page } = await visit(site.url('/en'));
  await greeted(page);
  await page.route('**/chat/api/messages', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 900));
    await route.continue();
  });
  const w = widget(page);
  await w.input.fill('IMAP port?');
  await w.input.press('Enter');
  await w.typing.waitFor({ state: 'visible' });
  await w.answers.nth(1).waitFor();
  expect(await w.typing.isHidden()).toBe(true);
});

test('keyboard only: Tab to the button, Enter opens, Shift+Enter a new line, Enter sends, Escape closes back to the button', async () => {
  const { page } = await visit(site.url('/closed'));
  const w = widget(page);
  await w.launcher.waitFor();
  expect(await w.panel.isHidden()).toBe(true);
  await page.keyboard.press('Tab');
  expect(await w.launcher.evaluate((el) => (el.getRootNode() as any).activeElement === el)).toBe(true);
  expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
  await page.keyboard.press('Enter');
  expect(await w.panel.isVisible()).toBe(true);
  expect(await w.launcher.getAttribute('aria-expanded')).toBe('true');
  expect(await w.input.evaluate((el) => (el.getRootNode() as any).activeElement === el)).toBe(true);
  await greeted(page);
  await page.keyboard.type('IMAP port?');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('and SMTP?');
  expect(await w.input.inputValue()).toBe('IMAP port?\nand SMTP?');
  await page.keyboard.press('Enter');
  await w.answers.nth(1).waitFor();
  expect(await w.userLines.last().textContent()).toBe('IMAP port?\nand SMTP?');
  expect(await w.input.inputValue()).toBe('');
  // Tab reaches the answer's controls (chips), then back to the message box.
  await page.keyboard.press('Escape');
  expect(await w.panel.isHidden()).toBe(true);
  expect(await w.launcher.evaluate((el) => (el.getRootNode() as any).activeElement === el)).toBe(true);
});

test('"Talk to a human" without a support channel shows the support contact', async () => {
  const { page } = await visit(site.url('/en'));
  await greeted(page);
  const answer = await ask(page, 'Outlook cannot send my mail, error 0x800CCC0E');
  await answer.getByRole('button', { name: 'Talk to a human' }).click();
  const contact = widget(page).answers.nth(2);
  await contact.waitFor();
  expect(await contact.textContent()).toContain('support@example.com');
  expect(await contact.getByRole('link', { name: 'support@example.com' }).getAttribute('href')).toBe('mailto:support@example.com');
});

test('"Talk to a human" with SLACK_SUPPORT_CHANNEL: the redacted case arrives in the (fake) Slack support channel once, and the visitor is told its reference', async () => {
  const slack = new FakeSlackWebApi();
  await slack.start();
  const withSlack = await startBot(await freePort(), {
    WEBCHAT_ALLOWED_ORIGINS: site.origin,
    SLACK_BOT_TOKEN: slack.behaviour.botToken,
    SLACK_SIGNING_SECRET: 'browser-test-secret',
    SLACK_API_URL: slack.apiUrl,
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
  });
  site.pages.set('/slack-support', hostPage(withSlack.base, { lang: 'en', data: 'data-open' }));
  try {
    const { page } = await visit(site.url('/slack-support'));
    await greeted(page);
    const answer = await ask(page, 'my password is Hunter22 and Outlook cannot send my mail, error 0x800CCC0E');
    await answer.getByRole('button', { name: 'Talk to a human' }).click();
    const told = widget(page).answers.nth(2);
    await told.waitFor();
    const post = await slack.nth('chat.postMessage');
    expect(post.args.channel).toBe('CSUPPORT');
    const posted = JSON.stringify(post.args);
    expect(posted).toContain('0x800CCC0E');
    expect(posted).toContain('chat web');
    expect(posted).not.toContain('Hunter22');
    const reference = /référence ([0-9A-F]{8})/.exec(posted)?.[1];
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    expect(await told.textContent()).toContain('An agent has your question');
    expect(await told.textContent()).toContain(reference);
    expect(await told.getByRole('link', { name: 'support@example.com' }).getAttribute('href')).toBe('mailto:support@example.com');
    // Once asked, the button is spent: one case per conversation.
    expect(await answer.getByRole('button', { name: 'Talk to a human' }).isDisabled()).toBe(true);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  } finally {
    await withSlack.app.stop();
    await slack.close();
  }
});

test('the host page\'s CSS cannot break the widget; brand colour and position apply', async () => {
  const { page } = await visit(site.url('/hostile-css'));
  await greeted(page);
  const w = widget(page);
  const launcher = await w.launcher.evaluate((el) => {
    const style = (globalThis as any).getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return { display: style.display, width: box.width, left: box.left, background: style.backgroundColor, color: style.color };
  });
  expect(launcher).toEqual({ display: 'flex', width: 60, left: 20, background: 'rgb(255, 210, 0)', color: 'rgb(17, 17, 17)' });
  const text = await w.answers.first().locator('p').first().evaluate((el) => {
    const style = (globalThis as any).getComputedStyle(el);
    return { color: style.color, fontSize: style.fontSize };
  });
  expect(text.color).not.toBe('rgb(255, 0, 0)');
  expect(text.fontSize).toBe('16px');
  // And the widget's styles stay inside: the page's own heading is untouched by them.
  expect(await page.locator('h1').evaluate((el) => (globalThis as any).getComputedStyle(el).color)).toBe('rgb(255, 0, 0)');
});

test('the bot\'s own /chat page works under its strict Content-Security-Policy', async () => {
  const violations: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  watch(page);
  page.on('console', (message) => {
    if (message.type() === 'error') violations.push(message.text());
  });
  await page.goto(`${bot.base}/chat?lang=fr`);
  await greeted(page);
  const answer = await ask(page, 'port IMAP ?');
  expect(await answer.textContent()).toContain('993');
  // Styled (constructed style sheets are not inline styles), and nothing was blocked.
  expect(await widget(page).launcher.evaluate((el) => (globalThis as any).getComputedStyle(el).borderRadius)).toBe('50%');
  expect(violations).toEqual([]);
});

test('every part of the reply model renders, and a tampered stored conversation cannot inject a link or markup', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const stored = {
    session: 'T'.repeat(24),
    entries: [
      { from: 'user', text: 'check my domain' },
      {
        from: 'bot',
        reply: {
          lang: 'en',
          kind: 'answer',
          title: 'Domain check <b>example.com</b>',
          paragraphs: ['Two checks failed.'],
          checks: [
            { id: 'mx', status: 'ok', text: 'MX points to mail.example.com' },
            { id: 'imaps', status: 'fail', text: 'IMAP on 993 refused the connection' },
            { id: 'srv', status: 'toString', text: 'forged status' },
          ],
          more: { label: 'Show the steps', steps: ['Open the DNS zone', 'Add the record'], notes: ['It can take an hour.'] },
          links: [
            { label: 'evil', url: 'javascript:alert(5)' },
            { label: 'data', url: 'data:text/html,<script>alert(6)</script>' },
            { label: 'Help page', url: 'https://www.example.com/help' },
          ],
          attachments: [{ filename: 'example.com.xml', contentType: 'application/xml', body: '<clientConfig/>', encoding: 'utf8' }],
          offers: { handoff: true },
          paragraphsExtra: '<img src=x onerror=alert(7)>',
        },
      },
    ],
  };
  await context.addInitScript(
    ([key, value]) => {
      (globalThis as any).localStorage.setItem(key, value);
    },
    [`mailconfig-chat:${bot.base}`, JSON.stringify(stored)],
  );
  const page = await context.newPage();
  watch(page);
  await page.goto(site.url('/en'));
  const answer = widget(page).answers.first();
  await answer.waitFor();
  expect(await answer.locator('.title').textContent()).toBe('Domain check <b>example.com</b>');
  expect(await answer.locator('.check').allTextContents()).toEqual(['✓OK: MX points to mail.example.com', '✗Failed: IMAP on 993 refused the connection']);
  const more = answer.getByRole('button', { name: 'Show the steps' });
  expect(await more.getAttribute('aria-expanded')).toBe('false');
  expect(await answer.locator('.more-body').isHidden()).toBe(true);
  await more.click();
  expect(await more.getAttribute('aria-expanded')).toBe('true');
  expect(await answer.locator('.more-body li').allTextContents()).toEqual(['Open the DNS zone', 'Add the record']);
  expect(await answer.locator('a').evaluateAll((links) => links.map((a: any) => a.href))).toEqual(['https://www.example.com/help']);
  expect(await answer.getByRole('button', { name: 'Download example.com.xml' }).count()).toBe(1);
  expect(await answer.getByRole('button', { name: 'Talk to a human' }).count()).toBe(1);
  expect(await answer.locator('b, img').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
