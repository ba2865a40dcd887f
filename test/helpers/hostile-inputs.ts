/**
 * Generates hostile and odd inputs, deterministically (seeded), for the fuzz tests: what a
 * public Discord server or a shared Slack workspace will eventually send.
 */
export function* hostileInputs(count: number, seed = 42): Generator<string> {
  let state = seed >>> 0;
  const random = () => {
    // xorshift32: fast, seedable, good enough to vary inputs.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const fixed = [
    '', ' ', '\t\n  \n', '\u0000', '\u200b\u200b', '\u202eimap port', '\u200f\u200e?', '\ud800', '\udfff', 'a\ud800b',
    '😀😀😀 imap?', '<!channel> port smtp', '<!here|here>', '<!everyone>', '<@U12345> help', '<#C123|general>',
    '@everyone imap', '@here port', '<@&123456789012345678> ping', '<@!123456789012345678>', '||spoiler||', '```code```',
    '<script>alert(1)</script>', '"; DROP TABLE users; --', "' OR 1=1 --", '%s%s%s%n', '{{constructor.constructor("x")()}}',
    '${process.exit()}', '$t(common.button.more)', '{"json": true, "port": 993}', '[[{{}}]]', 'x'.repeat(100_000),
    'port '.repeat(5000), 'é'.repeat(3000), 'alice@@exemple..fr', '@', '@@@@', 'a@b', 'bob@localhost', 'x@y.z',
    'mail.', '.com', 'constructor', '__proto__ port', 'toString hasOwnProperty valueOf', 'my password is P@ssw0rd!',
    'a-'.repeat(10_000), 'x'.repeat(300) + '@example.com iphone profile', 'http://evil.example/<!channel>', '&lt;!channel&gt;', '&amp;&amp;', '<>&"\'', 'mailto:a@b.co',
  ];
  const fragments = [
    'imap', 'port', 'smtp', 'outlook', 'iphone', 'mot de passe', 'password', 'alice@exemple.fr', 'bob@acme.org', 'ssl',
    '<!channel>', '@everyone', '<@U999>', '<@&42>', '<#C1>', '*bold*', '_it_', '~s~', '> quote', '\n', '\r\n', '\t',
    '0x800CCC0E', '535', '993', '465', 'et pour pop ?', 'and for POP?', '😀', '\u200b', '\u202e', '\ud83d', 'ﷺ', 'ア',
    '%d', '%n', '{{x}}', '${x}', '<b>', '</b>', '&', '<', '>', '"', "'", '\\', '/', 'null', 'undefined', 'NaN',
  ];
  for (const item of fixed) yield item;
  for (let i = fixed.length; i < count; i++) {
    const parts = Math.floor(random() * 12);
    let text = '';
    for (let j = 0; j < parts; j++) text += (random() < 0.5 ? ' ' : '') + pick(fragments);
    if (random() < 0.1) text += String.fromCharCode(Math.floor(random() * 0xffff));
    if (random() < 0.02) text = text.repeat(200);
    yield text;
  }
}
