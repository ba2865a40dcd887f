import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readLocale } from '../src/i18n';
import { frenchTypographyFaults } from './helpers/french-typography';
import { ask, createTestBot } from './helpers/bot';

function strings(value: unknown, key = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${key}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, key ? `${key}.${k}` : k));
  return [];
}

describe('French typography', () => {
  test('the checker finds what it must', () => {
    expect(frenchTypographyFaults('Port : 993')).toHaveLength(1);
    expect(frenchTypographyFaults('Port: 993')).toHaveLength(1);
    expect(frenchTypographyFaults('quoi?')).toHaveLength(1);
    expect(frenchTypographyFaults('« SSL »').length).toBeGreaterThanOrEqual(2);
    expect(frenchTypographyFaults('Port\u00a0: 993, «\u00a0SSL\u00a0» ; quoi\u202f? https://x.fr/?a=b')).toHaveLength(1);
    expect(frenchTypographyFaults('Port\u00a0: 993, «\u00a0SSL\u00a0», quoi\u202f? https://x.fr/?a=b')).toEqual([]);
  });

  test('every French string of locales/', () => {
    const faults = strings(readLocale('fr')).flatMap(([key, text]) => frenchTypographyFaults(text).map((f) => `${key}: ${f}`));
    expect(faults).toEqual([]);
  });

  test('every rendered French reply of the transcripts', () => {
    const dir = path.join(__dirname, 'transcripts');
    const faults: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.fr.txt'))) {
      const bot = createTestBot();
      let conversation = 0;
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        if (!line.trim()) conversation++;
        if (!line.startsWith('user> ')) continue;
        const { text, reply } = ask(line.slice(6), { conversationId: `${file}:${conversation}` }, bot);
        if (reply.lang === 'fr') faults.push(...frenchTypographyFaults(text).map((f) => `${file} "${line.slice(6)}": ${f}`));
      }
    }
    expect(faults).toEqual([]);
  });
});
