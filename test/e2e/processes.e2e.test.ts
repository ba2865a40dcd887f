import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

/** The bot as a process, started the way users start it (bin/launch.js rebuilds dist/ first when it is stale). */

test('SIGTERM stops the bot cleanly with exit status 0 well within 10 seconds', async () => {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'launch.js'), 'main'], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info', UNANSWERED_LOG_FILE: 'off' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${stderr}`)), 15_000);
    child.stderr.on('data', () => {
      if (stderr.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const t0 = Date.now();
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  expect(code).toBe(0);
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect(stderr).toContain('"signal":"SIGTERM"');
});

test('`npm run --silent ask` prints nothing but the answer', () => {
  const root = path.resolve(__dirname, '..', '..');
  const result = spawnSync('npm', ['run', '--silent', 'ask', '--', '--json', 'imap port?'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout).intent).toBe('ports');
});
