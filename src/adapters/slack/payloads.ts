/**
 * The parts of Slack's payloads this adapter reads. Kept narrow and optional on purpose: the
 * mappers must cope with whatever arrives, and Bolt's own types are unions too wide to map from.
 */

/** A `message` or `app_mention` event (Events API `event` object). */
export interface SlackMessageEvent {
  type: string;
  channel?: string;
  /** `im` for a DM; `channel`, `group`, `mpim` otherwise (absent on `app_mention`). */
  channel_type?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  /** Any subtype (bot_message, message_changed, channel_join…) is something the bot ignores. */
  subtype?: string;
  bot_id?: string;
  edited?: unknown;
  hidden?: boolean;
}

/** What `app_home_opened` carries. */
export interface SlackHomeEvent {
  type: string;
  user?: string;
  /** `home` or `messages`: only the Home tab gets a view. */
  tab?: string;
}

/** A slash command request. */
export interface SlackCommand {
  command?: string;
  text?: string;
  user_id?: string;
  channel_id?: string;
  response_url?: string;
}

/** A `block_actions` payload (a button click). */
export interface SlackBlockActions {
  type: string;
  user?: { id?: string };
  container?: {
    type?: string;
    channel_id?: string;
    message_ts?: string;
    thread_ts?: string;
    is_ephemeral?: boolean;
  };
  channel?: { id?: string };
  message?: { ts?: string; thread_ts?: string };
  /** Present for clicks in a view (the App Home tab). */
  view?: { id?: string; type?: string };
  response_url?: string;
  actions?: Array<{ action_id?: string; value?: string; type?: string }>;
}
