import vm from 'node:vm';

/**
 * Jest gives each test file a copy of `process` that never hears the real one's events; the
 * host's own `process` is the one Node emits `unhandledRejection` on.
 */
const hostProcess = vm.runInThisContext('process') as NodeJS.Process;

/**
 * Fails the test during which (or after which) a promise rejection went unhandled anywhere in
 * the process: the bot must never leave one, whatever Slack does.
 */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => {
    seen.push(reason);
  };
  beforeAll(() => {
    hostProcess.on('unhandledRejection', listener);
  });
  afterEach(async () => {
    // A rejection is reported after the microtask queue drains: give it a turn of the loop.
    await new Promise((resolve) => setImmediate(resolve));
    const found = seen.splice(0);
    expect(found.map((reason) => (reason instanceof Error ? reason.stack : String(reason)))).toEqual([]);
  });
  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    hostProcess.off('unhandledRejection', listener);
    expect(seen.map((reason) => (reason instanceof Error ? reason.stack : String(reason)))).toEqual([]);
  });
}

/** The secrets the test harness uses: none may ever be written to a log or posted. */
export function expectNoSecrets(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}
