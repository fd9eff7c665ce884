import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ConfigError, type EnvDoc } from './config';

/**
 * OpenTelemetry tracing, OFF unless OTEL_TRACES_EXPORTER says `otlp` and/or `console` (the
 * standard variable; `none` or unset: off). When off, nothing of the SDK is even loaded, no
 * exporter exists and nothing leaves the process; @apollo/gateway's own spans then go to the
 * no-op tracer of @opentelemetry/api.
 *
 * When on: the HTTP instrumentation makes a server span for every /graphql request and a client
 * span for every call to a partner, and carries the W3C `traceparent` header from the gateway to
 * the subgraphs, so one trace shows a request across the federation. Call it once per process,
 * in main before the server listens. The instrumentation hooks Node's own `require`, so it does
 * nothing inside Jest's sandbox; tests/helpers/traced-federation.ts runs it under plain Node.
 */
export interface Tracing {
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /**
   * Whether a `traceparent` on incoming requests continues the caller's trace. Subgraphs: yes (the
   * caller is the gateway). The gateway: no, because its callers are on the internet and must not
   * pick our trace ids or force sampling; its traces start at the gateway.
   */
  acceptIncomingTraceContext?: boolean;
}

export type TracesExporter = 'otlp' | 'console';

/** The standard OpenTelemetry variables this module and the OTLP exporter read, in the gateway and every subgraph. */
export const TRACING_ENV: readonly EnvDoc[] = [
  {
    name: 'OTEL_TRACES_EXPORTER',
    shownDefault: 'not set (off)',
    description:
      '`otlp`, `console` or `otlp,console` turn on OpenTelemetry tracing in that process; not set or `none`: off, no SDK loaded, nothing sent; any other value stops start-up',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    shownDefault: '`http://localhost:4318`',
    description: 'base URL of the OTLP/HTTP collector; spans go to `<endpoint>/v1/traces`',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    shownDefault: 'not set',
    description: 'full URL for spans, used as given; wins over the base endpoint',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    shownDefault: 'not set (HTTP)',
    description: 'only OTLP over HTTP is supported: a `grpc` value stops start-up',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_EXPORTER_OTLP_COMPRESSION',
    shownDefault: 'exporter defaults',
    description: "read by the OTLP exporter itself (for example a collector's auth header)",
  },
  {
    name: 'OTEL_SERVICE_NAME',
    shownDefault: "`gateway`, or the partner's id (`care-stadszorg`)",
    description: 'service name on the spans; `service.namespace` is always `buurtgraaf`',
  },
  {
    name: 'OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG',
    shownDefault: '`parentbased_always_on`',
    description: 'standard sampler settings, for example `parentbased_traceidratio` and `0.1`',
  },
];

/** The exporters OTEL_TRACES_EXPORTER names; empty means tracing is off. Unknown names stop start-up. */
export function tracesExporters(env: NodeJS.ProcessEnv): TracesExporter[] {
  const names = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || names.includes('none')) return [];
  const unknown = names.filter((name) => name !== 'otlp' && name !== 'console');
  if (unknown.length > 0)
    throw new ConfigError([
      `OTEL_TRACES_EXPORTER: "${unknown.join(', ')}" is not supported; use otlp, console or none`,
    ]);
  if (/grpc/i.test(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? '')) {
    throw new ConfigError(['OTEL_EXPORTER_OTLP_PROTOCOL: only OTLP over HTTP is supported (port 4318), not grpc']);
  }
  return [...new Set(names)] as TracesExporter[];
}

/** Where OTLP spans go: the standard variables, else a collector on this machine (4318). */
export function otlpTracesUrl(env: NodeJS.ProcessEnv): string {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const url =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() ||
    (base ? `${base.replace(/\/+$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  if (!/^https?:\/\/[^/]/.test(url))
    throw new ConfigError([
      `OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL such as http://otel-collector:4318, not "${url}"`,
    ]);
  return url;
}

/** Starts tracing as the environment asks, or does nothing and returns null (the default). */
export function startTracing(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
  options: TracingOptions = {},
): Tracing | null {
  const exporters = tracesExporters(env);
  if (exporters.length === 0) return null;
  // Loaded only now: with tracing off the SDK costs nothing at start-up.
  const sdk = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const processors = exporters.map((kind): SpanProcessor => {
    if (kind === 'console') return new sdk.SimpleSpanProcessor(new sdk.ConsoleSpanExporter());
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    return new sdk.BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(env) }));
  });
  return startTracingWith(env.OTEL_SERVICE_NAME?.trim() || serviceName, processors, options);
}

/** The machinery behind startTracing, with the span processors given; tests pass an in-memory one. */
export function startTracingWith(
  serviceName: string,
  processors: SpanProcessor[],
  options: TracingOptions = {},
): Tracing {
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { registerInstrumentations } =
    require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');

  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'buurtgraaf' }),
    spanProcessors: [withoutPersonalData, ...processors],
  });
  const w3c = new W3CTraceContextPropagator();
  provider.register({ propagator: options.acceptIncomingTraceContext === false ? injectOnly(w3c) : w3c });
  const disableInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would drown the requests that matter.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)\b/.test(req.url ?? ''),
        requireParentforOutgoingSpans: true,
      }),
    ],
  });
  // Patch now even if http was loaded before us; code that reads http.request at call time
  // (the gateway's partner fetch) and every http.Server then go through the instrumentation.
  require('node:http');
  require('node:https');
  return {
    async shutdown() {
      disableInstrumentations();
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
      api.propagation.disable();
    },
  };
}

// A GET /graphql carries the query and the variables in its URL, which may hold personal data,
// and a caller's IP address is personal data too: spans keep the path and the partners' addresses.
const URL_ATTRIBUTES = ['url.full', 'url.query', 'http.url', 'http.target', 'url.path'];
const CALLER_ATTRIBUTES = ['client.address', 'network.peer.address', 'http.client_ip', 'net.peer.ip'];
const withoutPersonalData: SpanProcessor = {
  onStart(span: Span) {
    for (const key of URL_ATTRIBUTES) {
      const value = span.attributes[key];
      if (typeof value !== 'string') continue;
      if (key === 'url.query') span.setAttribute(key, 'REDACTED');
      else if (value.includes('?')) span.setAttribute(key, value.slice(0, value.indexOf('?')));
    }
    if (span.kind !== 1 /* SpanKind.SERVER */) return;
    for (const key of CALLER_ATTRIBUTES) if (key in span.attributes) span.setAttribute(key, 'REDACTED');
  },
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

function injectOnly(inner: TextMapPropagator): TextMapPropagator {
  return {
    inject: (context: Context, carrier: unknown, setter: TextMapSetter) => inner.inject(context, carrier, setter),
    extract: (context: Context, _carrier: unknown, _getter: TextMapGetter) => context,
    fields: () => inner.fields(),
  };
}
