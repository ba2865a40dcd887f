/**
 * Every test file: an unhandled promise rejection fails the test during which it happened.
 * The bot must never leave one behind (issue 6); this makes sure none slips in unnoticed.
 */
const seen: unknown[] = [];
const onRejection = (reason: unknown) => {
  seen.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', onRejection);
});

afterEach(() => {
  if (seen.length) {
    const reasons = seen.splice(0).map((r) => (r instanceof Error ? r.stack ?? r.message : String(r)));
    throw new Error(`unhandled promise rejection(s) during this test:\n${reasons.join('\n---\n')}`);
  }
});

afterAll(() => {
  process.off('unhandledRejection', onRejection);
});
