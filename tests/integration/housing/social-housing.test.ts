import { housing } from '../../../subgraphs/housing/subgraph';
import { districtOf } from '../../../subgraphs/kit/areas';
import { buildWorld } from '../../../subgraphs/kit/demo/world';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { errorCodes, fetchEntities, fetchSdl, queryFields, representations } from '../entities';

interface Stock { year: number; dwellings: number; stepFree: number; careSuitable: number; vacant: number; averageWaitingMonths: number | null; source: string }
const STOCK = 'code socialHousing(year: 2023) { year dwellings stepFree careSuitable vacant averageWaitingMonths source }';

// The partner does not know the hierarchy; the gateway gets it from the municipality partner.
const world = buildWorld('utrecht');
const neighbourhoods = world.areas.filter((area) => area.level === 'neighbourhood').map((area) => area.code);
const districts = world.areas.filter((area) => area.level === 'district').map((area) => area.code);

describe.each(ENGINES)('the housing subgraph on %s', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(housing, engine, {});
  });
  afterAll(() => subgraph?.stop());

  const stockOf = async (type: 'Neighbourhood' | 'District' | 'Municipality', codes: string[]) => {
    const response = await fetchEntities(subgraph.url, representations(type, codes), STOCK);
    expect(response.errors).toBeUndefined();
    return response.data._entities as { code: string; socialHousing: Stock | null }[];
  };

  test('when the gateway asks the stock of all 111 Utrecht neighbourhoods, then every one comes back in one SQL statement', async () => {
    expect(neighbourhoods).toHaveLength(111);
    await stockOf('Neighbourhood', neighbourhoods.slice(0, 1));
    subgraph.statements.length = 0;

    const entities = await stockOf('Neighbourhood', neighbourhoods);

    expect(entities.map((entity) => entity.code)).toEqual(neighbourhoods);
    expect(entities.every((entity) => entity.socialHousing?.year === 2023 && entity.socialHousing.source === 'GENERATED')).toBe(true);
    expect(subgraph.statements).toHaveLength(1);
  });

  test('when the stock of a neighbourhood is read, then its parts never exceed its dwellings', async () => {
    for (const { socialHousing } of await stockOf('Neighbourhood', neighbourhoods)) {
      const stock = socialHousing!;
      for (const part of [stock.stepFree, stock.careSuitable, stock.vacant]) {
        expect(part).toBeGreaterThanOrEqual(0);
        expect(part).toBeLessThanOrEqual(stock.dwellings);
      }
    }
  });

  test('when districts and the municipality are asked, then their stock is the sum over their neighbourhoods', async () => {
    const parts = await stockOf('Neighbourhood', neighbourhoods);
    const sum = (codes: string[], field: 'dwellings' | 'stepFree' | 'careSuitable' | 'vacant') =>
      parts.filter((part) => codes.includes(part.code)).reduce((total, part) => total + part.socialHousing![field], 0);

    const districtStock = await stockOf('District', districts);
    expect(districtStock).toHaveLength(10);
    for (const district of districtStock) {
      const inDistrict = neighbourhoods.filter((code) => districtOf(code) === district.code);
      expect(inDistrict.length).toBeGreaterThan(0);
      for (const field of ['dwellings', 'stepFree', 'careSuitable', 'vacant'] as const) {
        expect(district.socialHousing?.[field]).toBe(sum(inDistrict, field));
      }
    }
    const [utrecht] = await stockOf('Municipality', ['GM0344']);
    expect(utrecht?.socialHousing?.dwellings).toBe(sum(neighbourhoods, 'dwellings'));
    expect(utrecht?.socialHousing?.dwellings).toBeGreaterThan(1_000);
  });

  test('when CBS says corporations own 0% of the dwellings in a neighbourhood, then the corporation\'s stock there is zero with no waiting time', async () => {
    const [welgelegen] = await stockOf('Neighbourhood', ['BU03440111']);
    expect(welgelegen?.socialHousing).toMatchObject({ dwellings: 0, stepFree: 0, careSuitable: 0, vacant: 0, averageWaitingMonths: null });
  });

  test('when an area is unknown to the corporation, then its stock is null without an error', async () => {
    const entities = await stockOf('Neighbourhood', ['BU99999999']);
    expect(entities).toEqual([{ code: 'BU99999999', socialHousing: null }]);
    expect(await stockOf('District', ['WK999999'])).toEqual([{ code: 'WK999999', socialHousing: null }]);
  });

  test('when 50 entities ask for a year outside the data, then the client gets exactly one BAD_USER_INPUT naming the range', async () => {
    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', neighbourhoods.slice(0, 50)), 'socialHousing(year: 1850) { dwellings }');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('2019 to 2024');
    expect(response.data._entities).toHaveLength(50);
    expect(response.data._entities.every((entity: { socialHousing: unknown }) => entity.socialHousing === null)).toBe(true);
  });

  test('when a neighbourhood\'s history is asked, then it has one entry per year, oldest first', async () => {
    const response = await fetchEntities(subgraph.url, representations('Neighbourhood', ['BU03440112']), 'socialHousingHistory { year dwellings }');
    const history = response.data._entities[0].socialHousingHistory as { year: number }[];
    expect(history.map((entry) => entry.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
  });

  test('when composition reads the SDL, then housing only adds fields to the shared areas', async () => {
    const sdl = await fetchSdl(subgraph.url);
    expect(sdl).toContain('socialHousing(year: Int!): SocialHousing');
    // No entry point of its own: every figure hangs off an area the municipality partner owns.
    expect(queryFields(sdl)).toEqual(['_entities', '_service']);
  });
});
