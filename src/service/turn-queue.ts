/** How long one turn may compute answers before sockets and timers get their turn, in ms. */
const SLICE_MS = 8;

/**
 * Runs CPU-bound jobs (understanding and answering a message, up to a millisecond each) in
 * short slices of the event loop. A burst of a thousand interactions arrives in one read from
 * the Discord gateway; answering them all in that same turn would block the process for a
 * second or more: discord.js would miss the heartbeat acknowledgements meanwhile, take the
 * connection for dead and drop it with every event still unread, and the timers that defer
 * slow interactions before Discord's 3-second deadline could not fire (Slack's Socket Mode
 * and HTTP requests suffer alike). Between two slices, sockets are read, heartbeats go on and
 * those timers run.
 */
export class TurnQueue {
  private readonly jobs: Array<() => void> = [];
  private scheduled = false;

  run<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => {
        try {
          job().then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const until = performance.now() + SLICE_MS;
      do this.jobs.shift()?.();
      while (this.jobs.length && performance.now() < until);
      if (this.jobs.length) this.schedule();
    });
  }
}
