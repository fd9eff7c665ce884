import { parseEnv } from '@buurtgraaf/platform';
import { municipality, settings as municipalitySettings } from '../../../subgraphs/municipality/subgraph';
import pg from 'pg';
import { ENGINES, type TestDatabase } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { CARE, careOf, careSettings, HOUSING, housingOf } from '../../helpers/partners';

/** Takes the database away under a running subgraph, as an outage would. */
async function loseDatabase(db: TestDatabase) {
  if (!db.url) return db.close();
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`drop database ${new URL(db.url).pathname.slice(1)} with (force)`);
  } finally {
    await admin.end();
  }
}

describe.each(ENGINES)('health endpoints on %s', (engine) => {
  const running: Record<string, RunningSubgraph> = {};
  beforeAll(async () => {
    const started = await Promise.all([
      startSubgraph(municipality, engine, parseEnv(municipalitySettings, {}), { seed: false }),
      startSubgraph(housingOf(), engine, {}, { seed: false }),
      startSubgraph(careOf(), engine, careSettings(), { seed: false }),
    ]);
    for (const subgraph of started) running[subgraph.name] = subgraph;
  });
  afterAll(() => Promise.all(Object.values(running).map((subgraph) => subgraph.stop())));

  const get = async (name: string, path: string) => {
    const response = await fetch(`${running[name]!.http.url}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
  };

  test.each(['municipality', HOUSING, CARE])(
    'when an orchestrator probes the running %s subgraph, then live and ready both answer 200',
    async (name) => {
      expect(await get(name, '/health/live')).toEqual({
        status: 200,
        type: expect.stringContaining('application/json'),
        body: { status: 'live' },
      });
      expect(await get(name, '/health/ready')).toEqual({
        status: 200,
        type: expect.stringContaining('application/json'),
        body: { status: 'ready' },
      });
    },
  );

  test('when ready is probed, then the subgraph really asked its database', async () => {
    const subgraph = running[CARE]!;
    subgraph.statements.length = 0;
    await get(CARE, '/health/ready');
    expect(subgraph.statements).toEqual(['select 1']);
  });

  test('when a response is sent, then it does not advertise the web framework', async () => {
    const response = await fetch(`${running.municipality!.http.url}/health/live`);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  test('when the database becomes unreachable, then ready answers 503 while live still answers 200', async () => {
    const subgraph = await startSubgraph(housingOf(), engine, {}, { seed: false });
    try {
      await loseDatabase(subgraph.db);
      const ready = await fetch(`${subgraph.http.url}/health/ready`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({
        status: 503,
        body: { status: 'database unreachable' },
      });
      expect((await fetch(`${subgraph.http.url}/health/live`)).status).toBe(200);
    } finally {
      // PGlite refuses a second close; the database is gone either way.
      await subgraph.stop().catch((error: Error) => {
        if (!/closed/.test(error.message)) throw error;
      });
    }
  });
});
