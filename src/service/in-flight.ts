/** Work that has started and not finished, so that stopping can wait for it (within a bound). */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  /** Runs a task and keeps track of it until it settles; the result (or error) is passed through. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const promise = task();
    const tracked = promise.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(tracked);
    void tracked.then(() => this.pending.delete(tracked));
    return promise;
  }

  /** Resolves true when everything in flight has settled, false if `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      while (this.pending.size) {
        const settled = await Promise.race([Promise.all([...this.pending]).then(() => true as const), timeout]);
        if (!settled) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  get size(): number {
    return this.pending.size;
  }
}
