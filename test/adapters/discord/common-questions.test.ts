import { CommonQuestions, MAX_CHOICES } from '../../../src/adapters/discord/common-questions';
import { readLocale } from '../../../src/i18n';
import { createTestBot, sharedTranslations } from '../../helpers/bot';

const questions = new CommonQuestions(sharedTranslations());
const names = (typed: string, lang: 'fr' | 'en') => questions.suggest(typed, lang).map((c) => c.name);

test('with nothing typed: 25 common questions in the user language', () => {
  const fr = questions.suggest('', 'fr');
  expect(fr).toHaveLength(MAX_CHOICES);
  expect(fr[0]).toEqual({ name: 'Quel port pour IMAP\u202f?', value: 'Quel port pour IMAP\u202f?' });
  expect(names('', 'en')[0]).toBe('Which port do I use for IMAP?');
});

test('what the user typed filters the list; word starts match, accents and case do not matter', () => {
  expect(names('thund', 'en')).toEqual(['How do I set up Thunderbird?']);
  expect(names('RECOIS', 'fr')).toEqual(['Je ne reçois plus d\'e-mails']);
  expect(names('config out', 'fr')).toEqual(['Comment configurer Outlook sur Windows\u202f?', 'Comment configurer le nouvel Outlook pour Windows\u202f?', 'Comment configurer Outlook pour Mac\u202f?']);
});

test('questions that start with the typed text come first', () => {
  // In the list, "Quels serveur et port SMTP…" comes before "Quel port pour POP3 ?".
  expect(names('quel port', 'fr')).toEqual(['Quel port pour IMAP\u202f?', 'Quel port pour POP3\u202f?', "Quels serveur et port SMTP pour l'envoi\u202f?"]);
});

test('text clearly in the other language wins over the locale', () => {
  expect(names('comment configurer', 'en')[0]).toBe('Comment configurer Thunderbird\u202f?');
  expect(names('how do i', 'fr')[0]).toBe('How do I set up Thunderbird?');
});

test('nothing matches: no choices (Discord then sends what the user typed)', () => {
  expect(names('zzzz', 'fr')).toEqual([]);
});

test.each(['en', 'fr'] as const)('every common question in %s gets a real answer in that language', (lang) => {
  for (const question of (readLocale(lang).discord as { common_questions: string[] }).common_questions) {
    const { understanding } = createTestBot().process({ platform: 'test', conversationId: 'c', userId: 'u', text: question });
    expect({ question, lang: understanding.lang, answered: understanding.intent !== 'unknown' }).toEqual({ question, lang, answered: true });
  }
});
