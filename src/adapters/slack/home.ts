import { encodeChoice, type Intent, type Suggestion } from '../../core';
import { renderHomeView } from './home-view';
import type { SlackServices } from './services';

/** The Home tab is rebuilt each time it is opened: always in the user's current language and settings. */
export async function publishHome(s: SlackServices, userId: string): Promise<void> {
  const { locale } = await s.users.within(userId, 3000);
  // Only the locale: the tab follows the user's Slack language, whatever was said in the DM.
  const lang = await s.service.language({ localeHint: locale });
  const conversationId = `slack:${s.mapper.teamId}:home:${userId}`;
  const ask = (intent: Intent) => s.service.prepare({ platform: 'slack', conversationId, userId, text: '', localeHint: locale, choice: encodeChoice({ lang, intent }) });
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
