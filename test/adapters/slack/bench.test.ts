import { benchSlack } from '../../../src/bench/slack-bench';
import { failOnUnhandledRejections } from './guards';

/** The Slack part of `npm run bench`, for about a second per side: the shape of its figures, not their speed. */
failOnUnhandledRejections();

test('benchSlack measures the bot and a bare Bolt app under the same load, and returns figures only', async () => {
  const write = jest.spyOn(process.stdout, 'write');
  const started = Date.now();
  const figures = await benchSlack(1);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(write).not.toHaveBeenCalled();
  write.mockRestore();

  const side = {
    requestsPerSecond: expect.any(Number),
    p99Ms: expect.any(Number),
    non2xx: 0,
    errors: 0,
    requests: expect.any(Number),
  };
  expect(figures).toEqual({ bot: side, bare: side, ratio: expect.any(Number), connections: 10, durationSeconds: 1 });
  for (const s of [figures.bot, figures.bare]) {
    expect(s.requests).toBeGreaterThan(0);
    expect(s.requestsPerSecond).toBeGreaterThan(0);
    expect(s.p99Ms).toBeGreaterThan(0);
  }
  expect(figures.ratio).toBeCloseTo(figures.bot.requestsPerSecond / figures.bare.requestsPerSecond, 2);
}, 30_000);
