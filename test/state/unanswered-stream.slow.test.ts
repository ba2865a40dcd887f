import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/logger';
import { UNANSWERED_STREAM, UnansweredLog } from '../../src/ops/unanswered-log';
import { RedisStateStore } from '../../src/state/redis-store';
import { report } from '../../src/tools/report-unanswered';
import { RedisServer } from '../helpers/redis-server';
import { Capture } from '../helpers/streams';

const PASSWORD = 'report-s3cret';
let server: RedisServer;
const dir = mkdtempSync(path.join(tmpdir(), 'unanswered-'));

beforeAll(async () => {
  server = await RedisServer.start({ password: PASSWORD });
});

afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function runReport(args: string[], env: Record<string, string>) {
  const out = new Capture();
  const errors = new Capture();
  const code = await report(args, env, out, errors);
  return { code, out: out.text, errors: errors.text };
}

test('replicas append to one shared log in Redis, redacted; report:unanswered reads it from REDIS_URL', async () => {
  const replicas = [0, 1].map(() => new RedisStateStore({ url: server.url, prefix: 'shared:', logger: silentLogger() }));
  await Promise.all(replicas.map((store) => store.ready()));
  const logs = replicas.map((store) => new UnansweredLog({ store }, (error) => { throw error; }));
  logs[0].record({ platform: 'slack', lang: 'fr', intent: 'unknown', confidence: 0.1, question: 'Webmail ?' });
  logs[1].record({ platform: 'discord', lang: 'fr', intent: 'unknown', confidence: 0.2, question: 'webmail' });
  logs[1].record({ platform: 'discord', lang: 'en', intent: 'out_of_scope', confidence: 0.3, question: 'my password is Hunter22 why' });
  await Promise.all(logs.map((log) => log.close()));

  const inspector = server.client();
  const key = `shared:${UNANSWERED_STREAM}`;
  expect(await inspector.xlen(key)).toBe(3);
  expect(await inspector.pttl(key)).toBeGreaterThan(0);
  inspector.disconnect();
  await Promise.all(replicas.map((store) => store.close()));

  const { code, out } = await runReport([], { REDIS_URL: server.url, REDIS_PREFIX: 'shared:' });
  expect(code).toBe(0);
  expect(out).toContain('3 unanswered question(s) in the Redis stream shared:unanswered');
  expect(out).toMatch(/== French \(2\)\n\s+2 × "Webmail \?"/);
  expect(out).toContain('"my password is [redacted] why"');
  expect(out).not.toContain('Hunter22');
});

test('with REDIS_URL, a file given on the command line is still read as before', async () => {
  const file = path.join(dir, 'unanswered.jsonl');
  writeFileSync(file, `${JSON.stringify({ at: '2026-01-01T00:00:00Z', platform: 'console', lang: 'en', intent: 'unknown', confidence: 0, question: 'pop3 on a fridge' })}\nnot json\n`);
  const { code, out } = await runReport([file], { REDIS_URL: server.url });
  expect(code).toBe(0);
  expect(out).toContain(`1 unanswered question(s) in ${file}`);
  expect(out).toContain('"pop3 on a fridge"');
});

test('an empty shared log says so', async () => {
  const { code, out } = await runReport([], { REDIS_URL: server.url, REDIS_PREFIX: 'empty:' });
  expect([code, out]).toEqual([0, 'No unanswered questions recorded yet (the Redis stream empty:unanswered is empty).\n']);
});

test('an unreachable Redis is an error, not an empty report, and the password stays out of it', async () => {
  const { code, out, errors } = await runReport([], { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:1` });
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(errors).toContain('Redis cannot be reached at redis://:[redacted]@127.0.0.1:1: check REDIS_URL, or pass a JSON Lines file.');
  expect(errors).not.toContain(PASSWORD);
});
