/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking happens once in `npm test` (tsc --noEmit); per-file transpiling keeps jest fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 20000,
  setupFilesAfterEnv: ['<rootDir>/test/setup/no-unhandled-rejections.ts'],
  globalSetup: '<rootDir>/test/setup/build-widget.js',
};
