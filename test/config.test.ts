import { configProblems } from './helpers/config-problems';
import { loadConfig } from '../src/config';

const problems = configProblems;

describe('configuration', () => {
  test('defaults with an empty environment: console only', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ defaultLang: 'fr', port: 3000, portSet: false, minConfidence: 0.5, maxInputChars: 2000 });
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
  });

  test('Slack HTTP mode and Socket Mode', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 's3cr3t', SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      mode: 'http',
      signingSecret: 's3cr3t',
      appToken: undefined,
      apiUrl: 'http://127.0.0.1:9/api/',
      supportChannel: undefined,
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A-b' }).slack?.mode).toBe('socket');
  });

  test('half a Slack pair names the missing variable', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toEqual([expect.stringMatching(/SLACK_SIGNING_SECRET.*SLACK_APP_TOKEN/)]);
    expect(problems({ SLACK_SIGNING_SECRET: 'x' })).toEqual([expect.stringMatching(/SLACK_BOT_TOKEN is missing/)]);
  });

  test('half a Discord pair names the missing variable', () => {
    expect(problems({ DISCORD_TOKEN: 'abc' })).toEqual([expect.stringMatching(/DISCORD_APP_ID is missing/)]);
    expect(problems({ DISCORD_APP_ID: '123456789' })).toEqual([expect.stringMatching(/DISCORD_TOKEN is missing/)]);
  });

  test('DISCORD_PUBLIC_KEY: 64 hex digits, with Discord configured; anything else names the fix', () => {
    const base = { DISCORD_TOKEN: 'abc', DISCORD_APP_ID: '123456789' };
    const key = 'AB'.repeat(32);
    expect(loadConfig({ ...base, DISCORD_PUBLIC_KEY: key }).discord?.publicKey).toBe(key.toLowerCase());
    expect(problems({ ...base, DISCORD_PUBLIC_KEY: 'not-a-key' })).toEqual([expect.stringMatching(/^DISCORD_PUBLIC_KEY is not a Discord public key: copy it from the Developer Portal/)]);
    expect(problems({ DISCORD_PUBLIC_KEY: key })).toEqual([expect.stringMatching(/DISCORD_PUBLIC_KEY is set but Discord is not configured/)]);
  });

  test('every bad value is reported at once, with how to fix it', () => {
    const found = problems({ DEFAULT_LANG: 'de', PORT: 'eighty', MIN_CONFIDENCE: '2', SLACK_API_URL: 'ftp://x', SLACK_BOT_TOKEN: 'nope', SLACK_SIGNING_SECRET: 'x' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DEFAULT_LANG="de" is not valid: use fr or en/),
        expect.stringMatching(/^PORT="eighty"/),
        expect.stringMatching(/^MIN_CONFIDENCE="2"/),
        expect.stringMatching(/^SLACK_API_URL="ftp:\/\/x" must start with http/),
        expect.stringMatching(/^SLACK_BOT_TOKEN does not look like a Slack bot token/),
      ]),
    );
  });

  test('errors never echo a token value', () => {
    const found = problems({ SLACK_BOT_TOKEN: 'not-a-token-SECRET123', SLACK_SIGNING_SECRET: 'x' });
    expect(found.join('\n')).not.toContain('SECRET123');
  });

  test('contradictory settings are reported', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([expect.stringMatching(/Both SLACK_SIGNING_SECRET and SLACK_APP_TOKEN/)]);
    expect(problems({ KNOWLEDGE_BASE_FILE: '/nonexistent.json' })).toEqual([expect.stringMatching(/KNOWLEDGE_BASE_FILE=.*does not exist/)]);
  });

  test('web chat: on by default for the bot\'s own page only; origins normalised; off with WEBCHAT_ENABLED=false', () => {
    expect(loadConfig({}).webChat).toEqual({ allowedOrigins: [], trustProxyHops: 0, perAddress: { limit: 60, windowMs: 30_000 } });
    expect(loadConfig({ WEBCHAT_ALLOWED_ORIGINS: 'https://www.example.com, http://localhost:8080/ HTTPS://Help.Example.com' }).webChat?.allowedOrigins).toEqual([
      'https://www.example.com',
      'http://localhost:8080',
      'https://help.example.com',
    ]);
    expect(loadConfig({ WEBCHAT_ALLOWED_ORIGINS: '*' }).webChat?.allowedOrigins).toBe('*');
    expect(loadConfig({ RATE_LIMIT_MESSAGES: '5', RATE_LIMIT_WINDOW_SECONDS: '10' }).webChat?.perAddress).toEqual({ limit: 30, windowMs: 10_000 });
    expect(loadConfig({ WEBCHAT_ENABLED: 'false' }).webChat).toBeUndefined();
    expect(problems({ WEBCHAT_ALLOWED_ORIGINS: 'https://www.example.com/help, ftp://x.org, nope' })).toEqual([
      expect.stringMatching(/^WEBCHAT_ALLOWED_ORIGINS: "https:\/\/www.example.com\/help" is not a site origin/),
      expect.stringMatching(/"ftp:\/\/x.org"/),
      expect.stringMatching(/"nope"/),
    ]);
    expect(problems({ WEBCHAT_ENABLED: 'maybe' })).toEqual([expect.stringMatching(/^WEBCHAT_ENABLED="maybe" is not valid: use true or false/)]);
    expect(loadConfig({ WEBCHAT_ALOWED_ORIGINS: 'x' }).warnings).toEqual([expect.stringMatching(/WEBCHAT_ALOWED_ORIGINS is not a setting.*did you mean WEBCHAT_ALLOWED_ORIGINS/)]);
  });

  test('TRUST_PROXY: off by default, true is one proxy, or a count of proxies', () => {
    expect(loadConfig({}).webChat?.trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).webChat?.trustProxyHops).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).webChat?.trustProxyHops).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).webChat?.trustProxyHops).toBe(2);
    expect(problems({ TRUST_PROXY: 'nginx' })).toEqual([expect.stringMatching(/^TRUST_PROXY="nginx" is not valid/)]);
  });
});

describe('Redis settings', () => {
  test('no REDIS_URL: no shared state; with one, the default prefix', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'rediss://bot:pw@cache.example:6380/1' }).redis).toEqual({ url: 'rediss://bot:pw@cache.example:6380/1', prefix: 'mailconfig:' });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1', REDIS_PREFIX: 'staging:mailconfig:' }).redis?.prefix).toBe('staging:mailconfig:');
  });

  test('a wrong REDIS_URL stops start-up naming the variable and the fix, without the password', () => {
    expect(problems({ REDIS_URL: 'http://:hunter2@cache:6379' })).toEqual([expect.stringMatching(/^REDIS_URL must start with redis:\/\/ or rediss:\/\/.*e\.g\. redis:\/\//)]);
    expect(problems({ REDIS_URL: ':hunter2@cache:6379' })).toEqual([expect.stringMatching(/^REDIS_URL has no scheme/)]);
    expect(problems({ REDIS_URL: 'redis://cache:6379/0?password=hunter2' })).toEqual([expect.stringMatching(/^REDIS_URL must not have a query string/)]);
    expect(problems({ REDIS_URL: 'redis://admin@cache' })).toEqual([expect.stringMatching(/^REDIS_URL has a user name but no password/)]);
    for (const url of ['http://:hunter2@cache:6379', ':hunter2@cache:6379', 'redis://:hunter2@bad host']) expect(problems({ REDIS_URL: url }).join('\n')).not.toContain('hunter2');
  });

  test('REDIS_PREFIX alone, or with odd characters, is refused', () => {
    expect(problems({ REDIS_PREFIX: 'x:' })).toEqual([expect.stringMatching(/^REDIS_PREFIX is set but REDIS_URL is not/)]);
    expect(problems({ REDIS_URL: 'redis://cache', REDIS_PREFIX: 'has space' })).toEqual([expect.stringMatching(/^REDIS_PREFIX="has space" is not valid/)]);
  });

  test('other programs’ REDIS_ variables are not reported as typos', () => {
    expect(loadConfig({ REDIS_PORT: 'tcp://10.0.0.1:6379', REDIS_SERVICE_HOST: '10.0.0.1' }).warnings).toEqual([]);
  });
});
