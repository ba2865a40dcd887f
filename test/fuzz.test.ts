import { renderText } from '../src/adapters/console/render-text';
import { createTestBot } from './helpers/bot';
import { hostileInputs } from './helpers/hostile-inputs';

/** Every input: no exception, a non-empty reply, in a known language, with a title or text. */
test('10,000 hostile inputs through the core and the text renderer', () => {
  const bot = createTestBot();
  let count = 0;
  for (const text of hostileInputs(10_000)) {
    const { reply, understanding } = bot.process({ platform: 'fuzz', conversationId: `c${count % 50}`, userId: 'u', text });
    const rendered = renderText(reply);
    expect(['fr', 'en']).toContain(understanding.lang);
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered).not.toContain('{{');
    count++;
  }
  expect(count).toBe(10_000);
});
