import type { Adapter } from '../adapter';
import { SlackAdapter, type SlackAdapterDeps } from './slack-adapter';

export type { SlackAdapterDeps } from './slack-adapter';
export { SLACK_EVENTS_PATH } from './http-receiver';
export { renderSlack, type SlackMessage, type SlackRenderOptions } from './render';

/**
 * The Slack adapter for main: `start()` checks SLACK_BOT_TOKEN (auth.test) and, in HTTP mode,
 * adds POST /slack/events to `deps.http` (start the server afterwards), or connects Socket Mode.
 */
export function createSlackAdapter(deps: SlackAdapterDeps): Adapter {
  return new SlackAdapter(deps);
}
