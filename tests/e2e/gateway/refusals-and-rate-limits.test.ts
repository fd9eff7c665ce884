import { randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../../gateway/config';
import { createGateway } from '../../../gateway/gateway';
import { loadConsumers } from '../../../gateway/trust/consumers';
import { SUBGRAPHS } from '../../../schema/subgraphs';
import { listen, createLogger, type Logger } from '@buurtgraaf/platform';
import { postGraphQL } from '../../helpers/http';
import { memoryLogger } from '../../helpers/logs';
import { createTrustFiles, headersFor, type ConsumerName } from '../../helpers/trust';
import { envPrefix } from '@buurtgraaf/protocol';

// A gateway alone: everything here is decided before any partner is asked ({ __typename } asks none).
const trust = createTrustFiles(SUBGRAPHS.map((entry) => entry.name));
const baseEnv = {
  GATEWAY_CONSUMERS_FILE: trust.consumersFile,
  GATEWAY_SUPERGRAPH_POLL_MS: '0',
  ...Object.fromEntries(
    SUBGRAPHS.map(({ name }) => [`SUBGRAPH_${envPrefix(name)}_SECRET_FILE`, trust.secretFiles[name]]),
  ),
};
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

async function gateway(env: Record<string, string> = {}, logger: Logger = createLogger('test', 'silent')) {
  const running = await createGateway(loadGatewayConfig({ ...baseEnv, ...env }), logger);
  const http = await listen(running.app, 0);
  stops.push(async () => {
    await http.close(100);
    await running.stop();
  });
  const ask = (as: ConsumerName | Record<string, string>, query = '{ __typename }') =>
    postGraphQL(`${http.url}/graphql`, { query }, typeof as === 'string' ? headersFor(as) : as);
  const metrics = () => fetch(`${http.url}/metrics`).then((response) => response.text());
  return { ask, metrics };
}

describe('requests refused before GraphQL runs', () => {
  test('when a request is refused with 401 or 403, then it has its request log line and is counted in the metrics', async () => {
    const log = memoryLogger();
    const { ask, metrics } = await gateway({}, log.logger as unknown as Logger);
    expect((await ask({ 'x-api-key': 'not-a-key', 'x-purpose': 'neighbourhood-planning' })).status).toBe(401);
    const forbidden = await ask({ ...headersFor('analyst'), 'x-purpose': 'care-planning' });
    expect(forbidden.status).toBe(403);
    const line = await log.next((entry) => entry.msg === 'graphql request' && entry.status === 401);
    expect(line).toMatchObject({
      outcome: 'refused',
      errorCodes: ['UNAUTHENTICATED'],
      transactionId: expect.any(String),
    });
    expect(await log.next((entry) => entry.msg === 'graphql request' && entry.status === 403)).toMatchObject({
      consumer: 'analyst',
      organisation: 'gemeente-utrecht',
      errorCodes: ['PURPOSE_NOT_ALLOWED'],
    });
    const text = await metrics();
    expect(text).toContain('buurtgraaf_http_refusals_total{status="401",code="UNAUTHENTICATED"} 1');
    expect(text).toContain('buurtgraaf_http_refusals_total{status="403",code="PURPOSE_NOT_ALLOWED"} 1');
  });
});

describe('names that start with a dash', () => {
  test('when a trusted caller brings an x-transaction-id starting with "-", then the gateway replaces it', async () => {
    const { ask } = await gateway();
    const own = await ask({ ...headersFor('trusted'), 'x-transaction-id': 'bi-run-000123' });
    expect(own.headers.get('x-transaction-id')).toBe('bi-run-000123');
    const dashed = await ask({ ...headersFor('trusted'), 'x-transaction-id': '-cmd-injection' });
    expect(dashed.headers.get('x-transaction-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('when the consumers file names a consumer or organisation starting with "-", then it does not load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-consumers-'));
    const consumer = {
      id: 'bi-tool',
      organisation: 'gemeente-utrecht',
      roles: ['analyst'],
      purposes: ['neighbourhood-planning'],
      apiKeySha256: '0'.repeat(64),
    };
    for (const wrong of [{ id: '-bi-tool' }, { organisation: '-gemeente' }, { roles: ['-analyst'] }]) {
      const file = join(dir, `${randomBytes(4).toString('hex')}.json`);
      writeFileSync(
        file,
        JSON.stringify({ purposes: { 'neighbourhood-planning': 'x' }, consumers: [{ ...consumer, ...wrong }] }),
      );
      expect(() => loadConsumers(file)).toThrow(/not starting with '-'/);
    }
  });
});

describe('per-consumer rate limits', () => {
  test('when a consumer sends more requests per minute than its role allows, then the rest get 429 with retry-after, and other consumers are not affected', async () => {
    const { ask, metrics } = await gateway({
      GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE: '3',
      GATEWAY_RATE_LIMITS: JSON.stringify({ developer: { requestsPerMinute: 5, costPerMinute: 1000 } }),
    });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await ask('analyst')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await ask('analyst');
    expect([limited.status, limited.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The developer's role allows 5, and its count is its own.
    const developer = [];
    for (let i = 0; i < 6; i += 1) developer.push((await ask('developer')).status);
    expect(developer).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await metrics()).toContain('buurtgraaf_http_refusals_total{status="429",code="RATE_LIMITED"}');
  });

  test('when the limits per role are not valid JSON of the right shape, or Redis is not a redis URL, then the gateway does not start and names them', () => {
    expect(() => loadGatewayConfig({ ...baseEnv, GATEWAY_RATE_LIMITS: '{analyst: 5}' })).toThrow(
      /GATEWAY_RATE_LIMITS: must be JSON/,
    );
    expect(() =>
      loadGatewayConfig({
        ...baseEnv,
        GATEWAY_RATE_LIMITS: '{"analyst": {"requestsPerMinute": 0, "costPerMinute": 5}}',
      }),
    ).toThrow(/GATEWAY_RATE_LIMITS/);
    expect(() => loadGatewayConfig({ ...baseEnv, GATEWAY_REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(
      /GATEWAY_REDIS_URL: must be a redis/,
    );
    expect(loadGatewayConfig(baseEnv).rateLimits).toEqual({
      default: { requestsPerMinute: 1200, costPerMinute: 20_000_000 },
      byRole: {},
      redisUrl: undefined,
      keyPrefix: 'buurtgraaf',
    });
  });

  test('when a consumer spends more cost per minute than its role allows, then the operation that would pass the budget gets 429', async () => {
    const { ask } = await gateway({ GATEWAY_RATE_LIMIT_COST_PER_MINUTE: '5' });
    const three = '{ a: __typename b: __typename c: __typename }';
    expect((await ask('analyst', three)).status).toBe(200);
    const over = await ask('analyst', three);
    expect([over.status, over.errors?.[0]?.extensions?.code, over.data]).toEqual([429, 'RATE_LIMITED', undefined]);
    expect(over.errors?.[0]?.message).toMatch(/cost budget of 5 per minute/);
  });

  // Needs a Redis: .ci/run sets TEST_REDIS_URL when the machine's own answers on 127.0.0.1:6379.
  (process.env.TEST_REDIS_URL ? test : test.skip)(
    'when two gateway replicas share a Redis, then a consumer limit holds across both',
    async () => {
      const shared = {
        GATEWAY_REDIS_URL: process.env.TEST_REDIS_URL ?? '',
        GATEWAY_REDIS_KEY_PREFIX: `buurtgraaf-test-${randomBytes(6).toString('hex')}`,
        GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE: '4',
      };
      const [first, second] = [await gateway(shared), await gateway(shared)];
      const statuses = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await first.ask('viewer')).status, (await second.ask('viewer')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    },
  );

  // Needs a Redis, as above. A found bug: a replica that took requests before its Redis connection
  // was up counted them in its own memory, so a shared limit let one more through.
  (process.env.TEST_REDIS_URL ? test : test.skip)(
    'when a replica starts while its Redis is slow to answer, then its first requests already count against the shared limit',
    async () => {
      const redis = new URL(process.env.TEST_REDIS_URL ?? '');
      const slow = await slowTcpProxy(redis.hostname, Number(redis.port || 6379), 1_000);
      try {
        const shared = {
          GATEWAY_REDIS_KEY_PREFIX: `buurtgraaf-test-${randomBytes(6).toString('hex')}`,
          GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE: '2',
        };
        const first = await gateway({ ...shared, GATEWAY_REDIS_URL: process.env.TEST_REDIS_URL ?? '' });
        expect((await first.ask('viewer')).status).toBe(200);
        expect((await first.ask('viewer')).status).toBe(200);
        const second = await gateway({ ...shared, GATEWAY_REDIS_URL: `redis://127.0.0.1:${slow.port}` });
        expect((await second.ask('viewer')).status).toBe(429);
      } finally {
        await slow.close();
      }
    },
  );
});

/** A TCP path to `host:port` that lets each connection through only after `delayMs`. */
async function slowTcpProxy(host: string, port: number, delayMs: number) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.pause();
    setTimeout(() => {
      const upstream = connect(port, host, () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
