import { buildWorld, DEMO_YEARS } from '@buurtgraaf/demo-data';
import { decodeCareFigures } from '@buurtgraaf/subgraph-kit/care-figures';
import { ENGINES } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { careOf, careSettings } from '../../helpers/partners';
import { ANALYST_CONTEXT } from '../../helpers/trust';
import {
  careSeries,
  dataStatements,
  errorCodes,
  fetchEntities,
  fetchSdl,
  objectTypes,
  partnersOf,
  queryFields,
  representations,
} from '../entities';

// A care provider answers only under its own field, with its whole disclosed series; choosing a
// year or a target group, and checking the year, is the combining subgraph's (tests/integration/combiner/).

const neighbourhoods = buildWorld('utrecht')
  .areas.filter((area) => area.level === 'neighbourhood')
  .map((area) => area.code);
const GROUPS = ['DISABILITY', 'ELDERLY', 'MENTAL_HEALTH', 'YOUTH'];

interface Figures {
  year: number;
  targetGroup: string;
  source: string;
}

describe.each(ENGINES)('a care subgraph on %s', (engine) => {
  describe.each(partnersOf('care'))('run as $id', ({ id, field }) => {
    let subgraph: RunningSubgraph;
    let served: Set<string>;
    beforeAll(async () => {
      subgraph = await startSubgraph(careOf(id), engine, careSettings({}, id));
      served = new Set(
        (await subgraph.db.query<{ code: string }>('select distinct neighbourhood_code as code from care_client')).map(
          (row) => row.code,
        ),
      );
    });
    afterAll(() => subgraph?.stop());

    const seriesOf = async (codes: string[]) => {
      const response = await fetchEntities(
        subgraph.url,
        representations('Neighbourhood', codes),
        `code ${careSeries(field)}`,
      );
      expect(response.errors).toBeUndefined();
      return response.data._entities as ({ code: string } & Record<string, { series: Figures[] } | null>)[];
    };

    test("when composition reads the SDL, then only aggregates are on offer, under the provider's own hidden field, and nothing reaches the client records", async () => {
      const sdl = await fetchSdl(subgraph.url);
      const types = objectTypes(sdl);
      const own = [...types.keys()].filter((name) => !name.startsWith('_') && name !== 'Query').sort();
      expect(own).toEqual([
        'CareContribution',
        'CareFigures',
        'CareShare',
        'District',
        'Municipality',
        'Neighbourhood',
      ]);
      // `share` is the provider's masked part of the secure sum (issue 15): random without every other party's.
      // `years` lists the years it has, also when the gateway asks for some of them only.
      // `figures` is `series` in the compact form the combiner reads (below).
      expect(types.get('CareContribution')).toEqual(['series', 'figures', 'years', 'share']);
      expect([...(types.get('CareShare') ?? [])].sort()).toEqual([
        'parties',
        'roundTo',
        'threshold',
        'values',
        'years',
      ]);
      expect([...(types.get('CareFigures') ?? [])].sort()).toEqual([
        'clients',
        'source',
        'suppressed',
        'targetGroup',
        'waitingList',
        'waitingListSuppressed',
        'year',
      ]);
      for (const area of ['Municipality', 'District', 'Neighbourhood']) {
        expect([...(types.get(area) ?? [])].sort()).toEqual(['code', field].sort());
      }
      // The public API never shows a provider's own figures: only the combined ones are there.
      expect(sdl).toMatch(new RegExp(`${field}\\([^)]*years: \\[Int!\\]\\s*\\): CareContribution @inaccessible`));
      expect(queryFields(sdl)).toEqual(['_entities', '_service']);
      expect(sdl).not.toMatch(/care_client|CareClient|waitingSince|careStart|careEnd/i);
    });

    test('when a client-level type is asked for, then the request is refused as invalid', async () => {
      const response = await fetchEntities(subgraph.url, [{ __typename: 'CareClient', code: '03440111-EL-1' }], 'code');
      expect(response.status).toBe(400);
      expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(response.data).toBeUndefined();
    });

    test('when the gateway asks the series of all 111 neighbourhoods, then it is one SQL statement', async () => {
      await seriesOf(neighbourhoods.slice(0, 1));
      subgraph.statements.length = 0;

      const entities = await seriesOf(neighbourhoods);

      expect(entities.map((entity) => entity.code)).toEqual(neighbourhoods);
      expect(dataStatements(subgraph.statements)).toHaveLength(1);
    });

    test('when a served neighbourhood is asked, then every year comes back with all four target groups, oldest year first', async () => {
      const code = neighbourhoods.find((candidate) => served.has(candidate))!;
      const [neighbourhood] = await seriesOf([code]);
      const series = neighbourhood![field]!.series;
      expect(series.map((row) => row.year)).toEqual(DEMO_YEARS.flatMap((year) => GROUPS.map(() => year)));
      for (const year of DEMO_YEARS)
        expect(
          series
            .filter((row) => row.year === year)
            .map((row) => row.targetGroup)
            .sort(),
        ).toEqual(GROUPS);
      expect(series.every((row) => row.source === 'GENERATED')).toBe(true);
    });

    test('when the gateway asks for some years only, then the series holds those years and `years` still lists every year', async () => {
      const code = neighbourhoods.find((candidate) => served.has(candidate))!;
      const [asked, last] = [DEMO_YEARS[1]!, DEMO_YEARS.at(-1)!];
      const response = await fetchEntities(
        subgraph.url,
        representations('Neighbourhood', [code]),
        `${field}(years: [${last}, ${asked}]) { years series { year targetGroup } }`,
      );
      expect(response.errors).toBeUndefined();
      const [answer] = response.data._entities as Record<string, { years: number[]; series: Figures[] }>[];
      expect(answer![field]!.series.map((row) => row.year)).toEqual([
        asked,
        asked,
        asked,
        asked,
        last,
        last,
        last,
        last,
      ]);
      expect(answer![field]!.years).toEqual([...DEMO_YEARS]);
    });

    test("when the gateway asks one year of all 111 neighbourhoods, then PostgreSQL reads that year's rows only, and each area's years in a statement of their own", async () => {
      const year = DEMO_YEARS.at(-1)!;
      const ask = () =>
        fetchEntities(
          subgraph.url,
          representations('Neighbourhood', neighbourhoods),
          `code ${field}(years: [${year}]) { years series { year } }`,
        );
      await ask();
      subgraph.statements.length = 0;

      const response = await ask();

      expect(response.errors).toBeUndefined();
      const entities = response.data._entities as Record<string, { years: number[]; series: { year: number }[] }>[];
      const answered = entities.filter((entity) => served.has(String(entity.code)));
      expect(answered.length).toBeGreaterThan(0);
      for (const entity of answered) {
        expect(entity[field]!.series.map((row) => row.year)).toEqual(GROUPS.map(() => year));
        expect(entity[field]!.years).toEqual([...DEMO_YEARS]);
      }
      const statements = dataStatements(subgraph.statements);
      expect(statements).toHaveLength(2);
      expect(statements.filter((sql) => /year = any\(\$2\)/.test(sql))).toHaveLength(1);
    });

    test('when the combiner reads the compact figures of every neighbourhood, all years or one, then they are exactly the disclosed series', async () => {
      const year = DEMO_YEARS.at(-1)!;
      const both = `series { year targetGroup clients waitingList suppressed waitingListSuppressed source } figures`;
      const response = await fetchEntities(
        subgraph.url,
        representations('Neighbourhood', neighbourhoods),
        `code all: ${field} { ${both} } one: ${field}(years: [${year}]) { ${both} }`,
      );
      expect(response.errors).toBeUndefined();
      type Answer = { series: (Figures & { clients: number | null })[]; figures: string };
      const entities = response.data._entities as ({ code: string } & Record<'all' | 'one', Answer>)[];
      const hidden = entities.flatMap((entity) => entity.all.series).filter((row) => row.clients === null);
      expect(hidden.length).toBeGreaterThan(0);
      for (const entity of entities)
        for (const answer of [entity.all, entity.one])
          expect({ code: entity.code, figures: decodeCareFigures(answer.figures) }).toEqual({
            code: entity.code,
            figures: answer.series,
          });
      expect(entities.find((entity) => served.has(entity.code))!.one.series.length).toBe(GROUPS.length);
    });

    test('when a neighbourhood the provider does not serve is asked, then it answers with an empty series', async () => {
      const unserved = [...neighbourhoods.filter((code) => !served.has(code)), 'BU03631234'];
      expect(unserved.length).toBeGreaterThan(1);

      expect(await seriesOf(unserved)).toEqual(unserved.map((code) => ({ code, [field]: { series: [] } })));
    });

    test('when its policy does not share the figures with the caller, then the envelope still comes back and the series and figures are null with FORBIDDEN', async () => {
      const code = neighbourhoods.find((candidate) => served.has(candidate))!;
      const response = await fetchEntities(
        subgraph.url,
        representations('Neighbourhood', [code]),
        `code ${field} { series { year clients } figures }`,
        {
          ...ANALYST_CONTEXT,
          consumer: 'viewer',
          organisation: 'woonbond',
          roles: ['viewer'],
          purpose: 'public-information',
        },
      );
      expect(response.data._entities).toEqual([{ code, [field]: { series: null, figures: null } }]);
      expect(errorCodes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    });
  });
});
