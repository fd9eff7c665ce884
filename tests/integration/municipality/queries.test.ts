import { municipality, settings } from '../../../subgraphs/municipality/subgraph';
import { parseEnv } from '@buurtgraaf/platform';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { postGraphQL } from '../../helpers/http';
import { errorCodes } from '../entities';
import { decodePopulationFigures } from '@buurtgraaf/subgraph-kit/population-figures';

describe.each(ENGINES)('the municipality subgraph on %s, queried directly', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(municipality, engine, parseEnv(settings, {}));
  });
  afterAll(() => subgraph?.stop());

  const query = (text: string, variables?: Record<string, unknown>) =>
    postGraphQL(subgraph.url, { query: text, variables });

  /** Follows `list`'s cursor to its last page (at most 10): every node, the pages it took and each page's totalCount. */
  async function pageThrough(document: string) {
    const nodes: { code: string; municipality?: { code: string } }[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const response = await query(document, { after });
      expect(response.errors).toBeUndefined();
      const page = response.data.list;
      totals.push(page.totalCount);
      nodes.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after && pages < 10);
    return { nodes, pages, totals };
  }

  test('when a neighbourhood is asked by code, then its name, place in the hierarchy and CBS population come back', async () => {
    const response = await query(`{ neighbourhood(code: "BU03440111") {
      code name district { code name } municipality { code name } population(year: 2023) { year total age65Plus source } } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data.neighbourhood).toEqual({
      code: 'BU03440111',
      name: 'Welgelegen, Den Hommel',
      district: { code: 'WK034401', name: 'Wijk 01 West' },
      municipality: { code: 'GM0344', name: 'Utrecht' },
      population: { year: 2023, total: 1810, age65Plus: 360, source: 'CBS' },
    });
  });

  test('when a well-formed code belongs to no neighbourhood, then the answer is null without an error', async () => {
    const response = await query(
      '{ neighbourhood(code: "BU99999999") { name } district(code: "WK999999") { name } municipality(code: "GM9999") { name } }',
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ neighbourhood: null, district: null, municipality: null });
  });

  test('when a code of another level is asked as a neighbourhood, then it is BAD_USER_INPUT', async () => {
    const response = await query('{ neighbourhood(code: "WK034401") { name } }');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.data?.neighbourhood ?? null).toBeNull();
  });

  test.each(['bu03440111', 'BU0344011', 'Utrecht'])(
    'when the code is malformed (%p), then the client gets BAD_USER_INPUT naming the code',
    async (code) => {
      const response = await query('query ($code: ID!) { neighbourhood(code: $code) { name } }', { code });
      expect(response.status).toBe(200);
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(code),
          extensions: { code: 'BAD_USER_INPUT', argument: 'code' },
        }),
      ]);
    },
  );

  test('when a year outside the data is asked, then BAD_USER_INPUT names the years there are', async () => {
    const response = await query('{ neighbourhood(code: "BU03440111") { name population(year: 1850) { total } } }');
    expect(response.errors).toEqual([
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', argument: 'year' },
        message: expect.stringContaining('2019 to 2024'),
      }),
    ]);
    expect(response.data.neighbourhood).toEqual({ name: 'Welgelegen, Den Hommel', population: null });
  });

  test('when the population history is asked, then every year from 2019 to 2024 comes back oldest first', async () => {
    const response = await query('{ municipality(code: "GM0344") { populationHistory { year source } } }');
    expect(response.data.municipality.populationHistory).toEqual(
      [2019, 2020, 2021, 2022]
        .map((year) => ({ year, source: 'GENERATED' }))
        .concat([2023, 2024].map((year) => ({ year, source: 'CBS' }))),
    );
  });

  test('when insights reads the compact population figures of every area, then they are exactly its population history', async () => {
    const both =
      'code populationHistory { year total age0to14 age15to24 age65Plus households singlePersonHouseholds source } populationFigures';
    const response = await query(
      `{ municipality(code: "GM0344") { ${both} districts { ${both} } neighbourhoods { ${both} } } }`,
    );
    expect(response.errors).toBeUndefined();
    const utrecht = response.data.municipality;
    const areas: { code: string; populationHistory: unknown[]; populationFigures: string }[] = [
      utrecht,
      ...utrecht.districts,
      ...utrecht.neighbourhoods,
    ];
    expect(areas.length).toBeGreaterThan(100);
    for (const area of areas)
      expect({ code: area.code, figures: decodePopulationFigures(area.populationFigures) }).toEqual({
        code: area.code,
        figures: area.populationHistory,
      });
  });

  test.each([0, -1, 20_001])(
    'when a page of %p neighbourhoods is asked, then it is BAD_USER_INPUT naming the bounds',
    async (first) => {
      const response = await query('query ($first: Int) { neighbourhoods(first: $first) { totalCount } }', { first });
      expect(response.errors).toEqual([
        expect.objectContaining({
          extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
          message: expect.stringContaining('between 1 and 20000'),
        }),
      ]);
      expect(response.data).toBeNull();
    },
  );

  test.each(['garbage', 'djE6eA', 'QlUwMzQ0MDExMQ'])(
    'when the after cursor %p was not handed out by the server, then it is BAD_USER_INPUT',
    async (after) => {
      const response = await query('query ($after: String) { neighbourhoods(after: $after) { totalCount } }', {
        after,
      });
      expect(response.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } }),
      ]);
    },
  );

  test('when a filter code is malformed, then BAD_USER_INPUT names the filter', async () => {
    const response = await query('{ neighbourhoods(municipality: "Utrecht") { totalCount } }');
    expect(response.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argument: 'municipality' } }),
    ]);
  });

  test('when a client pages through Utrecht 25 at a time, then it gets every neighbourhood exactly once, in code order', async () => {
    const { nodes, pages, totals } = await pageThrough(
      'query ($after: String) { list: neighbourhoods(municipality: "GM0344", first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }',
    );
    expect(new Set(totals)).toEqual(new Set([111]));
    expect(pages).toBe(5);
    const seen = nodes.map((node) => node.code);
    expect(seen).toHaveLength(111);
    expect(new Set(seen).size).toBe(111);
    expect(seen).toEqual([...seen].sort());
  });

  test('when one district is paged, then only its neighbourhoods come back and the last page says so', async () => {
    const response = await query(
      '{ neighbourhoods(district: "WK034401", first: 1000) { totalCount pageInfo { hasNextPage endCursor } nodes { code district { code } } } }',
    );
    const page = response.data.neighbourhoods;
    expect(page.nodes.length).toBe(page.totalCount);
    expect(page.nodes.every((node: { district: { code: string } }) => node.district.code === 'WK034401')).toBe(true);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  test("when a client pages through the districts 4 at a time, then it gets each of Utrecht's districts once, in code order, each with its municipality", async () => {
    const { nodes, pages, totals } = await pageThrough(
      'query ($after: String) { list: districts(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code municipality { code } } } }',
    );
    expect(new Set(totals)).toEqual(new Set([10]));
    expect(pages).toBe(3);
    const codes = nodes.map((district) => district.code);
    expect(codes).toEqual([...new Set(codes)].sort());
    expect(codes).toHaveLength(10);
    expect(nodes.every((district) => district.municipality?.code === 'GM0344')).toBe(true);
  });

  test("when a neighbourhood's cursor is passed to the districts, then BAD_USER_INPUT: a cursor belongs to its own list", async () => {
    const first = await query('{ neighbourhoods(first: 1) { pageInfo { endCursor } } }');
    const response = await query('query ($after: String) { districts(after: $after) { totalCount } }', {
      after: first.data.neighbourhoods.pageInfo.endCursor,
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('when the filter matches nothing, then the page is empty with no cursor', async () => {
    const response = await query(
      '{ neighbourhoods(municipality: "GM9999") { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }',
    );
    expect(response.data.neighbourhoods).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: [],
    });
  });

  test('when facilities are filtered by kind, then only that kind comes back, a subset of all facilities', async () => {
    const response = await query(
      '{ neighbourhood(code: "BU03440112") { all: facilities { id kind } schools: facilities(kind: PRIMARY_SCHOOL) { id kind } } }',
    );
    const { all, schools } = response.data.neighbourhood as Record<'all' | 'schools', { id: string; kind: string }[]>;
    expect(all.length).toBeGreaterThan(0);
    expect(schools).toEqual(all.filter((facility) => facility.kind === 'PRIMARY_SCHOOL'));
  });

  test('when the municipalities are listed, then Utrecht comes with its 10 districts', async () => {
    const response = await query('{ municipalities { code name districts { code } } }');
    expect(response.data.municipalities).toHaveLength(1);
    expect(response.data.municipalities[0]).toMatchObject({ code: 'GM0344', name: 'Utrecht' });
    expect(response.data.municipalities[0].districts).toHaveLength(10);
  });
});
