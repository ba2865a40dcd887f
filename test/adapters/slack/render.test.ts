import { LIMITS } from '../../../src/adapters/slack/block-kit';
import { renderSlack, USER_PLACEHOLDER, type SlackMessage } from '../../../src/adapters/slack/render';
import type { Reply } from '../../../src/core/types';
import { buttonsOf, visibleText } from './blocks';

function reply(overrides: Partial<Reply> = {}): Reply {
  return { lang: 'en', kind: 'answer', paragraphs: ['Hello.'], ...overrides };
}

type AnyBlock = { type: string; text?: { type: string; text: string; verbatim?: boolean }; fields?: Array<{ text: string }>; elements?: Array<any> };
const blocksOf = (message: SlackMessage) => message.blocks as unknown as AnyBlock[];

/** Every text object of a message, with the limit it must respect. */
function textsWithLimits(message: SlackMessage): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const block of blocksOf(message)) {
    if (block.type === 'header') out.push([block.text!.text, LIMITS.headerText]);
    if (block.type === 'section' && block.text) out.push([block.text.text, LIMITS.sectionText]);
    for (const field of block.fields ?? []) out.push([field.text, LIMITS.fieldText]);
    for (const element of block.elements ?? []) {
      if (element.type === 'button') out.push([element.text.text, LIMITS.buttonText]);
      else out.push([element.text, LIMITS.sectionText]);
    }
  }
  return out;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('renderSlack: the parts of a reply', () => {
  const guide = reply({
    title: 'Set up Thunderbird',
    paragraphs: ['In Thunderbird, in two minutes:'],
    steps: ['Open the menu.', 'Fill in your address.'],
    fields: [
      { label: 'Incoming server (IMAP)', value: 'mail.example.com · port 993 · SSL/TLS' },
      { label: 'Outgoing server (SMTP)', value: 'mail.example.com · port 465 · SSL/TLS' },
    ],
    notes: ['Choose "Normal password".'],
    links: [{ label: 'Thunderbird help', url: 'https://support.mozilla.org/kb?a=1&b=2' }],
    suggestions: [{ label: 'Guide with POP3', choice: 'mc1|en|client_setup|c=thunderbird|p=pop3' }],
    offers: { handoff: true },
  });
  const [message] = renderSlack(guide, { handoff: { label: 'Talk to a human', value: 'en' }, share: { label: 'Share in channel', value: 'en|abc' } });
  const blocks = blocksOf(message);

  test('header, text, numbered steps, fields, notes, links and buttons, in that order', () => {
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'section', 'actions', 'actions']);
    expect(blocks[0].text).toMatchObject({ type: 'plain_text', text: 'Set up Thunderbird' });
    expect(blocks[2].text!.text).toBe('1. Open the menu.\n2. Fill in your address.');
    expect(blocks[3].fields!.map((f) => f.text)).toEqual([
      '*Incoming server (IMAP)*\nmail.example.com · port 993 · SSL/TLS',
      '*Outgoing server (SMTP)*\nmail.example.com · port 465 · SSL/TLS',
    ]);
    expect(blocks[5].text!.text).toBe('• <https://support.mozilla.org/kb?a=1&amp;b=2|Thunderbird help>');
  });

  test('suggestions carry their choice as the button value; Share and Talk to a human follow', () => {
    expect(buttonsOf(message)).toEqual([
      { label: 'Guide with POP3', actionId: 'mc_choice_0', value: 'mc1|en|client_setup|c=thunderbird|p=pop3' },
      { label: 'Share in channel', actionId: 'mc_share', value: 'en|abc' },
      { label: 'Talk to a human', actionId: 'mc_handoff', value: 'en' },
    ]);
  });

  test('always has a text fallback with the facts', () => {
    expect(message.text).toContain('Set up Thunderbird');
    expect(message.text).toContain('1. Open the menu.');
    expect(message.text).toContain('Incoming server (IMAP): mail.example.com · port 993 · SSL/TLS');
  });

  test('mrkdwn is verbatim, so Slack adds no mentions or channel links of its own', () => {
    const mrkdwn = blocks.flatMap((b) => [b.text, ...(b.fields ?? []), ...(b.elements ?? [])]).filter((t) => t && t.type === 'mrkdwn');
    expect(mrkdwn.length).toBeGreaterThan(0);
    expect(mrkdwn.every((t) => t.verbatim === true)).toBe(true);
  });

  test('Talk to a human only when the reply offers it and the adapter passes it', () => {
    const labels = (r: Reply, handoff?: { label: string; value: string }) => buttonsOf(renderSlack(r, { handoff })[0]).map((b) => b.actionId);
    expect(labels(reply({ offers: { handoff: true } }), { label: 'Talk', value: 'en' })).toEqual(['mc_handoff']);
    expect(labels(reply({ offers: { handoff: true } }))).toEqual([]);
    expect(labels(reply(), { label: 'Talk', value: 'en' })).toEqual([]);
  });

  test('uses the French colon in the French fallback', () => {
    const [fr] = renderSlack(reply({ lang: 'fr', fields: [{ label: 'Port', value: '993' }] }));
    expect(fr.text).toContain('Port : 993');
  });
});

describe('renderSlack: a domain check', () => {
  const checks: Reply['checks'] = [
    { id: 'mx', status: 'ok', text: '✅ The MX records of acme.fr point to our servers.' },
    { id: 'smtps', status: 'fail', text: '❌ Port 465 of mail.acme.fr does not answer: <open> it & retry.' },
  ];

  test('one line per check, status icon first, right after the summary and escaped', () => {
    const [message] = renderSlack(reply({ title: 'Check of acme.fr', paragraphs: ['Something is wrong.'], checks }));
    const sections = blocksOf(message).filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections).toEqual(['Something is wrong.', '✅ The MX records of acme.fr point to our servers.\n❌ Port 465 of mail.acme.fr does not answer: &lt;open&gt; it &amp; retry.']);
    expect(message.text).toContain('❌ Port 465');
  });

  test('a long report stays within section and block limits, nothing lost', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ id: `c${i}`, status: 'warn' as const, text: `⚠️ Line ${i} ${'detail '.repeat(40)}` }));
    const messages = renderSlack(reply({ checks: many }));
    for (const m of messages) for (const [text, limit] of textsWithLimits(m)) expect(text.length).toBeLessThanOrEqual(limit);
    const shown = messages.flatMap((m) => blocksOf(m).filter((b) => b.type === 'section').map((b) => b.text!.text)).join('\n');
    for (const line of many) expect(shown).toContain(line.text.trim());
  });
});

describe('renderSlack: escaping', () => {
  const hostile = '<!channel> <!here> <@U123> & <#C1|general> <https://evil.example|click>';
  const [message] = renderSlack(
    reply({
      title: hostile,
      paragraphs: [hostile],
      steps: [hostile],
      fields: [{ label: hostile, value: hostile }],
      notes: [hostile],
      links: [{ label: hostile, url: 'https://example.com/?q=<!channel>|x' }],
      suggestions: [{ label: hostile, choice: 'mc1|en|help' }],
    }),
  );
  const json = JSON.stringify(message);

  test('no piece of text can mention anyone or inject a link', () => {
    expect(json).not.toMatch(/<[!@#]/);
    // A URL typed in text may be linked, but only as itself: never behind another label.
    expect(json).not.toContain('<https://evil.example|');
    expect(message.text).not.toMatch(/<[!@#]/);
  });

  test('what was typed is still shown, escaped', () => {
    expect(visibleText(message)).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &amp;');
    // A link's URL cannot close the link early.
    expect(json).toContain('<https://example.com/?q=%3C!channel%3E%7Cx|');
  });

  test('a URL that is not http(s) or mailto is shown as text, not linked', () => {
    const [m] = renderSlack(reply({ links: [{ label: 'Run me', url: 'javascript:alert(1)' }] }));
    expect(visibleText(m)).toContain('• Run me: javascript:alert(1)');
    expect(JSON.stringify(m)).not.toContain('<javascript:');
  });

  test('only the trusted mention placeholder becomes a mention, and only for a user ID', () => {
    const r = reply({ paragraphs: [`Shared by ${USER_PLACEHOLDER}`] });
    expect(visibleText(renderSlack(r, { mentions: { [USER_PLACEHOLDER]: 'U0123ABC' } })[0])).toContain('Shared by <@U0123ABC>');
    const forged = visibleText(renderSlack(r, { mentions: { [USER_PLACEHOLDER]: '!channel>' } })[0]);
    expect(forged).not.toContain('<!channel');
  });
});

describe('renderSlack: Block Kit limits', () => {
  const longParagraph = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');

  test('a long text is split across sections at word boundaries, nothing lost', () => {
    const [message] = renderSlack(reply({ paragraphs: [longParagraph] }));
    const sections = blocksOf(message).filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(2);
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(words(sections.map((s) => s.text!.text).join(' '))).toEqual(words(longParagraph));
  });

  test('a title too long for a header becomes bold text, not cut', () => {
    const title = 'A very long title '.repeat(12).trim();
    const [message] = renderSlack(reply({ title }));
    expect(blocksOf(message)[0].type).toBe('section');
    expect(blocksOf(message)[0].text!.text).toBe(`*${title}*`);
    // Escaping counts: 31 "&" are 155 characters once escaped, too long for a header.
    expect(blocksOf(renderSlack(reply({ title: '&'.repeat(31) }))[0])[0].type).toBe('section');
    expect(blocksOf(renderSlack(reply({ title: 'x'.repeat(150) }))[0])[0].type).toBe('header');
  });

  test('button labels are shortened at a word boundary, their values untouched', () => {
    const label = 'Set up the new Outlook for Windows on a computer shared with the whole family today';
    const [message] = renderSlack(reply({ suggestions: [{ label, choice: 'mc1|en|client_setup|c=outlook_new' }] }));
    const [button] = buttonsOf(message);
    expect(button.label.length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect(button.label.endsWith('…')).toBe(true);
    expect(label.startsWith(button.label.slice(0, -1))).toBe(true);
    expect(label[button.label.length - 1]).toBe(' ');
    expect(button.value).toBe('mc1|en|client_setup|c=outlook_new');
  });

  test('at most 25 buttons per actions block, ids unique', () => {
    const suggestions = Array.from({ length: 30 }, (_, i) => ({ label: `Option ${i}`, choice: `mc1|en|help|${i}` }));
    const [message] = renderSlack(reply({ suggestions }));
    const rows = blocksOf(message).filter((b) => b.type === 'actions');
    expect(rows.map((r) => r.elements!.length)).toEqual([25, 5]);
    expect(new Set(buttonsOf(message).map((b) => b.actionId)).size).toBe(30);
  });

  test('a suggestion whose value is too long for a button is left out', () => {
    const [message] = renderSlack(reply({ suggestions: [{ label: 'Too long', choice: 'x'.repeat(LIMITS.buttonValue + 1) }, { label: 'Fine', choice: 'mc1|en|ports' }] }));
    expect(buttonsOf(message).map((b) => b.label)).toEqual(['Fine']);
  });

  test('at most 10 fields per section; a field too long for a column becomes text', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ label: `Field ${i}`, value: `value ${i}` }));
    fields.push({ label: 'Huge', value: 'long '.repeat(500).trim() });
    const [message] = renderSlack(reply({ fields }));
    const sections = blocksOf(message).filter((b) => b.type === 'section');
    expect(sections.filter((s) => s.fields).map((s) => s.fields!.length)).toEqual([10, 2]);
    const huge = sections.filter((s) => s.text?.text.startsWith('Huge:'));
    expect(huge).toHaveLength(1);
  });

  test('a reply longer than 50 blocks continues in further messages, buttons on the last, nothing lost', () => {
    const paragraphs = Array.from({ length: 70 }, (_, i) => `Paragraph ${i} ${'lorem ipsum '.repeat(230)}`);
    const messages = renderSlack(reply({ title: 'Long guide', paragraphs: [paragraphs.join('\n\n')], suggestions: [{ label: 'Ports', choice: 'mc1|en|ports' }] }));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
      for (const [text, limit] of textsWithLimits(m)) expect(text.length).toBeLessThanOrEqual(limit);
    }
    expect(messages.slice(0, -1).every((m) => buttonsOf(m).length === 0)).toBe(true);
    expect(buttonsOf(messages[messages.length - 1]).map((b) => b.label)).toEqual(['Ports']);
    const shown = messages.flatMap((m) => blocksOf(m).filter((b) => b.type === 'section').map((b) => b.text!.text)).join('\n');
    expect(words(shown)).toEqual(words(paragraphs.join('\n\n')));
  });

  test('the Home tab allows 100 blocks', () => {
    const steps = Array.from({ length: 80 }, (_, i) => `Step ${i} ${'x'.repeat(2900)}`);
    expect(renderSlack(reply({ steps }), { maxBlocks: LIMITS.blocksPerHomeView })).toHaveLength(1);
    expect(renderSlack(reply({ steps })).length).toBeGreaterThan(1);
  });

  test('an empty reply still renders a valid message', () => {
    const [message] = renderSlack(reply({ paragraphs: [] }));
    expect(message.blocks.length).toBe(1);
    expect(message.text.length).toBeGreaterThan(0);
  });
});
