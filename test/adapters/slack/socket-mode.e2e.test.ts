import { createSlackAdapter } from '../../../src/adapters/slack';
import type { Adapter } from '../../../src/adapters/adapter';
import { HttpServer } from '../../../src/http/server';
import { silentLogger } from '../../../src/logger';
import { FakeSlackSocket } from '../../fakes/slack-socket';
import { FakeSlackWebApi } from '../../fakes/slack-web-api';
import { createTestService } from '../../helpers/bot';
import { eventEnvelope, mention } from './builders';
import { buttonsOf, visibleText } from './blocks';
import { TEST_WEB_API_POLICY } from './harness';
import { failOnUnhandledRejections } from './guards';

/** Socket Mode: apps.connections.open at SLACK_API_URL returns a local WebSocket that greets with `hello`. */
failOnUnhandledRejections();
const api = new FakeSlackWebApi();
const socket = new FakeSlackSocket();
let adapter: Adapter;

function socketAdapter(appToken: string): Adapter {
  return createSlackAdapter({
    service: createTestService(),
    logger: silentLogger(),
    http: new HttpServer(silentLogger()),
    config: { botToken: api.behaviour.botToken, mode: 'socket', appToken, apiUrl: api.apiUrl },
    webApiPolicy: TEST_WEB_API_POLICY,
  });
}

beforeAll(async () => {
  await api.start();
  await socket.start();
  api.behaviour.socketUrl = socket.url;
  api.behaviour.users = { UFR: { locale: 'fr-FR' }, UEN: { locale: 'en-US' } };
  adapter = socketAdapter(api.behaviour.appToken!);
  await adapter.start();
});

afterAll(async () => {
  await adapter.stop();
  await socket.close();
  await api.close();
});

test('connects with the app token through apps.connections.open and is ready after hello', async () => {
  const open = api.callsTo('apps.connections.open');
  expect(open).toHaveLength(1);
  expect(open[0].token).toBe(api.behaviour.appToken);
  expect(socket.connected).toBe(true);
  expect(adapter.isReady()).toBe(true);
});

test('an events_api envelope is acked over the socket and the mention answered in its thread', async () => {
  const event = mention('quel est le port imap ?', { channel: 'C1' });
  const envelope = socket.send('events_api', eventEnvelope(event));
  expect((await socket.ackOf(envelope)).envelope_id).toBe(envelope);
  const posted = await api.nth('chat.postMessage');
  expect(posted.args).toMatchObject({ channel: 'C1', thread_ts: event.ts });
  expect(visibleText(posted.args)).toContain('993');
});

test('a slash command is answered in the ack payload, ephemerally, with a Share button', async () => {
  const envelope = socket.send('slash_commands', {
    command: '/mailconfig',
    text: 'smtp port',
    user_id: 'UEN',
    channel_id: 'C1',
    team_id: 'T1',
    response_url: api.responseUrl('socket-cmd'),
  });
  const ack = await socket.ackOf(envelope);
  expect(ack.payload?.response_type).toBe('ephemeral');
  expect(visibleText(ack.payload!)).toContain('465');
  expect(buttonsOf(ack.payload!).map((b) => b.label)).toContain('Share in channel');
});

test('a rejected app token fails start() with a message naming SLACK_APP_TOKEN', async () => {
  await expect(socketAdapter('xapp-not-the-right-one').start()).rejects.toThrow(/SLACK_APP_TOKEN \(invalid_auth\)/);
});
