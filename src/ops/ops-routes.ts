import type { HttpServer } from '../http/server';
import type { StateHealth } from '../state';
import type { Metrics } from './metrics';

/** Something whose readiness /healthz reports: each platform adapter. */
export interface HealthCheck {
  readonly name: string;
  isReady(): boolean;
}

/**
 * GET /healthz: 200 only when every configured platform adapter is connected, 503 otherwise,
 * with which is which. With shared state (REDIS_URL), `state` says whether Redis is reachable:
 * while it is not, the status is "degraded", still 200 (the replica answers, from its own
 * memory), and "ok" again once Redis is back. GET /metrics: Prometheus text format.
 */
export function registerOpsRoutes(http: HttpServer, adapters: () => readonly HealthCheck[], metrics: Metrics, state?: { health(): StateHealth }): void {
  http.route('GET', '/healthz', (_req, res) => {
    const status = Object.fromEntries(adapters().map((a) => [a.name, a.isReady()]));
    const healthy = Object.values(status).every(Boolean);
    const stateHealth = state?.health();
    const overall = !healthy ? 'unavailable' : stateHealth === 'degraded' ? 'degraded' : 'ok';
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`${JSON.stringify({ status: overall, adapters: status, ...(stateHealth ? { state: stateHealth } : {}) })}\n`);
  });
  http.route('GET', '/metrics', async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  });
}
