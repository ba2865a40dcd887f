import { benchDiscord } from '../../../src/bench/discord-bench';

/** The Discord part of `npm run bench`, run briefly: the shape of its figures, not the speed. */
test('benchDiscord measures the bot, a bare discord.js client and (diagnosing) the bot with a fixed answer, through the same fakes', async () => {
  const figures = await benchDiscord(1, { diagnose: true });
  for (const side of [figures.bot, figures.bare, figures.fixedAnswer!]) {
    expect(side.interactionsPerSecond).toBeGreaterThan(0);
    expect(side.interactions).toBeGreaterThan(0);
    expect(side.p99Ms).toBeGreaterThanOrEqual(side.p50Ms);
    expect(side.p50Ms).toBeGreaterThan(0);
    expect(side.cpuMsPerInteraction).toBeGreaterThan(0);
    expect(side.notImmediate).toBe(0);
  }
  expect(figures.ratio).toBeCloseTo(figures.bot.interactionsPerSecond / figures.bare.interactionsPerSecond, 2);
  expect(figures.fixedRatio).toBeGreaterThan(0);
  expect(figures.seconds).toBe(1);
  expect(figures.concurrency).toBeGreaterThan(0);
}, 60_000);
