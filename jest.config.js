/**
 * Two projects in one run: `npm test` (what CI runs) runs both; `npm run test:fast` runs only
 * the first, in seconds, for everyday work.
 *   fast — unit, transcript and in-process tests.
 *   slow — end to end: the real SDKs against fake platforms, injected faults and spawned
 *          processes (*.e2e.test.ts); 10,000 hostile inputs (fuzz.test.ts); the in-jest
 *          benchmarks (bench.test.ts); generated data checked against its generator and the web
 *          chat's 10,000-input fuzz (*.slow.test.ts); the web chat in headless Chromium (*.browser.test.ts).
 */
const SLOW = ['**/*.e2e.test.ts', '**/*.slow.test.ts', '**/*.browser.test.ts', '**/fuzz.test.ts', '**/bench.test.ts'];

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    // Type-checking happens once in `npm test` (tsc --noEmit); per-file transpiling keeps jest fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/no-unhandled-rejections.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 20000,
  // The web chat's bundle (dist/web/widget.js) rebuilt once per run, for both projects.
  globalSetup: '<rootDir>/test/setup/build-widget.js',
  projects: [
    { ...common, displayName: 'fast', testMatch: ['**/*.test.ts', ...SLOW.map((glob) => `!${glob}`)] },
    { ...common, displayName: 'slow', testMatch: SLOW },
  ],
};
