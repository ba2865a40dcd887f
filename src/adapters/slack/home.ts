import { encodeChoice, langFromLocale, type Intent, type Suggestion } from '../../core';
import { answerSafely } from '../answer-safely';
import { renderHomeView } from './home-view';
import type { SlackServices } from './services';

/** The Home tab is rebuilt each time it is opened: always in the user's current language and settings. */
export async function publishHome(s: SlackServices, userId: string): Promise<void> {
  const { locale } = await s.users.within(userId, 3000);
  const lang = langFromLocale(locale) ?? s.defaultLang;
  const conversationId = `slack:${s.mapper.teamId}:home:${userId}`;
  const ask = (intent: Intent) =>
    answerSafely(s.bot, { platform: 'slack', conversationId, userId, text: '', localeHint: locale, choice: encodeChoice({ lang, intent }) }, s.logger, s.defaultLang);
  const settings = await ask('all_settings');
  const help = await ask('help');
  // Without a client named, the guide answer offers one button per mail app.
  const guides = await ask('client_setup');
  const settingsChoice = encodeChoice({ lang, intent: 'all_settings' });
  const quick = unique([...(help.suggestions ?? []), ...(guides.suggestions ?? [])]).filter((q) => q.choice !== settingsChoice);
  await s.client.views.publish({ user_id: userId, view: renderHomeView(settings, quick) });
}

function unique(suggestions: Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  return suggestions.filter((q) => !seen.has(q.choice) && seen.add(q.choice));
}
