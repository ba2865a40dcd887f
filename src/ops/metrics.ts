import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The bot's Prometheus metrics, on their own registry (served at GET /metrics). */
export class Metrics {
  readonly registry = new Registry();
  readonly messages = new Counter({
    name: 'mailconfig_messages_total',
    help: 'Messages answered, by platform, intent and language.',
    labelNames: ['platform', 'intent', 'lang'] as const,
    registers: [this.registry],
  });
  readonly fallbacks = new Counter({
    name: 'mailconfig_fallbacks_total',
    help: 'Messages the bot did not understand well enough to answer.',
    labelNames: ['platform', 'lang'] as const,
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'mailconfig_errors_total',
    help: 'Errors while handling messages or talking to a platform.',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'mailconfig_rate_limited_total',
    help: 'Messages refused because a user sent too many too fast.',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'mailconfig_answer_seconds',
    help: 'Time to understand and answer one message, in seconds.',
    labelNames: ['platform'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly stateOutages = new Counter({
    name: 'mailconfig_state_outages_total',
    help: 'Times the shared state store (Redis) became unreachable, at start-up or later.',
    registers: [this.registry],
  });
  readonly stateFallbacks = new Counter({
    name: 'mailconfig_state_fallbacks_total',
    help: 'State operations answered from this process\'s memory because the shared store could not be reached.',
    labelNames: ['op'] as const,
    registers: [this.registry],
  });
  readonly stateDegraded = new Gauge({
    name: 'mailconfig_state_degraded',
    help: '1 while the shared state store is unreachable and this process uses its own memory, else 0.',
    registers: [this.registry],
  });

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'mailconfig_' });
  }
}
