import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { summarise } from '@buurtgraaf/platform';
import type { BreakerState, GatewayContext, PartnerObserver } from '../observer';

const PREFIX = 'buurtgraaf_';
// Seconds, as Prometheus expects; from a cached lookup to a whole-country pull (about 7 s).
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Every distinct label value is a time series kept in memory for the life of the process, and the
 * operation name is chosen by the client. So only short plain names count, and only the first
 * `limit` distinct ones: past that (or for anything else) the label is "other".
 */
export function boundedLabel(limit: number, anonymous = 'anonymous'): (value: string | null | undefined) => string {
  const seen = new Set<string>();
  return (value) => {
    if (!value) return anonymous;
    if (!/^[A-Za-z0-9_]{1,64}$/.test(value)) return 'other';
    if (seen.has(value)) return value;
    if (seen.size >= limit) return 'other';
    seen.add(value);
    return value;
  };
}

export interface Metrics {
  registry: Registry;
  /** Counts and times every GraphQL request that reached Apollo, by operation and outcome. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** Pass to createGateway: partner fetch latency, failures and circuit breaker state. */
  observer: PartnerObserver;
  /**
   * Serves the registry in Prometheus text format, for GET /metrics. It asks for no credentials:
   * scrapers rarely carry the gateway's API keys, and nothing in it is personal data. It does show
   * operation names, partner names, error rates and breaker states, which help an attacker pick a
   * moment. So it is served on the gateway's own port for simplicity, but operators must keep it
   * internal: the reverse proxy or ingress in front of the gateway does not route /metrics from
   * the internet, and only the monitoring network may reach it.
   */
  handler: RequestHandler;
  /** Counts a request refused before Apollo ran (plugins/refusals.ts), by HTTP status and code. */
  refused(status: number, code: string): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const operation = boundedLabel(200);
  const code = boundedLabel(100, 'UNKNOWN');

  const requests = new Counter({
    name: `${PREFIX}graphql_requests_total`,
    help: 'GraphQL requests answered by the gateway, by operation name and outcome (ok, partial, error).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${PREFIX}graphql_request_duration_seconds`,
    help: 'Time from the start of a GraphQL request to its answer, by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: `${PREFIX}graphql_errors_total`,
    help: 'Errors in GraphQL answers, by extensions.code as the client saw it.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const partnerDuration = new Histogram({
    name: `${PREFIX}partner_fetch_duration_seconds`,
    help: 'Time of each gateway call to a partner subgraph, by partner and outcome.',
    labelNames: ['partner', 'outcome'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const partnerErrors = new Counter({
    name: `${PREFIX}partner_fetch_errors_total`,
    help: 'Gateway calls to a partner that failed or that the circuit breaker refused, by partner and outcome.',
    labelNames: ['partner', 'outcome'] as const,
    registers: [registry],
  });
  const breaker = new Gauge({
    name: `${PREFIX}partner_breaker_state`,
    help: 'Circuit breaker state per partner: 0 closed, 1 half-open, 2 open.',
    labelNames: ['partner'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: `${PREFIX}http_refusals_total`,
    help: 'Requests refused before GraphQL ran (401, 403, 429, malformed bodies), by HTTP status and code.',
    labelNames: ['status', 'code'] as const,
    registers: [registry],
  });
  // A partner shows up as closed from its first call on, so "no series" never means "healthy".
  const known = new Set<string>();

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, request }) {
          const { outcome, errorCodes } = summarise(response);
          // Resolved from the document, else what the client sent; boundedLabel keeps either in check.
          const labels = { operation: operation(operationName ?? request.operationName), outcome };
          requests.inc(labels);
          duration.observe(labels, (performance.now() - started) / 1000);
          for (const errorCode of errorCodes) errors.inc({ code: code(errorCode) });
        },
      };
    },
  };

  const observer: PartnerObserver = {
    fetched(partner, durationMs, outcome) {
      if (!known.has(partner)) {
        known.add(partner);
        breaker.set({ partner }, BREAKER_VALUE.closed);
      }
      partnerDuration.observe({ partner, outcome }, durationMs / 1000);
      if (outcome !== 'ok') partnerErrors.inc({ partner, outcome });
    },
    breakerChanged(partner, state) {
      known.add(partner);
      breaker.set({ partner }, BREAKER_VALUE[state]);
    },
  };

  const handler: RequestHandler = async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  };

  const refused = (status: number, errorCode: string) => {
    const labels = { code: code(errorCode) };
    refusals.inc({ status: String(status), ...labels });
    errors.inc(labels);
  };

  return { registry, plugin, observer, handler, refused };
}

/** One observer that tells several: the gateway's metrics and whatever a caller passes in. */
export function combineObservers(...observers: PartnerObserver[]): PartnerObserver {
  return {
    fetched: (partner, durationMs, outcome) =>
      observers.forEach((observer) => observer.fetched(partner, durationMs, outcome)),
    breakerChanged: (partner, state) => observers.forEach((observer) => observer.breakerChanged(partner, state)),
  };
}
