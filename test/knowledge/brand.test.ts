import { parseKnowledgeBase } from '../../src/knowledge/load';
import { placeholderWarnings } from '../../src/tools/knowledge-lint';
import { readLabelled } from '../../src/tools/evaluation';
import { allSets } from '../../src/tools/eval';
import { defaultKbJson } from '../fixtures/kb';
import { ask, createTestBot } from '../helpers/bot';

/** A provider's own knowledge base: its name, pages and contacts everywhere. */
function configured() {
  const json = defaultKbJson();
  json.provider = {
    name: 'Hébergeur Dupont',
    helpUrl: 'https://aide.dupont-hebergement.fr/messagerie',
    support: { email: 'support@dupont-hebergement.fr', url: 'https://dupont-hebergement.fr/contact', hours: { fr: 'en semaine', en: 'on weekdays' } },
    emergency: { fr: 'le 3114', en: '3114' },
  };
  return parseKnowledgeBase(json, 'dupont');
}

describe('the example brand', () => {
  test('never reaches users of a configured knowledge base, whatever they ask', () => {
    const bot = createTestBot({}, configured());
    const leaks: string[] = [];
    // Questions that name an example domain themselves would get it back, rightly.
    const questions = allSets()
      .flatMap((file) => readLabelled(file))
      .filter((q, i) => i % 7 === 0 && !/example|exemple/i.test(q.q));
    questions.forEach((q, i) => {
      const { text } = ask(q.q, { conversationId: `brand:${q.conv ?? i}` }, bot);
      if (/Example Hosting|example\.(com|org|net)|exemple\.fr/i.test(text)) leaks.push(`${q.id}: ${text.slice(0, 120)}`);
    });
    expect(questions.length).toBeGreaterThan(500);
    expect(leaks).toEqual([]);
  });

  test('kb:lint warns while the default placeholders are in use, and not for a configured base', () => {
    const example = placeholderWarnings(parseKnowledgeBase(defaultKbJson(), 'default')).map((w) => w.where);
    expect(example).toEqual(['provider.name', 'provider.helpUrl', 'provider.support.email', 'provider.support.url']);
    expect(placeholderWarnings(configured())).toEqual([]);
  });
});
