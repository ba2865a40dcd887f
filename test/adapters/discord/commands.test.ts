import { COMMAND_NAME, mailconfigCommand, OPTION } from '../../../src/adapters/discord/commands';
import { CLIENTS } from '../../../src/core/types';
import { readLocale } from '../../../src/i18n';
import { sharedTranslations } from '../../helpers/bot';

const command = mailconfigCommand(sharedTranslations());
// Discord's rule for command and option names (lower case where the script has case).
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

test('/mailconfig has the four options, with the French names and descriptions', () => {
  expect(command.name).toBe('mailconfig');
  expect(command.name_localizations).toEqual({ fr: 'configmail' });
  expect(command.description_localizations?.fr).toMatch(/messagerie/);
  expect(command.options?.map((o) => [o.name, o.name_localizations?.fr, o.type])).toEqual([
    ['question', 'question', 3],
    ['client', 'logiciel', 3],
    ['email', 'adresse', 3],
    ['public', 'public', 5],
  ]);
  expect(command.options?.[0]).toMatchObject({ autocomplete: true });
});

test('every name and description fits Discord rules, in both languages', () => {
  const texts = [command, ...(command.options ?? [])];
  for (const item of texts) {
    for (const name of [item.name, ...Object.values(item.name_localizations ?? {})]) {
      expect(name).toMatch(NAME);
      expect(name).toBe(name!.toLowerCase());
    }
    for (const description of [item.description, ...Object.values(item.description_localizations ?? {})]) {
      expect(description!.length).toBeGreaterThan(0);
      expect(description!.length).toBeLessThanOrEqual(100);
    }
  }
});

test('the client choices are the supported clients, named in English and French', () => {
  const client = command.options?.find((o) => o.name === 'client') as { choices: Array<{ name: string; value: string; name_localizations: { fr: string } }> };
  expect(client.choices.map((c) => c.value)).toEqual([...CLIENTS]);
  expect(client.choices.find((c) => c.value === 'ios_mail')).toEqual({ name: 'iPhone / iPad Mail', value: 'ios_mail', name_localizations: { fr: 'Mail sur iPhone / iPad' } });
  expect(client.choices.length).toBeLessThanOrEqual(25);
});

test('the English locale file names the command and options as the code reads them', () => {
  const en = readLocale('en').discord as { command: { name: string }; option: Record<string, { name: string }> };
  expect(en.command.name).toBe(COMMAND_NAME);
  for (const [key, name] of Object.entries(OPTION)) expect(en.option[key].name).toBe(name);
});

test('discord.json has the same keys in English and French, and enough common questions', () => {
  const keys = (value: unknown, prefix = ''): string[] =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
      : [prefix.slice(0, -1)];
  const en = readLocale('en').discord;
  const fr = readLocale('fr').discord;
  expect(keys(fr).sort()).toEqual(keys(en).sort());
  for (const locale of [en, fr] as Array<{ common_questions: string[] }>) {
    expect(locale.common_questions.length).toBeGreaterThanOrEqual(25);
    for (const question of locale.common_questions) expect(question.length).toBeLessThanOrEqual(100);
  }
});
