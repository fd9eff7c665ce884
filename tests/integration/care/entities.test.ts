import { care, settings } from '../../../subgraphs/care/subgraph';
import { parseEnv } from '../../../subgraphs/kit/config';
import { buildWorld } from '../../../subgraphs/kit/demo/world';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { errorCodes, fetchEntities, fetchSdl, objectTypes, queryFields, representations } from '../entities';

const neighbourhoods = buildWorld('utrecht').areas.filter((area) => area.level === 'neighbourhood').map((area) => area.code);
const DEMAND = 'code careDemand(year: 2023) { year targetGroup clients waitingList suppressed waitingListSuppressed source }';

describe.each(ENGINES)('the care subgraph on %s', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(care, engine, parseEnv(settings, {}));
  });
  afterAll(() => subgraph?.stop());

  test('when composition reads the SDL, then only aggregates are on offer and nothing reaches the client records', async () => {
    const sdl = await fetchSdl(subgraph.url);
    const types = objectTypes(sdl);
    const own = [...types.keys()].filter((name) => !name.startsWith('_') && name !== 'Query').sort();
    expect(own).toEqual(['CareDemand', 'District', 'Municipality', 'Neighbourhood']);
    expect([...(types.get('CareDemand') ?? [])].sort()).toEqual(['clients', 'source', 'suppressed', 'targetGroup', 'waitingList', 'waitingListSuppressed', 'year']);
    for (const area of ['Municipality', 'District', 'Neighbourhood']) {
      expect([...(types.get(area) ?? [])].sort()).toEqual(['careDemand', 'careDemandHistory', 'careDemandSeries', 'code']);
    }
    expect(queryFields(sdl)).toEqual(['_entities', '_service']);
    expect(sdl).not.toMatch(/care_client|CareClient|waitingSince|careStart|careEnd/i);
  });

  test('when a client-level type is asked for, then the request is refused as invalid', async () => {
    const response = await fetchEntities(subgraph.url, [{ __typename: 'CareClient', code: '03440111-EL-1' }], 'code');
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(response.data).toBeUndefined();
  });

  test('when the gateway asks care demand of all 111 neighbourhoods, then it is one SQL statement', async () => {
    await fetchEntities(subgraph.url, representations('Neighbourhood', neighbourhoods.slice(0, 1)), DEMAND);
    subgraph.statements.length = 0;

    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', neighbourhoods), DEMAND);

    expect(response.errors).toBeUndefined();
    expect(response.data._entities.map((entity: { code: string }) => entity.code)).toEqual(neighbourhoods);
    expect(subgraph.statements).toHaveLength(1);
  });

  test('when a served neighbourhood is asked, then all four target groups come back for the year', async () => {
    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', ['BU03440111']), DEMAND);
    const demand = response.data._entities[0].careDemand as { year: number; targetGroup: string; source: string }[];
    expect(demand.map((row) => row.targetGroup).sort()).toEqual(['DISABILITY', 'ELDERLY', 'MENTAL_HEALTH', 'YOUTH']);
    expect(demand.every((row) => row.year === 2023 && row.source === 'GENERATED')).toBe(true);
  });

  test('when a neighbourhood the provider does not serve is asked, then its care demand is an empty list', async () => {
    const served = new Set((await subgraph.db.query<{ code: string }>('select distinct neighbourhood_code as code from care_client')).map((row) => row.code));
    const unserved = [...neighbourhoods.filter((code) => !served.has(code)), 'BU03631234'];
    expect(unserved.length).toBeGreaterThan(1);

    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', unserved), 'code careDemand(year: 2023) { clients } careDemandHistory(targetGroup: ELDERLY) { clients }');

    expect(response.errors).toBeUndefined();
    expect(response.data._entities).toEqual(unserved.map((code) => ({ code, careDemand: [], careDemandHistory: [] })));
  });

  test('when one target group is asked, then only that group comes back, and its history covers every year', async () => {
    const response = await fetchEntities(subgraph.url, representations('District', ['WK034401']),
      'careDemand(year: 2023, targetGroup: ELDERLY) { targetGroup } careDemandHistory(targetGroup: YOUTH) { year targetGroup }');
    const [district] = response.data._entities;
    expect(district.careDemand).toEqual([{ targetGroup: 'ELDERLY' }]);
    expect(district.careDemandHistory).toEqual([2019, 2020, 2021, 2022, 2023, 2024].map((year) => ({ year, targetGroup: 'YOUTH' })));
  });

  test('when the whole series is asked, then it holds every year and group, each disclosed exactly as careDemand discloses it', async () => {
    const fields = 'year targetGroup clients suppressed waitingList waitingListSuppressed';
    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', ['BU03440111']),
      `careDemandSeries { ${fields} } a: careDemand(year: 2019) { ${fields} } b: careDemand(year: 2024) { ${fields} }`);
    const [neighbourhood] = response.data._entities;
    expect(neighbourhood.careDemandSeries).toHaveLength(6 * 4);
    const byYear = (year: number) => neighbourhood.careDemandSeries.filter((row: { year: number }) => row.year === year);
    expect(byYear(2019)).toEqual(neighbourhood.a);
    expect(byYear(2024)).toEqual(neighbourhood.b);
  });

  test('when 50 entities ask for a year outside the data, then the client gets one BAD_USER_INPUT naming the range', async () => {
    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', neighbourhoods.slice(0, 50)), 'careDemand(year: 2031) { clients }');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('2019 to 2024');
  });
});
