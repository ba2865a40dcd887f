import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Slack Web API stand-in for the benchmark, on 127.0.0.1: enough for `auth.test` and `users.info`. */
export interface BenchSlackApi {
  /** Base URL, as SLACK_API_URL would give it. */
  url: string;
  /** Calls answered so far, by method. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

export const BENCH_TEAM = 'TBENCH';

/** Starts one; every method answers `ok: true` (auth.test with a bot identity, users.info with a locale). */
export async function startBenchSlackApi(): Promise<BenchSlackApi> {
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const method = (req.url ?? '').split('?')[0].replace(/^\/api\//, '');
    calls.set(method, (calls.get(method) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      const body =
        method === 'auth.test'
          ? { ok: true, url: 'https://bench.slack.com/', team: 'Bench', user: 'bench', team_id: BENCH_TEAM, user_id: 'UBENCHBOT', bot_id: 'BBENCHBOT' }
          : method === 'users.info'
            ? { ok: true, user: { id: 'UBENCH', name: 'bench', locale: 'en-US' } }
            : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
