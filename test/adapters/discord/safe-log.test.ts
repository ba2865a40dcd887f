import { DiscordAPIError } from 'discord.js';
import { errorForLog, routeOf } from '../../../src/adapters/discord/safe-log';

describe('routeOf', () => {
  test.each([
    ['https://discord.com/api/v10/interactions/1234567890123456789/aW50ZXJhY3Rpb246MTIz/callback?with_response=false', '/interactions/:id/:token/callback'],
    ['http://127.0.0.1:8080/api/v10/webhooks/123456789012345678/itoken-123/messages/%40original', '/webhooks/:id/:token/messages/@original'],
    ['https://discord.com/api/v10/webhooks/123456789012345678/secret-token', '/webhooks/:id/:token'],
    ['https://discord.com/api/v10/channels/123456789012345678/messages', '/channels/:id/messages'],
    ['http://proxy.internal/discord/interactions/1/tok/callback', '/discord/interactions/:id/:token/callback'],
    ['/interactions/:id/:token/callback', '/interactions/:id/:token/callback'],
  ])('%s → %s', (url, route) => {
    expect(routeOf(url)).toBe(route);
  });
});

describe('errorForLog', () => {
  test('a Discord API error: code, status, method and route; neither the body nor the token', () => {
    const error = new DiscordAPIError(
      { message: 'Invalid Form Body', code: 50035 },
      50035,
      400,
      'POST',
      'https://discord.com/api/v10/interactions/1234567890123456789/secret-interaction-token/callback',
      { body: { data: { content: 'my password is Hunter2' } }, files: undefined },
    );
    const logged = errorForLog(error);
    expect(logged).toMatchObject({ type: 'DiscordAPIError[50035]', code: 50035, status: 400, method: 'POST', route: '/interactions/:id/:token/callback' });
    const text = JSON.stringify(logged);
    expect(text).not.toContain('secret-interaction-token');
    expect(text).not.toContain('Hunter2');
  });

  test('tokens quoted in a message or a cause are scrubbed; errors from another realm are read by shape', () => {
    const cause = { name: 'SocketError', message: 'other side closed on /webhooks/123456789012345678/tok123/messages/@original', code: 'UND_ERR_SOCKET' };
    const logged = errorForLog(Object.assign(new Error('failed', { cause }), { code: 'ECONNRESET' })) as Record<string, any>;
    expect(logged.code).toBe('ECONNRESET');
    expect(logged.cause).toMatchObject({ type: 'SocketError', code: 'UND_ERR_SOCKET' });
    expect(JSON.stringify(logged)).not.toContain('tok123');
    expect(errorForLog('Bot abcdefghijklmnopqrstuvwxyz.123')).toBe('Bot [redacted]');
  });
});
