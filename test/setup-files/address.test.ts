import { parseAddress } from '../../src/core/account-files/address';
import { SetupFileError } from '../../src/core/account-files/errors';

function codeOf(raw: unknown): string {
  try {
    parseAddress(raw);
    return 'accepted';
  } catch (error) {
    return (error as SetupFileError).code;
  }
}

describe('addresses for setup files', () => {
  test('accepts what the chat accepts, trimmed and lower-cased like the chat shows it', () => {
    expect(parseAddress('alice@example.com')).toBe('alice@example.com');
    expect(parseAddress('  Alice.Smith+mail@Sub.Example.CO.UK ')).toBe('alice.smith+mail@sub.example.co.uk');
  });

  test.each([
    ['', 'missing_address'],
    ['   ', 'missing_address'],
    [undefined, 'missing_address'],
    [42, 'missing_address'],
    ['alice', 'invalid_address'],
    ['alice@', 'invalid_address'],
    ['@example.com', 'invalid_address'],
    ['alice@example', 'invalid_address'],
    ['alice@@example.com', 'invalid_address'],
    ['alice@example.com bob@example.com', 'invalid_address'],
    ['<script>@example.com', 'invalid_address'],
    ['"alice"@example.com', 'invalid_address'],
    ['alice@example.com\r\nX-Injected: 1', 'invalid_address'],
    ['alice@exämple.com', 'invalid_address'],
    // The Kelvin sign lower-cases to an ASCII "k": refused before it can pass for one.
    ['\u212Aevin@example.com', 'invalid_address'],
    [`${'a'.repeat(250)}@example.com`, 'invalid_address'],
  ])('refuses %j (%s)', (raw, code) => {
    expect(codeOf(raw)).toBe(code);
  });

  test('the reason never repeats the input', () => {
    try {
      parseAddress('<img src=x>@evil.example');
    } catch (error) {
      expect((error as Error).message).not.toContain('<img');
      expect((error as SetupFileError).status).toBe(400);
    }
    expect.assertions(2);
  });
});
