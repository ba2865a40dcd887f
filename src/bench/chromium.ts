import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';

/**
 * Chromium from CHROMIUM_PATH or the PATH (Debian's `chromium`; .ci/run installs it).
 * playwright-core downloads no browser; without one this throws, saying how to get it.
 */
export function chromiumPath(): string {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : (process.env.PATH ?? '').split(path.delimiter).flatMap((dir) => ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'].map((name) => path.join(dir, name)));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next candidate
    }
  }
  throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH to its executable.');
}

/**
 * Headless, with everything that would reach out to Google turned off (no internet here, and
 * nothing should depend on it); Playwright gives each launch a fresh profile directory.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function launchChromium(): Promise<Browser> {
  // Loaded here only: playwright-core is a development dependency (tests and bench).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}
