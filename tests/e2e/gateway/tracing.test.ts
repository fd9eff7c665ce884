import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SpanKind, trace } from '@opentelemetry/api';
import { ConfigError, otlpTracesUrl, startTracing } from '@buurtgraaf/platform';
import { partnersOfKind } from '../../../schema/subgraphs';
import { CARE } from '../../helpers/partners';

const run = promisify(execFile);

describe('tracing when nobody asked for it', () => {
  test.each([[{}], [{ OTEL_TRACES_EXPORTER: '' }], [{ OTEL_TRACES_EXPORTER: 'none' }]])(
    'when the environment is %j, then no exporter is made and every span is a no-op',
    (env) => {
      expect(startTracing('gateway', env)).toBeNull();
      const span = trace.getTracer('test').startSpan('nothing');
      expect(span.isRecording()).toBe(false);
      span.end();
    },
  );

  test('when OTEL_TRACES_EXPORTER names an exporter we do not ship, then start-up stops and names the variable', () => {
    expect(() => startTracing('gateway', { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(ConfigError);
    expect(() => startTracing('gateway', { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(() =>
      startTracing('gateway', { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toThrow(/grpc/);
  });

  test('when only a base endpoint is set, then traces go to its /v1/traces, and a traces endpoint wins as given', () => {
    expect(otlpTracesUrl({})).toBe('http://localhost:4318/v1/traces');
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      otlpTracesUrl({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/x',
      }),
    ).toBe('http://b:4318/x');
  });
});

interface Traced {
  statuses: number[];
  ports: Record<string, number>;
  clientTraceId: string;
  spans: { traceId: string; name: string; kind: number; attributes: Record<string, unknown> }[];
}

/** Runs tests/helpers/traced-federation.ts under plain Node (see there why not in Jest). */
async function traceFederation(env: Record<string, string>): Promise<Traced> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', '..', 'helpers', 'traced-federation.ts')],
    {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...inherited, LOG_LEVEL: 'silent', ...env },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Traced;
}

describe('tracing across the federation', () => {
  test('when tracing is on, then the gateway span and the subgraph spans share one trace id, and the spans keep neither a GET query nor the caller address', async () => {
    const { statuses, ports, spans } = await traceFederation({ TRACED_EXPORTER: 'memory' });
    expect(statuses).toEqual([200, 200]);
    const serverSpans = (port: number | undefined) =>
      spans.filter((span) => span.kind === SpanKind.SERVER && span.attributes['server.port'] === port);
    const profile = spans.find(
      (span) => span.name === 'gateway.request' && span.attributes['graphql.operation.name'] === 'Profile',
    );
    const traceOfProfile = spans.filter((span) => span.traceId === profile?.traceId);
    // Care demand is asked of every care provider, then added up by the combiner: one trace.
    const providers = partnersOfKind('care').map((partner) => ports[partner.name]);
    expect(
      traceOfProfile
        .filter((span) => span.kind === SpanKind.SERVER)
        .map((span) => span.attributes['server.port'])
        .sort(),
    ).toEqual([ports.gateway, ports.municipality, ports.combiner, ...providers].sort());
    expect(
      traceOfProfile.some((span) => span.kind === SpanKind.CLIENT && span.attributes['server.port'] === ports[CARE]),
    ).toBe(true);
    const get = serverSpans(ports.gateway).find((span) => span.attributes['http.request.method'] === 'GET');
    expect(get?.attributes).toMatchObject({
      'url.path': '/graphql',
      'url.query': 'REDACTED',
      'client.address': 'REDACTED',
    });
    expect(JSON.stringify(spans)).not.toContain('BU03440112');
  });

  test('when the gateway exports over OTLP and ignores incoming context, then spans reach the collector and a client cannot choose the trace id', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      const { statuses, clientTraceId } = await traceFederation({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_SERVICE_NAME: 'otlp-test',
        TRACED_ACCEPT_INCOMING: 'false',
      });
      expect(statuses).toEqual([200, 200]);
      const bodies = received
        .filter(({ path }) => path === '/v1/traces')
        .map(({ body }) => body)
        .join('\n');
      expect(bodies).toContain('otlp-test');
      expect(bodies).toContain('gateway.request');
      // OTLP/JSON writes trace ids in hex, so the client's id would show if it had been continued.
      expect(bodies).toMatch(/"traceId":"[0-9a-f]{32}"/);
      expect(bodies.toLowerCase()).not.toContain(clientTraceId);
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
