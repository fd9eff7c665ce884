/**
 * A child process for the tracing tests: Jest runs tests in a sandbox whose `require` the
 * OpenTelemetry http instrumentation cannot hook, so tracing is tried here, under plain Node with
 * tsx, as in production. Tracing starts first, as in a main file; then a whole federation starts
 * in this process on 127.0.0.1, answers two requests and the spans are printed as JSON on stdout.
 *
 * Environment: the OTEL_* variables as in production, or TRACED_EXPORTER=memory for an in-memory
 * exporter; TRACED_ACCEPT_INCOMING=false to trace as the gateway does (ignore a client's traceparent).
 */
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { startTracing, startTracingWith } from '@buurtgraaf/platform';

const CLIENT_TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

async function main() {
  const options = { acceptIncomingTraceContext: process.env.TRACED_ACCEPT_INCOMING !== 'false' };
  const memory = process.env.TRACED_EXPORTER === 'memory' ? new InMemorySpanExporter() : null;
  const tracing = memory
    ? startTracingWith('traced-federation', [new SimpleSpanProcessor(memory)], options)
    : startTracing('gateway', process.env, options);
  // Loaded after tracing started, as main files will do.
  const { startFederation } = require('./federation') as typeof import('./federation');
  const { headersFor } = require('./trust') as typeof import('./trust');
  // The run's primary engine: PostgreSQL databases come from the run's template in a moment, where
  // seven PGlite instances cost this process seconds of start-up.
  const { PRIMARY_ENGINE } = require('./database') as typeof import('./database');
  const federation = await startFederation(PRIMARY_ENGINE);
  const headers = {
    ...headersFor('analyst'),
    'content-type': 'application/json',
    ...(options.acceptIncomingTraceContext ? {} : { traceparent: CLIENT_TRACEPARENT }),
  };
  const query = 'query Profile { neighbourhood(code: "BU03440112") { name careDemand(year: 2023) { clients } } }';
  const post = await fetch(federation.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query }) });
  const get = await fetch(
    `${federation.gatewayUrl}?query=${encodeURIComponent('{ neighbourhood(code: "BU03440112") { name } }')}`,
    {
      headers: { ...headersFor('analyst'), 'apollo-require-preflight': 'true' },
    },
  );
  await federation.stop();
  // Read before shutdown: an in-memory exporter forgets its spans when it is shut down.
  const spans = (memory?.getFinishedSpans() ?? []).map((span) => ({
    traceId: span.spanContext().traceId,
    name: span.name,
    kind: span.kind,
    attributes: span.attributes,
  }));
  await tracing?.shutdown();
  const urls: [string, string][] = [
    ['gateway', federation.gatewayUrl],
    ...Object.values(federation.subgraphs).map(({ name, url }): [string, string] => [name, url]),
  ];
  const ports = Object.fromEntries(urls.map(([name, url]) => [name, Number(new URL(url).port)]));
  process.stdout.write(
    `${JSON.stringify({ statuses: [post.status, get.status], ports, clientTraceId: CLIENT_TRACEPARENT.split('-')[1], spans })}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
