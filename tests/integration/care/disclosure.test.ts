import { buildWorld, DEMO_YEARS } from '@buurtgraaf/demo-data';
import { PRIMARY_ENGINE, type Engine } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { careOf, careSettings } from '../../helpers/partners';
import { careSeries, fetchEntities, partnersOf, representations } from '../entities';
import { envPrefix } from '@buurtgraaf/protocol';

// Every care provider discloses under its own rule; the guarantees below hold for each of them,
// read from the provider's own field (the one only the combining subgraph reads in production).

interface Published {
  year: number;
  targetGroup: string;
  clients: number | null;
  waitingList: number | null;
  suppressed: boolean;
  waitingListSuppressed: boolean;
}
interface Raw {
  areaCode: string;
  year: number;
  targetGroup: string;
  clients: number;
  waitingList: number;
  clientsSuppressed: boolean;
  waitingListSuppressed: boolean;
}

const world = buildWorld('utrecht');
const codesOf = (level: 'neighbourhood' | 'district' | 'municipality') =>
  world.areas.filter((area) => area.level === level).map((area) => area.code);
const AREAS = [
  ...representations('Neighbourhood', codesOf('neighbourhood')),
  ...representations('District', codesOf('district')),
  ...representations('Municipality', codesOf('municipality')),
];
// Each provider reads its rule under its own prefix: CARE_STADSZORG_DISCLOSURE_THRESHOLD and so on.
const PROVIDERS = partnersOf('care').map((provider) => ({
  ...provider,
  threshold: `${envPrefix(provider.id)}_DISCLOSURE_THRESHOLD`,
}));

/** Every figure the provider publishes for Utrecht, at all three levels and in every year, next to the exact count behind it. */
async function everyFigure(subgraph: RunningSubgraph, field: string) {
  const response = await fetchEntities(subgraph.url, AREAS, `code ${careSeries(field)}`);
  expect(response.errors).toBeUndefined();
  const raw = new Map(
    (
      await subgraph.db.query<Raw>(`select area_code as "areaCode", year, target_group as "targetGroup", clients, waiting_list as "waitingList",
              clients_suppressed as "clientsSuppressed", waiting_list_suppressed as "waitingListSuppressed" from care_demand`)
    ).map((row) => [`${row.areaCode}:${row.year}:${row.targetGroup}`, row]),
  );
  const entities = response.data._entities as ({ code: string } & Record<string, { series: Published[] }>)[];
  // The whole series is every year of the demo for every area the provider has figures for.
  expect(new Set(entities.flatMap((entity) => entity[field]!.series.map((published) => published.year)))).toEqual(
    new Set(DEMO_YEARS),
  );
  return entities.flatMap((entity) =>
    entity[field]!.series.map((published) => ({
      published,
      level: entity.code.slice(0, 2),
      exact: raw.get(`${entity.code}:${published.year}:${published.targetGroup}`)!,
    })),
  );
}

function expectDisclosed(figures: Awaited<ReturnType<typeof everyFigure>>, threshold: number) {
  expect(new Set(figures.map((figure) => figure.level))).toEqual(new Set(['BU', 'WK', 'GM']));
  for (const { published, exact } of figures) {
    expect(exact).toBeDefined();
    for (const [value, suppressed, count, flagged] of [
      [published.clients, published.suppressed, exact.clients, exact.clientsSuppressed],
      [published.waitingList, published.waitingListSuppressed, exact.waitingList, exact.waitingListSuppressed],
    ] as const) {
      // Hidden below the threshold, and also where complementary suppression flagged it.
      if (count < threshold) expect(flagged).toBe(true);
      expect(suppressed).toBe(flagged);
      if (suppressed) {
        expect(value).toBeNull();
      } else {
        expect(value! % 5).toBe(0);
        expect(value!).toBeGreaterThanOrEqual(threshold);
        expect(Math.abs(value! - count)).toBeLessThanOrEqual(2);
      }
    }
  }
}

describe.each([PRIMARY_ENGINE])('care figures on %s', (engine: Engine) => {
  describe.each(PROVIDERS)('of $id with the default disclosure rule', ({ id, field }) => {
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(careOf(id), engine, careSettings({}, id));
    });
    afterAll(() => subgraph?.stop());

    test('when every figure of every area and year is read, then no count below 10 is published and every published one is a multiple of 5', async () => {
      const figures = await everyFigure(subgraph, field);
      // The rule has work to do: small exact counts exist at neighbourhood level, large ones higher up.
      expect(figures.some(({ exact, level }) => level === 'BU' && exact.clients > 0 && exact.clients < 10)).toBe(true);
      expect(figures.some(({ exact }) => exact.waitingList > 0 && exact.waitingList < 10)).toBe(true);
      expect(figures.some(({ published, level }) => level === 'GM' && published.clients! > 1_000)).toBe(true);
      expectDisclosed(figures, 10);
    });
  });

  describe.each(PROVIDERS)('of $id with $threshold=20', ({ id, field }) => {
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(careOf(id), engine, careSettings({ DISCLOSURE_THRESHOLD: '20' }, id));
    });
    afterAll(() => subgraph?.stop());

    test('when every figure of every area and year is read, then nothing below 20 is published', async () => {
      const figures = await everyFigure(subgraph, field);
      // Counts from 10 to 19, published under the default rule, must now be held back.
      expect(figures.some(({ exact }) => exact.clients >= 10 && exact.clients < 20)).toBe(true);
      expectDisclosed(figures, 20);
    });
  });
});
