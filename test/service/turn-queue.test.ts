import { TurnQueue } from '../../src/service/turn-queue';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test('a burst of slow jobs leaves room for timers and sockets between slices', async () => {
  const queue = new TurnQueue();
  const order: string[] = [];
  setTimeout(() => order.push('timer'), 0);
  const jobs = Array.from({ length: 40 }, (_, i) =>
    queue.run(async () => {
      busy(2);
      order.push(`job${i}`);
      return i;
    }),
  );
  expect(await Promise.all(jobs)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  // 80 ms of work in total: the timer ran long before the last job, not after all of them.
  expect(order.indexOf('timer')).toBeGreaterThan(-1);
  expect(order.indexOf('timer')).toBeLessThan(20);
  // Jobs run in arrival order.
  expect(order.filter((o) => o !== 'timer')).toEqual(Array.from({ length: 40 }, (_, i) => `job${i}`));
});

test('a failing job rejects its own promise only', async () => {
  const queue = new TurnQueue();
  const failing = queue.run(async () => {
    throw new Error('boom');
  });
  const throwingSync = queue.run((() => {
    throw new Error('sync boom');
  }) as () => Promise<never>);
  const fine = queue.run(async () => 'ok');
  await expect(failing).rejects.toThrow('boom');
  await expect(throwingSync).rejects.toThrow('sync boom');
  await expect(fine).resolves.toBe('ok');
});
