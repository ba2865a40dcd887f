import { createHmac } from 'node:crypto';

/**
 * Slack payloads for tests, built from small defaults with overrides (the shapes Slack sends,
 * trimmed to what the adapter reads plus a few realistic extras).
 */

export const BOT_USER = 'UBOT';
export const TEAM = 'T1';

let triggers = 0;
/** Slack gives every invocation its own trigger_id: two commands alike in all else are still two (not a copy to drop). */
export function nextTrigger(): string {
  return `${++triggers}.${Date.now()}.${Math.random().toString(16).slice(2, 10)}`;
}

export interface SlashCommandFields {
  text: string;
  user_id: string;
  channel_id: string;
  response_url: string;
  command: string;
}

/** A slash command as Slack posts it: a form. */
export function slashCommand(fields: Partial<SlashCommandFields> & { response_url: string }): string {
  const all: Record<string, string> = {
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'test',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: 'UEN',
    user_name: 'someone',
    command: '/mailconfig',
    text: '',
    api_app_id: 'A1',
    trigger_id: nextTrigger(),
    ...fields,
  };
  return new URLSearchParams(all).toString();
}

/** An Events API envelope (JSON). */
export function eventEnvelope(event: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 10)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
    event,
    ...overrides,
  };
}

let tsCounter = 1700000100;
/** A fresh message timestamp, as Slack formats them. */
export function nextTs(): string {
  return `${++tsCounter}.000${Math.floor(Math.random() * 900 + 100)}`;
}

export function mention(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'app_mention', user: 'UFR', text: `<@${BOT_USER}> ${text}`, ts: nextTs(), channel: 'C1', event_ts: '1', ...overrides };
}

export function directMessage(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', channel_type: 'im', user: 'UFR', text, ts: nextTs(), channel: 'D1', event_ts: '1', ...overrides };
}

/** A button click (`block_actions`) as Slack posts it: a form with a JSON `payload`. */
export function blockActions(action: { action_id: string; value: string }, where: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: 'UFR', username: 'someone', team_id: TEAM },
    team: { id: TEAM, domain: 'test' },
    api_app_id: 'A1',
    trigger_id: nextTrigger(),
    actions: [{ type: 'button', block_id: 'b1', text: { type: 'plain_text', text: 'x' }, action_ts: String(Date.now() / 1000), ...action }],
    ...where,
  };
}

export function form(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Signs a body exactly as Slack does: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}
