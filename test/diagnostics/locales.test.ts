import { readLocale } from '../../src/i18n';

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof inner === 'string') out.set(path, inner);
    else for (const [k, v] of flatten(inner, path)) out.set(k, v);
  }
  return out;
}

const en = flatten(readLocale('en').diagnostics);
const frStrings = flatten(readLocale('fr').diagnostics);

test('diagnostics.json has the same keys and placeholders in English and French', () => {
  expect([...frStrings.keys()].sort()).toEqual([...en.keys()].sort());
  const placeholders = (text: string) => (text.match(/\{\{\s*\w+\s*\}\}/g) ?? []).sort();
  for (const [key, text] of en) expect([key, placeholders(frStrings.get(key)!)]).toEqual([key, placeholders(text)]);
});

test('French typography: a no-break space before ":", a narrow one before ; ? ! and inside « »', () => {
  for (const [key, text] of frStrings) {
    // Colons inside placeholders or values (none here) aside, every colon is punctuation.
    expect([key, text.match(/[^\u00a0]:(?!\/\/)/g)]).toEqual([key, null]);
    expect([key, text.match(/[^\u202f][;?!]/g)]).toEqual([key, null]);
    expect([key, text.match(/«[^\u202f]|[^\u202f]»/g)]).toEqual([key, null]);
  }
});

test('the few multi-form sentences have all three forms', () => {
  for (const key of ['port.cert_expired', 'port.cert_expiring']) {
    for (const form of ['_today', '_one', '_other']) expect(en.has(`${key}${form}`)).toBe(true);
  }
});
