import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SLACK_EVENTS_PATH } from '../../../src/adapters/slack';

/**
 * The manifests operators import must ask for what the adapter uses: the command, the events it
 * listens to, the scopes of the Web API methods it calls, interactivity and the Home tab.
 */
const read = (name: string) => readFileSync(path.join(__dirname, '../../../slack', name), 'utf8');
const manifests = { http: read('manifest.yaml'), socket: read('manifest.socket-mode.yaml') };

/** The `- item` lines under `key:` (the manifests are plain YAML: one level of list per key). */
function listUnder(yaml: string, key: string): string[] {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  if (start < 0) return [];
  const indent = lines[start].search(/\S/);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.search(/\S/) <= indent) break;
    const item = /^\s*- (?:command: )?(\S+)$/.exec(line);
    if (item) items.push(item[1]);
  }
  return items;
}

const setting = (yaml: string, key: string) => new RegExp(`^\\s*${key}: (.+)$`, 'm').exec(yaml)?.[1];

describe.each(Object.entries(manifests))('%s manifest', (_mode, yaml) => {
  test('declares /mailconfig, the events and the bot scopes the adapter needs', () => {
    expect(listUnder(yaml, 'slash_commands')).toEqual(['/mailconfig']);
    expect(listUnder(yaml, 'bot_events').sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    // chat:write: chat.postMessage/postEphemeral; users:read: users.info (locale); im:history: message.im;
    // files:write: setup files (files.getUploadURLExternal/completeUploadExternal); im:write: conversations.open.
    expect(listUnder(yaml, 'bot').sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write', 'users:read']);
  });

  test('enables interactivity (buttons) and the Home tab', () => {
    expect(setting(yaml, 'is_enabled')).toBe('true');
    expect(setting(yaml, 'home_tab_enabled')).toBe('true');
    expect(setting(yaml, 'messages_tab_enabled')).toBe('true');
  });
});

test('HTTP mode sends commands, events and clicks to POST /slack/events', () => {
  const urls = [...manifests.http.matchAll(/^\s*(?:url|request_url): (\S+)$/gm)].map((m) => m[1]);
  expect(urls).toHaveLength(3);
  for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
  expect(setting(manifests.http, 'socket_mode_enabled')).toBe('false');
});

test('Socket Mode needs no URL', () => {
  expect(manifests.socket).not.toMatch(/^\s*(?:url|request_url):/m);
  expect(setting(manifests.socket, 'socket_mode_enabled')).toBe('true');
});
