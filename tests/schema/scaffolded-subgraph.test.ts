import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPHS } from '../../schema/subgraphs';
import { scaffoldSubgraph } from '../../scripts/scaffold/scaffold';
import { openDatabase, type Database } from '@buurtgraaf/subgraph-kit/database';
import type { SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { listen, createLogger } from '@buurtgraaf/platform';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import { createSubgraph } from '@buurtgraaf/subgraph-kit/server';
import { forgetSigner, postGraphQL, registerSigner } from '../helpers/http';

const ROOT = join(__dirname, '..', '..');

// Scaffolded into a repository of its own, next to a link to the real kit, exactly where a
// partner's folder would stand; the real subgraphs/ is never touched.
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'scaffolded-'));
  mkdirSync(join(root, 'subgraphs'));
  symlinkSync(join(ROOT, 'subgraphs', 'kit'), join(root, 'subgraphs', 'kit'), 'dir');
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a scaffolded subgraph, running on its database', () => {
  let subgraph: { url: string; stop(): Promise<void> };
  let dir: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the scaffolded settings type lives in the temp folder
  let buurtwerk: SubgraphDefinition<object, any>;
  let partnerDb: Database;
  beforeAll(async () => {
    dir = scaffoldSubgraph({ name: 'buurtwerk', root, registered: SUBGRAPHS }).dir;
    // Loaded from the new folder itself, as `npx tsx subgraphs/buurtwerk/main.ts` would.
    let settings: Record<string, unknown>;
    ({ buurtwerk, settings } = (await import(join(dir, 'subgraph.ts'))) as {
      buurtwerk: SubgraphDefinition<object>;
      settings: Record<string, unknown>;
    });
    // Starting PGlite is most of this file's time; two start faster together than one by one.
    const [db, other] = await Promise.all([openDatabase({ memory: true }), openDatabase({ memory: true })]);
    partnerDb = other;
    await migrateSubgraph(db, buurtwerk.migrationsDir);
    await buurtwerk.seedDemo?.(db);
    const secret = randomBytes(32).toString('hex');
    const trust = { gatewaySecret: secret, signatureMaxAgeSeconds: 60, policyFile: join(dir, 'policy.json') };
    // The disclosure rule is wired in by default: the example figure counts people.
    expect(Object.keys(settings)).toEqual(['BUURTWERK_DISCLOSURE_THRESHOLD', 'BUURTWERK_DISCLOSURE_ROUND_TO']);
    const extra = { BUURTWERK_DISCLOSURE_THRESHOLD: 10, BUURTWERK_DISCLOSURE_ROUND_TO: 5 };
    const app = await createSubgraph(buurtwerk, { db, logger: createLogger('buurtwerk', 'silent'), extra, trust });
    const http = await listen(app.app, 0, '127.0.0.1', null);
    const url = `${http.url}/graphql`;
    registerSigner(url, secret, 'buurtwerk');
    subgraph = {
      url,
      stop: async () => {
        forgetSigner(url);
        await http.close();
        await app.stop();
        await db.close();
        await partnerDb.close();
      },
    };
  });
  afterAll(() => subgraph?.stop());

  test('when the gateway asks two neighbourhoods for a year, then the demo figures come back through the view, labelled GENERATED', async () => {
    const reps = [
      { __typename: 'Neighbourhood', code: 'BU03440111' },
      { __typename: 'Neighbourhood', code: 'BU99999999' },
    ];
    const response = await postGraphQL(subgraph.url, {
      query:
        'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Neighbourhood { code buurtwerkFigure(year: 2023) { year value suppressed source } } } }',
      variables: { reps },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data._entities).toEqual([
      {
        code: 'BU03440111',
        buurtwerkFigure: { year: 2023, value: expect.any(Number), suppressed: false, source: 'GENERATED' },
      },
      { code: 'BU99999999', buurtwerkFigure: null },
    ]);
    // Published through the disclosure rule: a multiple of 5, never below 10.
    const { value } = response.data._entities[0].buurtwerkFigure;
    expect(value % 5 === 0 && value >= 10).toBe(true);
  });

  test('when a year it has no figures for is asked, then the answer says which years it has', async () => {
    const response = await postGraphQL(subgraph.url, {
      query:
        '{ _entities(representations: [{ __typename: "Neighbourhood", code: "BU03440111" }]) { ... on Neighbourhood { buurtwerkFigure(year: 2031) { value } } } }',
    });
    expect(response.errors?.[0]).toMatchObject({
      message: 'No figures for 2031: this partner has figures for 2019 to 2024.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  test('when the partner table already exists with its own rows, then migrating keeps them and the view publishes them as PARTNER', async () => {
    const db = partnerDb;
    await db.exec(`create table buurtwerk_registratie (buurtcode text not null, peiljaar integer not null, aantal integer not null, primary key (buurtcode, peiljaar));
      insert into buurtwerk_registratie values ('BU03440111', 2024, 42), ('0344 0111', 2024, 7);`);
    await migrateSubgraph(db, buurtwerk.migrationsDir);
    expect(await buurtwerk.seedDemo?.(db)).toBe(false);
    const store = (await import(join(dir, 'store.ts'))) as typeof import('../../packages/subgraph-kit/template/store');
    expect(await store.figuresOf(db, [{ code: 'BU03440111', year: 2024 }])).toEqual([
      { areaCode: 'BU03440111', year: 2024, value: 42, source: 'PARTNER' },
    ]);
    expect(await db.query('select area_code from buurtwerk_figure')).toEqual([{ area_code: 'BU03440111' }]);
  });
});
