import { runInThisContext } from 'node:vm';

/**
 * Jest hands each test file a copy of `process` whose events never fire; the process that
 * really emits `unhandledRejection` is the one of Node's main context.
 */
const realProcess = runInThisContext('process') as NodeJS.Process;

/**
 * Fails the tests of a file if any promise rejection goes unhandled while they run (in the
 * running bot, one would be logged by `main` and its user left without an answer). Checked
 * after each test, and once more after the last one for rejections that came late.
 */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => {
    seen.push(reason);
  };
  const check = async () => {
    // A rejection is reported a turn after it happens.
    await new Promise((resolve) => setImmediate(resolve));
    const found = seen.splice(0);
    if (found.length) {
      const reasons = found.map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r)));
      throw new Error(`${found.length} unhandled promise rejection(s):\n${reasons.join('\n---\n')}`);
    }
  };
  beforeAll(() => {
    realProcess.on('unhandledRejection', listener);
  });
  afterEach(check);
  afterAll(async () => {
    try {
      await check();
    } finally {
      realProcess.off('unhandledRejection', listener);
    }
  });
}
