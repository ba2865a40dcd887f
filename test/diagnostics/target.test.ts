import { parseTarget } from '../../src/diagnostics/target';

describe('what a user may ask to check', () => {
  test.each([
    ['alice@example.fr', 'example.fr'],
    ['  Bob@Example.COM ', 'example.com'],
    ['example.co.uk', 'example.co.uk'],
    ['example.fr.', 'example.fr'],
    ['café.fr', 'xn--caf-dma.fr'],
    ['a@b@shop.example', 'shop.example'],
  ])('%s → %s', (input, domain) => {
    expect(parseTarget(input)).toEqual({ ok: true, domain });
  });

  test.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['1.2.3.4', 'ip_address'],
    ['alice@1.2.3.4', 'ip_address'],
    ['alice@[10.0.0.1]', 'ip_address'],
    ['[::1]', 'ip_address'],
    ['::1', 'ip_address'],
    ['127.1', 'ip_address'],
    ['0x7f.1', 'ip_address'],
    ['2130706433', 'ip_address'],
    ['https://example.fr', 'url'],
    ['example.fr/path', 'url'],
    ['ftp://example.fr', 'url'],
    ['example.fr?x=1', 'url'],
    ['example.fr:993', 'port'],
    ['alice@example.fr:25', 'port'],
    ['mail.localhost', 'reserved_name'],
    ['localhost.localdomain', 'reserved_name'],
    ['printer.local', 'reserved_name'],
    ['metadata.google.internal', 'reserved_name'],
    ['1.0.0.127.in-addr.arpa', 'reserved_name'],
    ['localhost', 'not_a_domain'],
    ['example', 'not_a_domain'],
    ['exa mple.fr', 'not_a_domain'],
    ['-bad.fr', 'not_a_domain'],
    ['under_score.fr', 'not_a_domain'],
    ['alice@', 'not_a_domain'],
    ['@example.fr', 'not_a_domain'],
    ['example.123', 'not_a_domain'],
    [`${'a'.repeat(64)}.fr`, 'not_a_domain'],
  ])('%j is refused (%s)', (input, problem) => {
    expect(parseTarget(input)).toEqual({ ok: false, problem });
  });
});
