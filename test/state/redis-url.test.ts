import { redactRedisUrl, redisUrlProblem } from '../../src/state/redis-url';

describe('redactRedisUrl', () => {
  test.each([
    ['redis://:s3cret@cache.internal:6379/0', 'redis://:[redacted]@cache.internal:6379/0'],
    ['rediss://bot:s3cret@cache.internal:6380', 'rediss://bot:[redacted]@cache.internal:6380'],
    ['redis://s3cret@cache.internal', 'redis://[redacted]@cache.internal'],
    ['REDIS://Bot:s3cret@host', 'REDIS://Bot:[redacted]@host'],
    // An unencoded "@" in the password: everything up to the last "@" before the host goes.
    ['redis://:p@ss@w0rd@host:6379', 'redis://:[redacted]@host:6379'],
    ['redis://:s3cret@host/0?password=s3cret', 'redis://:[redacted]@host/0?password=[redacted]'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
  ])('%s', (url, expected) => {
    expect(redactRedisUrl(url)).toBe(expected);
    expect(redactRedisUrl(url)).not.toMatch(/s3cret|p@ss|w0rd/);
  });

  test('URLs inside a sentence, several at once', () => {
    expect(redactRedisUrl('failed redis://:a1@h1 then rediss://u:b2@h2:1/3.')).toBe('failed redis://:[redacted]@h1 then rediss://u:[redacted]@h2:1/3.');
  });
});

describe('redisUrlProblem', () => {
  test.each(['redis://127.0.0.1', 'redis://127.0.0.1:6379/2', 'rediss://user:pw@cache.example:6380', 'redis://:pw@[::1]:6379/', 'redis://cache'])('%s is fine', (url) => {
    expect(redisUrlProblem(url)).toBeUndefined();
  });

  test.each([
    [':s3cret@127.0.0.1:6379', /no scheme: start it with redis:\/\//],
    ['http://cache:6379', /must start with redis:\/\/ or rediss:\/\//],
    ['redis://', /host/],
    ['redis://user@cache', /user name but no password/],
    ['redis://cache/db1', /database number/],
    ['redis://cache/0?password=x', /query string/],
    ['redis://:s3cret@bad host', /not a URL/],
  ])('%s is refused with how to fix it', (url, problem) => {
    expect(redisUrlProblem(url)).toMatch(problem);
    expect(redisUrlProblem(url)).not.toContain('s3cret');
  });
});
