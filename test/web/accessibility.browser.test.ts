import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { ask, freePort, greeted, hostPage, launchChromium, startBot, TestSite, widget } from './browser';

/**
 * Accessibility and layout of the open widget in a real browser: axe-core scans, 200% zoom, a
 * 360-px phone, light and dark schemes, reduced motion; and the screenshots for the docs.
 */
const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'webchat');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let bot: Awaited<ReturnType<typeof startBot>>;
const site = new TestSite();
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await site.start();
  bot = await startBot(await freePort(), { WEBCHAT_ALLOWED_ORIGINS: site.origin });
  site.pages.set('/en', hostPage(bot.base, { lang: 'en', data: 'data-open' }));
  site.pages.set('/fr', hostPage(bot.base, { lang: 'fr', data: 'data-open' }));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await bot?.app.stop();
  await site.close();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function visit(pathname: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(site.url(pathname));
  await greeted(page);
  return page;
}

/** axe-core's violations of impact serious or critical, in and around the widget. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(() => (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] }).then((r: any) => r.violations))) as Array<{
    id: string;
    impact: string;
    nodes: Array<{ target: unknown; failureSummary: string }>;
  }>;
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join('; ')}`);
}

describe.each(['light', 'dark'] as const)('axe-core on the open widget, %s scheme', (scheme) => {
  test('no serious or critical violation, with fields, copy buttons, chips, a handoff button and a longer part opened', async () => {
    const page = await visit('/en', { colorScheme: scheme });
    await ask(page, 'all settings for alice@example.com');
    const fault = await ask(page, 'Outlook cannot send my mail, error 0x800CCC0E');
    await fault.getByRole('button', { name: 'More checks' }).click();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test('screen readers: a polite log of answers, labelled controls, each line says who speaks', async () => {
  const page = await visit('/en');
  const log = page.locator('mailconfig-chat [role=log]');
  expect(await log.getAttribute('aria-live')).toBe('polite');
  expect(await log.getAttribute('aria-label')).toBe('Conversation with the email settings assistant');
  expect(await page.getByRole('dialog', { name: 'Email settings help' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Close the chat' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(1);
  expect(await page.getByRole('button', { name: /Chat with our assistant/ }).getAttribute('aria-expanded')).toBe('true');
  await ask(page, 'IMAP port?');
  expect(await widget(page).answers.last().locator('.sr-only').first().textContent()).toBe('Assistant: ');
  expect(await page.locator('mailconfig-chat li.user .sr-only').first().textContent()).toBe('You: ');
});

test('200% zoom: the panel fits the window, nothing scrolls sideways, the message box stays in view', async () => {
  // 200% zoom of a 1280×800 window is a 640×400 CSS-pixel viewport at twice the pixel density.
  const page = await visit('/en', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  await ask(page, 'all settings for alice@example.com');
  const layout = await page.locator('mailconfig-chat .panel').evaluate((panel) => {
    const root = panel.getRootNode() as any;
    const box = panel.getBoundingClientRect();
    const input = root.querySelector('textarea').getBoundingClientRect();
    const log = root.querySelector('.log');
    return { left: box.left, top: box.top, right: box.right, bottom: box.bottom, inputBottom: input.bottom, sideways: log.scrollWidth - log.clientWidth };
  });
  expect(layout.left).toBeGreaterThanOrEqual(0);
  expect(layout.top).toBeGreaterThanOrEqual(0);
  expect(layout.right).toBeLessThanOrEqual(640);
  expect(layout.bottom).toBeLessThanOrEqual(400);
  expect(layout.inputBottom).toBeLessThanOrEqual(400);
  expect(layout.sideways).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'zoom-200-en.png') });
});

test('a 360-px phone: the chat takes the screen, long values wrap, nothing scrolls sideways', async () => {
  const page = await visit('/fr', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await ask(page, 'tous les paramètres pour jean-christophe.dupont-martin@une-entreprise-au-nom-long.fr');
  const layout = await page.locator('mailconfig-chat .panel').evaluate((panel) => {
    const root = panel.getRootNode() as any;
    const box = panel.getBoundingClientRect();
    const log = root.querySelector('.log');
    return { width: box.width, left: box.left, sideways: log.scrollWidth - log.clientWidth, pageSideways: (globalThis as any).document.documentElement.scrollWidth - 360 };
  });
  expect(layout).toEqual({ width: 360, left: 0, sideways: 0, pageSideways: 0 });
  // Touch targets of at least 24 px (WCAG 2.2 AA), most of them 32 px or more.
  const small = await page.locator('mailconfig-chat button').evaluateAll((buttons) =>
    buttons.filter((b) => (b as any).offsetParent !== null).filter((b) => b.getBoundingClientRect().height < 24 || b.getBoundingClientRect().width < 24).length,
  );
  expect(small).toBe(0);
});

test('reduced motion: the panel does not slide in and the typing dots do not pulse', async () => {
  const page = await visit('/en', { reducedMotion: 'reduce' });
  const animations = await page.locator('mailconfig-chat .panel').evaluate((panel) => {
    const root = panel.getRootNode() as any;
    const get = (el: unknown) => (globalThis as any).getComputedStyle(el).animationName;
    return [get(panel), get(root.querySelector('.typing span'))];
  });
  expect(animations).toEqual(['none', 'none']);
  const moving = await visit('/en');
  expect(await moving.locator('mailconfig-chat .panel').evaluate((panel) => (globalThis as any).getComputedStyle(panel).animationName)).toBe('rise');
});

describe('screenshots for the docs (test-results/webchat/)', () => {
  const cases = [
    { device: 'desktop', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false },
    { device: 'phone', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true },
  ] as const;
  for (const { device, viewport, deviceScaleFactor, isMobile } of cases) {
    for (const scheme of ['light', 'dark'] as const) {
      for (const lang of ['en', 'fr'] as const) {
        test(`${device}, ${scheme}, ${lang}`, async () => {
          // The bot's own /chat page, as a newcomer sees it.
          const context = await browser.newContext({ viewport, deviceScaleFactor, isMobile, hasTouch: isMobile, colorScheme: scheme, reducedMotion: 'reduce' });
          contexts.push(context);
          const page = await context.newPage();
          await page.goto(`${bot.base}/chat?lang=${lang}`);
          await greeted(page);
          const answer = await ask(page, lang === 'fr' ? 'réglages Thunderbird pour alice@exemple.fr' : 'Thunderbird settings for alice@example.com');
          // The answer from its title down: the values with their copy buttons, then the rest.
          await answer.evaluate((item) => {
            const log = item.closest('.log')!;
            log.scrollTop += item.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
          });
          await page.screenshot({ path: path.join(SCREENSHOTS, `${device}-${scheme}-${lang}.png`) });
        });
      }
    }
  }
});
