import vm from 'node:vm';

/**
 * Every test file: a promise rejection left unhandled anywhere in the process fails the test
 * during (or after) which it happened. The bot must never leave one behind (issue 6).
 * Jest hands each file a copy of `process` that does not hear the real one's events, so the
 * listener goes on the host's own `process`.
 */
const hostProcess = vm.runInThisContext('process') as NodeJS.Process;
const seen: unknown[] = [];
const onRejection = (reason: unknown) => {
  seen.push(reason);
};
const describeAll = () => seen.splice(0).map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r)));

beforeAll(() => {
  hostProcess.on('unhandledRejection', onRejection);
});

afterEach(async () => {
  // A rejection is reported once the microtask queue drains: give it a turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  if (seen.length) throw new Error(`unhandled promise rejection(s) during this test:\n${describeAll().join('\n---\n')}`);
});

afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  hostProcess.off('unhandledRejection', onRejection);
  if (seen.length) throw new Error(`unhandled promise rejection(s) after the tests of this file:\n${describeAll().join('\n---\n')}`);
});
