import { municipality, settings } from '../../../subgraphs/municipality/subgraph';
import { parseEnv } from '@buurtgraaf/platform';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { postGraphQL } from '../../helpers/http';
import { errorCodes, fetchEntities, fetchSdl, representations } from '../entities';

// The replay check's nonce claims (kit/0004, on PostgreSQL) are about the request, not the partner's data.
const dataStatements = (subgraph: RunningSubgraph) =>
  subgraph.statements.filter((sql) => !sql.includes('signature_nonce'));

describe.each(ENGINES)('the municipality subgraph on %s, asked by the gateway', (engine) => {
  let subgraph: RunningSubgraph;
  let codes: string[];
  beforeAll(async () => {
    subgraph = await startSubgraph(municipality, engine, parseEnv(settings, {}));
    const rows = await subgraph.db.query<{ code: string }>(
      "select code from area where level = 'neighbourhood' order by code",
    );
    codes = rows.map((row) => row.code);
  });
  afterAll(() => subgraph?.stop());

  test('when the gateway resolves 100 neighbourhoods with their population, then it is one SQL statement per loader, not per neighbourhood', async () => {
    const hundred = codes.slice(0, 100);
    expect(hundred).toHaveLength(100);
    // Warm-up: the year range is read once and then cached for the process.
    await fetchEntities(
      subgraph.url,
      representations('Neighbourhood', hundred.slice(0, 1)),
      'population(year: 2023) { total }',
    );
    subgraph.statements.length = 0;

    const response = await fetchEntities(
      subgraph.url,
      representations('Neighbourhood', hundred),
      'code population(year: 2023) { total source }',
    );

    expect(response.errors).toBeUndefined();
    expect(response.data._entities.map((entity: { code: string }) => entity.code)).toEqual(hundred);
    expect(
      response.data._entities.every((entity: { population: { source: string } }) => entity.population.source === 'CBS'),
    ).toBe(true);
    // One statement decides which references exist (unknown codes must become null), one reads
    // the population of all of them: two, whatever the number of neighbourhoods.
    expect(subgraph.statements.filter((sql) => /\bfrom population\b/.test(sql))).toHaveLength(1);
    expect(subgraph.statements.filter((sql) => /\bfrom area\b/.test(sql))).toHaveLength(1);
    expect(dataStatements(subgraph)).toHaveLength(2);
  });

  test('when 100 neighbourhoods are resolved for their names only, then it is exactly one SQL statement', async () => {
    await fetchEntities(subgraph.url, representations('Neighbourhood', codes.slice(0, 1)), 'name');
    subgraph.statements.length = 0;
    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', codes.slice(0, 100)), 'name');
    expect(response.data._entities).toHaveLength(100);
    expect(dataStatements(subgraph)).toHaveLength(1);
  });

  test('when a representation has an unknown code, then that entity is null and the others resolve', async () => {
    const reps = [
      ...representations('Neighbourhood', ['BU03440111', 'BU99999999']),
      ...representations('District', ['WK034401', 'WK999999']),
      ...representations('Municipality', ['GM9999']),
    ];
    const response = await fetchEntities(subgraph.url, reps, 'name');
    expect(response.errors).toBeUndefined();
    expect(response.data._entities).toEqual([
      { name: 'Welgelegen, Den Hommel' },
      null,
      { name: 'Wijk 01 West' },
      null,
      null,
    ]);
  });

  test('when a representation names a code of another level, then it resolves to null rather than the wrong area', async () => {
    const response = await fetchEntities(
      subgraph.url,
      representations('Neighbourhood', ['WK034401', 'GM0344']),
      'name',
    );
    expect(response.data._entities).toEqual([null, null]);
  });

  test('when 50 entities ask for a year outside the data, then the client gets one BAD_USER_INPUT, not 50', async () => {
    const response = await fetchEntities(
      subgraph.url,
      representations('Neighbourhood', codes.slice(0, 50)),
      'population(year: 1850) { total }',
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('2019 to 2024');
  });

  test('when districts and a municipality are resolved, then their population is their own figure', async () => {
    const reps = [...representations('District', ['WK034401']), ...representations('Municipality', ['GM0344'])];
    const response = await fetchEntities(subgraph.url, reps, 'code population(year: 2024) { total source }');
    expect(response.data._entities).toEqual([
      { code: 'WK034401', population: { total: 29710, source: 'CBS' } },
      { code: 'GM0344', population: { total: 374238, source: 'CBS' } },
    ]);
  });

  test('when the gateway resolves vacant buildings by id, then known ones come back with their neighbourhood and unknown ones are null', async () => {
    const [building] = await subgraph.db.query<{ id: string; neighbourhood_code: string }>(
      'select id, neighbourhood_code from vacant_building order by id limit 1',
    );
    expect(building).toBeDefined();
    const response = await postGraphQL(subgraph.url, {
      query:
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on VacantBuilding { id address vacantSince neighbourhood { code } } } }',
      variables: {
        r: [
          { __typename: 'VacantBuilding', id: building!.id },
          { __typename: 'VacantBuilding', id: 'V-NOPE-1' },
        ],
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data._entities).toEqual([
      {
        id: building!.id,
        address: expect.any(String),
        vacantSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        neighbourhood: { code: building!.neighbourhood_code },
      },
      null,
    ]);
  });

  test('when composition reads the SDL, then the three areas are entities keyed by code', async () => {
    const sdl = await fetchSdl(subgraph.url);
    for (const type of ['Municipality', 'District', 'Neighbourhood']) {
      expect(sdl).toMatch(new RegExp(`type ${type}\\s+@key\\(fields: "code"\\)`));
    }
    expect(sdl).toContain('neighbourhoods(');
  });
});
