import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import express from 'express';
import { loadGatewayConfig } from '../../../gateway/config';
import { createGateway, type Gateway } from '../../../gateway/gateway';
import type { GatewayContext } from '../../../gateway/observer';
import { createMetrics, type Metrics } from '../../../gateway/plugins/metrics';
import { useRequestLog } from '../../../gateway/plugins/request-log';
import { listen, type Listening } from '@buurtgraaf/platform';
import { SUBGRAPHS } from '../../../schema/subgraphs';
import { CARE, HOUSING } from '../../helpers/partners';
import { startFederation, type Federation } from '../../helpers/federation';
import { postGraphQL } from '../../helpers/http';
import { memoryLogger } from '../../helpers/logs';
import { CONSUMERS, headersFor } from '../../helpers/trust';
import { envPrefix } from '@buurtgraaf/protocol';
import { PRIMARY_ENGINE } from '../../helpers/database';

const value = async (metrics: Metrics, name: string, labels: Record<string, string>) => {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([key, expected]) => v.labels[key] === expected))
    ?.value;
};

// The plugins on a small server of their own, until the gateway wires them (see the hand-over).
describe('the metrics and request-log plugins', () => {
  const { logger, lines } = memoryLogger();
  let metrics: Metrics;
  let server: ApolloServer<GatewayContext>;
  const caller = {
    consumer: {
      id: 'analyst',
      organisation: 'gemeente-utrecht',
      roles: ['analyst'],
      purposes: ['neighbourhood-planning'],
    },
    purpose: 'neighbourhood-planning',
    transactionId: 'tx-observability-0001',
  };
  const ask = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
    server.executeOperation(
      { query, variables, operationName },
      { contextValue: { caller, partnersCalled: new Set(['municipality', 'care']) } },
    );

  beforeAll(async () => {
    metrics = createMetrics();
    server = new ApolloServer<GatewayContext>({
      typeDefs: 'type Query { name(code: String): String  care: Int }',
      resolvers: {
        Query: {
          name: () => 'Oog in Al',
          care: () => {
            throw new GraphQLError('The care partner could not be reached.', {
              extensions: { code: 'PARTNER_UNAVAILABLE' },
            });
          },
        },
      },
      plugins: [metrics.plugin, useRequestLog(logger)],
    });
    await server.start();
  });
  afterAll(() => server?.stop());
  beforeEach(() => void lines.splice(0));

  test('when two requests of one operation are answered, then its counter is 2 and its histogram holds two timings', async () => {
    await ask('query Twice { name }');
    await ask('query Twice { name }');
    expect(await value(metrics, 'buurtgraaf_graphql_requests_total', { operation: 'Twice', outcome: 'ok' })).toBe(2);
    expect(
      await value(metrics, 'buurtgraaf_graphql_request_duration_seconds', {
        operation: 'Twice',
        outcome: 'ok',
        le: '+Inf',
      }),
    ).toBe(2);
  });

  test('when a partner fails beside other data, then the outcome is partial and the error is counted by its code', async () => {
    await ask('query Partly { name care }');
    await ask('{ care }');
    expect(await value(metrics, 'buurtgraaf_graphql_requests_total', { operation: 'Partly', outcome: 'partial' })).toBe(
      1,
    );
    expect(
      await value(metrics, 'buurtgraaf_graphql_requests_total', { operation: 'anonymous', outcome: 'partial' }),
    ).toBe(1);
    expect(await value(metrics, 'buurtgraaf_graphql_errors_total', { code: 'PARTNER_UNAVAILABLE' })).toBe(2);
    await ask('{ nope }');
    expect(
      await value(metrics, 'buurtgraaf_graphql_requests_total', { operation: 'anonymous', outcome: 'error' }),
    ).toBe(1);
    expect(await value(metrics, 'buurtgraaf_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
  });

  test('when a client sends an odd or long operation name, then it is counted as "other", never as a series of its own', async () => {
    await ask(`query ${'A'.repeat(65)} { name }`);
    await ask('{ name }', undefined, 'drop table; --');
    expect(await value(metrics, 'buurtgraaf_graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBe(1);
    expect(await value(metrics, 'buurtgraaf_graphql_requests_total', { operation: 'other', outcome: 'error' })).toBe(1);
  });

  test('when a request is answered, then exactly one log line says who asked, why, how it went and whom it called, but not what', async () => {
    await ask('query Profile($code: String) { name(code: $code) care }', { code: 'secret-personal-value' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'graphql request',
      transactionId: 'tx-observability-0001',
      consumer: 'analyst',
      organisation: 'gemeente-utrecht',
      purpose: 'neighbourhood-planning',
      operationName: 'Profile',
      partners: ['care', 'municipality'],
      outcome: 'partial',
      errorCodes: ['PARTNER_UNAVAILABLE'],
    });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(lines)).not.toMatch(/secret-personal-value|query Profile|name\(code/);
  });

  test('when Prometheus scrapes the handler, then it gets the text format with the process metrics under the buurtgraaf_ prefix', async () => {
    const app = express().get('/metrics', metrics.handler);
    const http = await listen(app, 0);
    try {
      const response = await fetch(`${http.url}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(text).toContain('buurtgraaf_process_cpu_user_seconds_total');
      expect(text).toContain('buurtgraaf_nodejs_eventloop_lag_seconds');
      expect(text).toMatch(/^buurtgraaf_graphql_requests_total\{operation="Twice",outcome="ok"\} 2$/m);
    } finally {
      await http.close();
    }
  });

  test('when the circuit breaker of a partner changes, then the gauge shows 0 closed, 1 half-open, 2 open', async () => {
    const states: (number | undefined)[] = [];
    for (const state of ['open', 'half-open', 'closed'] as const) {
      metrics.observer.breakerChanged('housing', state);
      states.push(await value(metrics, 'buurtgraaf_partner_breaker_state', { partner: 'housing' }));
    }
    expect(states).toEqual([2, 1, 0]);
  });
});

describe('the metrics observer on a real gateway', () => {
  let federation: Federation;
  let metrics: Metrics;
  let gateway: Gateway;
  let http: Listening;
  beforeAll(async () => {
    federation = await startFederation(PRIMARY_ENGINE);
    metrics = createMetrics();
    const partners = Object.values(federation.subgraphs);
    const config = loadGatewayConfig({
      GATEWAY_CONSUMERS_FILE: federation.trust.consumersFile,
      ...Object.fromEntries(
        partners.flatMap(({ name, url }) => [
          [`SUBGRAPH_${envPrefix(name)}_URL`, url],
          [`SUBGRAPH_${envPrefix(name)}_SECRET_FILE`, federation.trust.secretFiles[name]],
        ]),
      ),
    });
    gateway = await createGateway(config, memoryLogger('silent').logger, metrics.observer);
    http = await listen(gateway.app, 0);
  });
  afterAll(async () => {
    await http?.close();
    await gateway?.stop();
    await federation?.stop();
  });

  const QUERY =
    '{ neighbourhood(code: "BU03440112") { name socialHousing(year: 2023) { dwellings } careDemand(year: 2023) { clients } } }';
  const count = async (partner: string, outcome: string) =>
    (await value(metrics, 'buurtgraaf_partner_fetch_duration_seconds', { partner, outcome, le: '+Inf' })) ?? 0;

  test('when a query calls the municipality, every corporation and provider and the combiner, then each is called once, each call is timed and every breaker shows closed', async () => {
    await postGraphQL(`${http.url}/graphql`, { query: QUERY }, headersFor('analyst'));
    for (const partner of SUBGRAPHS.filter((entry) => entry.kind !== 'insights').map((entry) => entry.name)) {
      // Once, the combiner too: the housing and the care sums go in one call (merge-siblings.ts).
      expect({ partner, calls: await count(partner, 'ok') }).toEqual({ partner, calls: 1 });
      expect(await value(metrics, 'buurtgraaf_partner_breaker_state', { partner })).toBe(0);
    }
  });

  test('when a care provider is down, then its error counter goes up and the others do not', async () => {
    const care = federation.subgraphs.care;
    await care.http.close();
    try {
      const { errors } = await postGraphQL(
        `${http.url}/graphql`,
        { query: QUERY },
        { 'x-api-key': CONSUMERS.analyst.key, 'x-purpose': 'neighbourhood-planning' },
      );
      expect(errors?.map((error) => error.extensions?.code)).toEqual(['PARTNER_UNAVAILABLE']);
      expect(
        await value(metrics, 'buurtgraaf_partner_fetch_errors_total', { partner: CARE, outcome: 'error' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        await value(metrics, 'buurtgraaf_partner_fetch_errors_total', { partner: HOUSING, outcome: 'error' }),
      ).toBeUndefined();
    } finally {
      await care.http.server.listen(care.http.port, '127.0.0.1');
    }
  });
});
