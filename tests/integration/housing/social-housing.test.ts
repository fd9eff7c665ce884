import { districtOf } from '@buurtgraaf/protocol';
import { buildWorld, DEMO_YEARS } from '@buurtgraaf/demo-data';
import { decodeHousingFigures } from '@buurtgraaf/subgraph-kit/housing-figures';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { housingOf } from '../../helpers/partners';
import { ANALYST_CONTEXT } from '../../helpers/trust';
import {
  dataStatements,
  errorCodes,
  fetchEntities,
  fetchSdl,
  housingSeries,
  partnersOf,
  queryFields,
  representations,
} from '../entities';

// Every corporation answers only under its own field, with its stock of every year; choosing a
// year and checking it is the combining subgraph's (tests/integration/combiner/).

interface Stock {
  year: number;
  dwellings: number;
  stepFree: number;
  careSuitable: number;
  vacant: number;
  averageWaitingMonths: number | null;
  source: string;
}
type Measure = 'dwellings' | 'stepFree' | 'careSuitable' | 'vacant';
const MEASURES: Measure[] = ['dwellings', 'stepFree', 'careSuitable', 'vacant'];

// The partner does not know the hierarchy; the gateway gets it from the municipality partner.
const world = buildWorld('utrecht');
const neighbourhoods = world.areas.filter((area) => area.level === 'neighbourhood').map((area) => area.code);
const districts = world.areas.filter((area) => area.level === 'district').map((area) => area.code);

describe.each(ENGINES)('a housing subgraph on %s', (engine) => {
  describe.each(partnersOf('housing'))('run as $id', ({ id, field }) => {
    let subgraph: RunningSubgraph;
    let owned: Set<string>;
    beforeAll(async () => {
      subgraph = await startSubgraph(housingOf(id), engine, {});
      owned = new Set(
        (
          await subgraph.db.query<{ code: string }>('select distinct neighbourhood_code as code from social_housing')
        ).map((row) => row.code),
      );
    });
    afterAll(() => subgraph?.stop());

    const seriesOf = async (type: 'Neighbourhood' | 'District' | 'Municipality', codes: string[]) => {
      const response = await fetchEntities(subgraph.url, representations(type, codes), `code ${housingSeries(field)}`);
      expect(response.errors).toBeUndefined();
      return (response.data._entities as ({ code: string } & Record<string, { series: Stock[] }>)[]).map((entity) => ({
        code: entity.code,
        series: entity[field]!.series,
      }));
    };

    test('when the gateway asks the stock of all 111 Utrecht neighbourhoods, then every one comes back in one SQL statement', async () => {
      expect(neighbourhoods).toHaveLength(111);
      expect(owned.size).toBeGreaterThan(0);
      await seriesOf('Neighbourhood', neighbourhoods.slice(0, 1));
      subgraph.statements.length = 0;

      const entities = await seriesOf('Neighbourhood', neighbourhoods);

      expect(entities.map((entity) => entity.code)).toEqual(neighbourhoods);
      // Where it owns dwellings it has every year of the demo, oldest first; elsewhere nothing.
      for (const { code, series } of entities) {
        expect(series.map((stock) => stock.year)).toEqual(owned.has(code) ? DEMO_YEARS : []);
        expect(series.every((stock) => stock.source === 'GENERATED')).toBe(true);
      }
      expect(dataStatements(subgraph.statements)).toHaveLength(1);
    });

    test('when the stock of a neighbourhood is read, then its parts never exceed its dwellings', async () => {
      for (const { series } of await seriesOf('Neighbourhood', neighbourhoods)) {
        for (const stock of series) {
          for (const part of [stock.stepFree, stock.careSuitable, stock.vacant]) {
            expect(part).toBeGreaterThanOrEqual(0);
            expect(part).toBeLessThanOrEqual(stock.dwellings);
          }
        }
      }
    });

    test('when districts and the municipality are asked, then their stock of every year is the sum over their neighbourhoods', async () => {
      const parts = await seriesOf('Neighbourhood', neighbourhoods);
      const sum = (codes: string[], year: number, measure: Measure) =>
        parts
          .filter((part) => codes.includes(part.code))
          .flatMap((part) => part.series.filter((stock) => stock.year === year))
          .reduce((total, stock) => total + stock[measure], 0);

      const districtStock = await seriesOf('District', districts);
      expect(districtStock).toHaveLength(10);
      for (const district of districtStock) {
        const inDistrict = neighbourhoods.filter((code) => districtOf(code) === district.code);
        expect(inDistrict.length).toBeGreaterThan(0);
        expect(district.series.length).toBe(inDistrict.some((code) => owned.has(code)) ? DEMO_YEARS.length : 0);
        for (const stock of district.series) {
          for (const measure of MEASURES) expect(stock[measure]).toBe(sum(inDistrict, stock.year, measure));
        }
      }
      const [utrecht] = await seriesOf('Municipality', ['GM0344']);
      expect(utrecht!.series.map((stock) => stock.year)).toEqual(DEMO_YEARS);
      for (const stock of utrecht!.series) expect(stock.dwellings).toBe(sum(neighbourhoods, stock.year, 'dwellings'));
      expect(utrecht!.series.at(-1)!.dwellings).toBeGreaterThan(1_000);
    });

    test('when the gateway asks one year at every level, then each series holds that year as in the whole series, `years` still lists every year, and a batch is one statement for the figures and one for the years', async () => {
      const year = DEMO_YEARS.at(-2)!;
      for (const [type, codes] of [
        ['Neighbourhood', neighbourhoods],
        ['District', districts],
        ['Municipality', ['GM0344']],
      ] as const) {
        const whole = await seriesOf(type, [...codes]);
        subgraph.statements.length = 0;
        const response = await fetchEntities(
          subgraph.url,
          representations(type, codes),
          `code ${field}(years: [${year}]) { years series { year dwellings stepFree careSuitable vacant averageWaitingMonths source } }`,
        );

        expect(response.errors).toBeUndefined();
        const entities = response.data._entities as Record<string, { years: number[]; series: Stock[] }>[];
        expect(entities.map((entity) => entity[field]!.series)).toEqual(
          whole.map(({ series }) => series.filter((stock) => stock.year === year)),
        );
        expect(entities.map((entity) => entity[field]!.years)).toEqual(
          whole.map(({ series }) => series.map((stock) => stock.year)),
        );
        expect(dataStatements(subgraph.statements)).toHaveLength(2);
      }
    });

    test("when CBS says corporations own 0% of the dwellings in a neighbourhood, then the corporation's stock there is zero with no waiting time", async () => {
      // Welgelegen (BU03440111) has no corporation dwellings; the demo gives both corporations a part of it.
      const [welgelegen] = await seriesOf('Neighbourhood', ['BU03440111']);
      expect(welgelegen!.series).toHaveLength(DEMO_YEARS.length);
      for (const stock of welgelegen!.series)
        expect(stock).toMatchObject({
          dwellings: 0,
          stepFree: 0,
          careSuitable: 0,
          vacant: 0,
          averageWaitingMonths: null,
        });
    });

    test('when an area is unknown to the corporation, then it answers with an empty series without an error', async () => {
      expect(await seriesOf('Neighbourhood', ['BU99999999'])).toEqual([{ code: 'BU99999999', series: [] }]);
      expect(await seriesOf('District', ['WK999999'])).toEqual([{ code: 'WK999999', series: [] }]);
    });

    test('when the combiner reads the compact figures at every level, all years or one, then they are exactly the series', async () => {
      const year = DEMO_YEARS.at(-1)!;
      const both = 'series { year dwellings stepFree careSuitable vacant averageWaitingMonths source } figures';
      for (const [type, codes] of [
        ['Neighbourhood', neighbourhoods],
        ['District', districts],
        ['Municipality', ['GM0344']],
      ] as const) {
        const response = await fetchEntities(
          subgraph.url,
          representations(type, [...codes]),
          `code all: ${field} { ${both} } one: ${field}(years: [${year}]) { ${both} }`,
        );
        expect(response.errors).toBeUndefined();
        type Answer = { series: Stock[]; figures: string };
        const entities = response.data._entities as ({ code: string } & Record<'all' | 'one', Answer>)[];
        expect(entities.some((entity) => entity.all.series.some((row) => row.averageWaitingMonths !== null))).toBe(
          true,
        );
        for (const entity of entities)
          for (const answer of [entity.all, entity.one])
            expect({ code: entity.code, figures: decodeHousingFigures(answer.figures) }).toEqual({
              code: entity.code,
              figures: answer.series,
            });
      }
    });

    test('when its policy does not share the stock with the caller, then the envelope still comes back and the series and figures are null with FORBIDDEN', async () => {
      const response = await fetchEntities(
        subgraph.url,
        representations('Municipality', ['GM0344']),
        `code ${field} { series { year } figures }`,
        {
          ...ANALYST_CONTEXT,
          consumer: 'viewer',
          organisation: 'woonbond',
          roles: ['viewer'],
          purpose: 'public-information',
        },
      );
      expect(response.data._entities).toEqual([{ code: 'GM0344', [field]: { series: null, figures: null } }]);
      expect(errorCodes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    });

    test('when composition reads the SDL, then the corporation only adds its own hidden field to the shared areas', async () => {
      const sdl = await fetchSdl(subgraph.url);
      // `years` lets the gateway ask for part of the series (gateway/execution/narrow-years.ts).
      expect(sdl).toMatch(new RegExp(`${field}\\([^)]*years: \\[Int!\\]\\s*\\): HousingContribution @inaccessible`));
      expect(sdl).not.toContain('socialHousing');
      // No entry point of its own: every figure hangs off an area the municipality partner owns.
      expect(queryFields(sdl)).toEqual(['_entities', '_service']);
    });
  });
});
