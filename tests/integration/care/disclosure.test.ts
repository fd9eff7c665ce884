import { care, settings } from '../../../subgraphs/care/subgraph';
import { parseEnv } from '../../../subgraphs/kit/config';
import { buildWorld, DEMO_YEARS } from '../../../subgraphs/kit/demo/world';
import { ENGINES, type Engine } from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { fetchEntities, representations } from '../entities';

interface Published { targetGroup: string; clients: number | null; waitingList: number | null; suppressed: boolean; waitingListSuppressed: boolean }
interface Raw { areaCode: string; year: number; targetGroup: string; clients: number; waitingList: number; clientsSuppressed: boolean; waitingListSuppressed: boolean }

const world = buildWorld('utrecht');
const codesOf = (level: 'neighbourhood' | 'district' | 'municipality') => world.areas.filter((area) => area.level === level).map((area) => area.code);
const AREAS = [
  ...representations('Neighbourhood', codesOf('neighbourhood')),
  ...representations('District', codesOf('district')),
  ...representations('Municipality', codesOf('municipality')),
];
const EVERY_YEAR = DEMO_YEARS.map((year) => `y${year}: careDemand(year: ${year}) { targetGroup clients waitingList suppressed waitingListSuppressed }`).join(' ');

/** Every figure the subgraph publishes for Utrecht, at all three levels and in every year, next to the exact count behind it. */
async function everyFigure(subgraph: RunningSubgraph) {
  const response = await fetchEntities(subgraph.url, AREAS, `code ${EVERY_YEAR}`);
  expect(response.errors).toBeUndefined();
  const raw = new Map(
    (await subgraph.db.query<Raw>(`select area_code as "areaCode", year, target_group as "targetGroup", clients, waiting_list as "waitingList",
              clients_suppressed as "clientsSuppressed", waiting_list_suppressed as "waitingListSuppressed" from care_demand`))
      .map((row) => [`${row.areaCode}:${row.year}:${row.targetGroup}`, row]),
  );
  return (response.data._entities as Record<string, Published[] | string>[]).flatMap((entity) =>
    DEMO_YEARS.flatMap((year) => (entity[`y${year}`] as Published[]).map((published) => ({
      published,
      level: String(entity.code).slice(0, 2),
      exact: raw.get(`${String(entity.code)}:${year}:${published.targetGroup}`)!,
    }))),
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

describe.each(ENGINES)('care figures on %s', (engine: Engine) => {
  describe('with the default disclosure rule', () => {
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(care, engine, parseEnv(settings, {}));
    });
    afterAll(() => subgraph?.stop());

    test('when every figure of every area and year is read, then no count below 10 is published and every published one is a multiple of 5', async () => {
      const figures = await everyFigure(subgraph);
      // The rule has work to do: small exact counts exist at neighbourhood level, large ones higher up.
      expect(figures.some(({ exact, level }) => level === 'BU' && exact.clients > 0 && exact.clients < 10)).toBe(true);
      expect(figures.some(({ exact }) => exact.waitingList > 0 && exact.waitingList < 10)).toBe(true);
      expect(figures.some(({ published, level }) => level === 'GM' && published.clients! > 1_000)).toBe(true);
      expectDisclosed(figures, 10);
    });
  });

  describe('with CARE_DISCLOSURE_THRESHOLD=20', () => {
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(care, engine, parseEnv(settings, { CARE_DISCLOSURE_THRESHOLD: '20' }));
    });
    afterAll(() => subgraph?.stop());

    test('when every figure of every area and year is read, then nothing below 20 is published', async () => {
      const figures = await everyFigure(subgraph);
      // Counts from 10 to 19, published under the default rule, must now be held back.
      expect(figures.some(({ exact }) => exact.clients >= 10 && exact.clients < 20)).toBe(true);
      expectDisclosed(figures, 20);
    });
  });
});
