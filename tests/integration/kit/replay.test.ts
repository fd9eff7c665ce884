import { request as httpRequest } from 'node:http';
import { createSubgraph } from '@buurtgraaf/subgraph-kit/server';
import { parseEnv, listen, type Listening, createLogger } from '@buurtgraaf/platform';
import { municipality, settings } from '../../../subgraphs/municipality/subgraph';
import { createMigratedDatabase, ENGINES, type TestDatabase } from '../../helpers/database';
import { gatewayHeaders } from '../../helpers/http';

const SECRET = 'replay-test-secret-that-is-long-enough-0000';
const BODY = JSON.stringify({ query: '{ _service { sdl } }' });

/** One replica of the municipality subgraph over the shared database, as a second pod would run. */
async function replica(db: TestDatabase): Promise<Listening & { graphql: string }> {
  const subgraph = await createSubgraph(municipality, {
    db,
    logger: createLogger('test', 'silent'),
    extra: parseEnv(settings, {}),
    trust: {
      gatewaySecret: SECRET,
      signatureMaxAgeSeconds: 60,
      policyFile: `${__dirname}/../../../subgraphs/municipality/policy.json`,
    },
  });
  const http = await listen(subgraph.app, 0);
  const closeHttp = http.close;
  return Object.assign(http, {
    graphql: `${http.url}/graphql`,
    close: async () => {
      await closeHttp(100);
      await subgraph.stop();
    },
  });
}

/**
 * Ten copies of one signed request whose bodies follow only once the subgraph has taken every
 * copy's headers (`expect: 100-continue`: the server answers 100 as it reads the headers and
 * runs the middleware in the same turn). That is the window in which a nonce recorded only after
 * the body arrived let every copy pass. No timers: the bodies wait for the ten 100s.
 */
async function tenAtOnce(url: string, headers: Record<string, string>): Promise<number[]> {
  const continued: Promise<void>[] = [];
  const answered: Promise<number>[] = [];
  const requests = Array.from({ length: 10 }, () => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(BODY)),
        expect: '100-continue',
        ...headers,
      },
    });
    continued.push(new Promise((resolve) => request.once('continue', () => resolve())));
    answered.push(
      new Promise((resolve, reject) => {
        request.once('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.once('error', reject);
      }),
    );
    request.flushHeaders();
    return request;
  });
  await Promise.all(continued);
  for (const request of requests) request.end(BODY);
  return Promise.all(answered);
}

const send = (url: string, headers: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY }).then(
    (response) => response.status,
  );

describe.each(ENGINES)('replayed gateway requests on %s', (engine) => {
  let db: TestDatabase;
  let first: Awaited<ReturnType<typeof replica>>;
  let second: Awaited<ReturnType<typeof replica>>;
  beforeAll(async () => {
    db = await createMigratedDatabase(engine, municipality.migrationsDir);
    first = await replica(db);
    second = await replica(db);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await db?.drop();
  });

  test('when one signed request is sent ten times at once, then exactly one copy is answered', async () => {
    const statuses = await tenAtOnce(first.graphql, gatewayHeaders(first.graphql, BODY, SECRET, 'municipality'));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(9);
  });

  // PGlite is one process with one writer: replicas of a subgraph need PostgreSQL.
  (engine === 'postgres' ? test : test.skip)(
    'when a request answered by one replica is replayed to another, or to both at once, then only one answer leaves',
    async () => {
      const headers = gatewayHeaders(first.graphql, BODY, SECRET, 'municipality');
      expect(await send(first.graphql, headers)).toBe(200);
      expect(await send(second.graphql, headers)).toBe(401);
      const racing = gatewayHeaders(first.graphql, BODY, SECRET, 'municipality');
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => send(i % 2 ? second.graphql : first.graphql, racing)),
      );
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    },
  );
});
