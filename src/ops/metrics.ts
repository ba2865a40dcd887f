import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'mailconfig_' });
  }
}
