import { embedSize, LIMITS, renderDiscord, safeFilename, type DiscordMessage, type DiscordRenderOptions } from '../../../src/adapters/discord/render';
import type { Reply, ReplyAttachment } from '../../../src/core/types';

const OPTIONS: DiscordRenderOptions = {
  scope: 'u',
  share: true,
  handoffAvailable: true,
  labels: { showToChannel: 'Show to channel', talkToHuman: 'Talk to a human' },
};

const GUIDE: Reply = {
  lang: 'en',
  kind: 'answer',
  title: 'Set up Thunderbird',
  paragraphs: ['In Thunderbird, about two minutes:'],
  steps: ['Open Account Settings.', 'Click Configure manually.'],
  fields: [
    { label: 'Incoming server (IMAP)', value: 'mail.example.org · port 993 · SSL/TLS' },
    { label: 'Username (your full email address)', value: 'alice_smith@example.org' },
  ],
  notes: ['Choose "Normal password".'],
  links: [{ label: 'Thunderbird: official help', url: 'https://support.mozilla.org/kb/manual' }],
  suggestions: [
    { label: 'Guide with POP3', choice: 'mc1|en|client_setup|c=thunderbird|p=pop3' },
    { label: "Something doesn't work", choice: 'mc1|en|troubleshooting|c=thunderbird' },
  ],
  offers: { handoff: true },
};

const ids = (message: DiscordMessage) => message.components.flatMap((row) => row.components.map((b) => b.custom_id));

describe('renderDiscord', () => {
  test('a guide: title, text with numbered steps, fields, then notes and links; buttons below', () => {
    const [message, ...more] = renderDiscord(GUIDE, OPTIONS);
    expect(more).toEqual([]);
    const [main, closing] = message.embeds;
    expect(main.title).toBe('Set up Thunderbird');
    expect(main.description).toBe('In Thunderbird, about two minutes:\n\n**1.** Open Account Settings.\n**2.** Click Configure manually.');
    expect(main.fields).toEqual([
      { name: 'Incoming server (IMAP)', value: 'mail.example.org · port 993 · SSL/TLS', inline: false },
      { name: 'Username (your full email address)', value: 'alice\\_smith@example.org', inline: false },
    ]);
    expect(closing.description).toBe('Choose "Normal password".\n\n• [Thunderbird: official help](https://support.mozilla.org/kb/manual)');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.components.map((row) => row.components.map((b) => [b.custom_id, b.label]))).toEqual([
      [
        ['ask:u:mc1|en|client_setup|c=thunderbird|p=pop3', 'Guide with POP3'],
        ["ask:u:mc1|en|troubleshooting|c=thunderbird", "Something doesn't work"],
      ],
      [
        ['share', 'Show to channel'],
        ['human:u', 'Talk to a human'],
      ],
    ]);
  });

  test('without fields, notes follow the text in the same embed', () => {
    const [message] = renderDiscord({ lang: 'fr', kind: 'answer', title: 'POP ou IMAP ?', paragraphs: ['IMAP.'], notes: ['Astuce.'] }, OPTIONS);
    expect(message.embeds).toEqual([expect.objectContaining({ title: 'POP ou IMAP ?', description: 'IMAP.\n\nAstuce.' })]);
  });

  test('"Talk to a human" needs both a support channel and a reply that offers it', () => {
    expect(ids(renderDiscord(GUIDE, { ...OPTIONS, handoffAvailable: false })[0])).not.toContain('human:u');
    expect(ids(renderDiscord({ ...GUIDE, offers: undefined }, OPTIONS)[0])).not.toContain('human:u');
    expect(ids(renderDiscord(GUIDE, { ...OPTIONS, scope: 'c' })[0])).toContain('human:c');
  });

  test('"Show to channel" only when asked (ephemeral answers)', () => {
    expect(ids(renderDiscord(GUIDE, { ...OPTIONS, share: false })[0])).not.toContain('share');
  });

  test('suggestion buttons carry the scope and the choice; repeated or over-long ids are left out', () => {
    const reply: Reply = {
      ...GUIDE,
      suggestions: [
        { label: 'Ports', choice: 'mc1|en|ports' },
        { label: 'Ports again', choice: 'mc1|en|ports' },
        { label: 'Too long', choice: `mc1|en|ports|${'x'.repeat(95)}` },
      ],
    };
    expect(ids(renderDiscord(reply, { ...OPTIONS, scope: 'c' })[0])).toEqual(['ask:c:mc1|en|ports', 'share', 'human:c']);
  });

  test('a reply with nothing in it still renders a valid embed', () => {
    const [message] = renderDiscord({ lang: 'en', kind: 'notice', paragraphs: [] }, { ...OPTIONS, share: false });
    expect(message.embeds).toHaveLength(1);
    expect(message.embeds[0].description).toBeTruthy();
  });
});

describe('renderDiscord: a domain check', () => {
  test('one line per check, status icon first, after the summary, markdown escaped', () => {
    const checks: Reply['checks'] = [
      { id: 'srv', status: 'ok', text: '✅ Records found: _imaps._tcp.acme.fr → mail.acme.fr:993.' },
      { id: 'mx', status: 'fail', text: '❌ acme.fr has no MX record: add one pointing to mail.acme.fr.' },
    ];
    const [message] = renderDiscord({ lang: 'en', kind: 'answer', title: 'Check of acme.fr', paragraphs: ['Something is wrong.'], checks }, OPTIONS);
    expect(message.embeds[0].description).toBe('Something is wrong.\n\n✅ Records found: \\_imaps.\\_tcp.acme.fr → mail.acme.fr:993.\n❌ acme.fr has no MX record: add one pointing to mail.acme.fr.');
  });
});

describe('renderDiscord within Discord limits', () => {
  const long = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');
  const huge: Reply = {
    lang: 'en',
    kind: 'answer',
    title: `A very long title ${long(60, 't')}`,
    paragraphs: Array.from({ length: 20 }, (_, i) => `Paragraph ${i}: ${long(60, `p${i}w`)}`),
    steps: Array.from({ length: 60 }, (_, i) => `Step ${i}: ${long(45, `s${i}w`)}`),
    fields: Array.from({ length: 40 }, (_, i) => ({ label: `Field ${i} ${i === 3 ? long(80, 'label') : ''}`.trim(), value: long(250, `f${i}v`) })),
    notes: [long(900, 'note')],
    links: [{ label: 'Help', url: 'https://www.example.com/help' }],
    suggestions: Array.from({ length: 30 }, (_, i) => ({ label: `Suggestion ${i} ${'z'.repeat(100)}`, choice: `mc1|en|ports|c=${i}` })),
    offers: { handoff: true },
    checks: Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, status: 'warn' as const, text: `⚠️ ${long(30, `k${i}w`)}` })),
  };
  const messages = renderDiscord(huge, OPTIONS);

  test('it needs several messages, each within every limit', () => {
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(message.embeds.reduce((sum, e) => sum + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.charsPerMessage);
      expect(message.allowed_mentions).toEqual({ parse: [] });
      for (const embed of message.embeds) {
        expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
        expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
        expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fieldsPerEmbed);
        for (const field of embed.fields ?? []) {
          expect(field.name.length).toBeGreaterThan(0);
          expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
          expect(field.value.length).toBeGreaterThan(0);
          expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
        }
      }
      expect(message.components.length).toBeLessThanOrEqual(LIMITS.rowsPerMessage);
      for (const row of message.components) {
        expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
        for (const button of row.components) {
          expect(button.label!.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
          expect(button.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
        }
      }
      const all = ids(message);
      expect(new Set(all).size).toBe(all.length);
    }
  });

  test('nothing is lost: every word of the reply appears somewhere', () => {
    const shown = messages
      .flatMap((m) => m.embeds)
      .flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])
      .join(' ');
    const words = (text: string) => text.split(/[\s…]+/).filter((w) => w && w !== '\u200b');
    const expected = [
      ...huge.paragraphs, ...huge.checks!.map((c) => c.text), ...huge.steps!, ...huge.fields!.flatMap((f) => [f.label, f.value]), ...huge.notes!,
    ].flatMap(words);
    const seen = new Set(words(shown));
    expect(expected.filter((w) => !seen.has(w))).toEqual([]);
    // The full title is readable even though the embed title had to be cut.
    expect(shown).toContain(huge.title);
  });

  test('buttons go on the last message; earlier parts keep "Show to channel"', () => {
    const last = messages[messages.length - 1];
    expect(ids(last)).toEqual(expect.arrayContaining(['share', 'human:u', 'ask:u:mc1|en|ports|c=0']));
    // Five rows at most: four of suggestions, one of actions.
    expect(ids(last).filter((id) => id.startsWith('ask:'))).toHaveLength(20);
    for (const earlier of messages.slice(0, -1)) expect(ids(earlier)).toEqual(['share']);
  });
});

describe('attachments', () => {
  const file = (filename: string, body: string, encoding: ReplyAttachment['encoding'] = 'utf8'): ReplyAttachment => ({ filename, contentType: 'application/xml', body, encoding });
  const SETUP: Reply = { lang: 'en', kind: 'answer', title: 'Setup file for Thunderbird', paragraphs: ['Here is the file.'], attachments: [file('acme.org.xml', '<clientConfig/>')] };

  test('go with the first message, as bytes; a personal file gets no "Show to channel"', () => {
    const [message, ...more] = renderDiscord(SETUP, OPTIONS);
    expect(more).toEqual([]);
    expect(message.files).toEqual([{ name: 'acme.org.xml', data: Buffer.from('<clientConfig/>') }]);
    expect(ids(message)).not.toContain('share');
  });

  test('base64 bodies (a signed profile) are decoded; a reply without files has no files key', () => {
    const signed = renderDiscord({ ...SETUP, attachments: [file('a.mobileconfig', Buffer.from([0x30, 0x82, 0xff]).toString('base64'), 'base64')] }, OPTIONS);
    expect(signed[0].files?.[0].data).toEqual(Buffer.from([0x30, 0x82, 0xff]));
    expect(renderDiscord({ ...SETUP, attachments: undefined }, OPTIONS)[0]).not.toHaveProperty('files');
  });

  test('more than 10 files, or more bytes than a message carries, continue on further messages; a file too large alone is left out', () => {
    const many = Array.from({ length: 23 }, (_, i) => file(`f${i}.xml`, 'x'));
    const messages = renderDiscord({ ...SETUP, attachments: many }, OPTIONS);
    expect(messages.map((m) => m.files?.length)).toEqual([10, 10, 3]);
    expect(messages[1]).toMatchObject({ embeds: [], components: [], allowed_mentions: { parse: [] } });

    const half = 'y'.repeat(LIMITS.fileBytesPerMessage / 2 + 1);
    const big = renderDiscord({ ...SETUP, attachments: [file('a', half), file('b', half), file('huge', 'z'.repeat(LIMITS.fileBytesPerMessage + 1))] }, OPTIONS);
    expect(big.map((m) => m.files?.map((f) => f.name))).toEqual([['a'], ['b']]);
    for (const message of big) expect((message.files ?? []).reduce((n, f) => n + f.data.length, 0)).toBeLessThanOrEqual(LIMITS.fileBytesPerMessage);
  });

  test('file names lose paths and control or invisible characters, and stay short', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a\u202eb\u200bc\n.xml')).toBe('a_b_c_.xml');
    expect(safeFilename('...')).toBe('file');
    const long = safeFilename(`${'n'.repeat(300)}.mobileconfig`);
    expect(long).toHaveLength(100);
    expect(long.endsWith('.mobileconfig')).toBe(true);
  });
});
