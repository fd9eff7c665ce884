import { DEMO_YEARS } from '@buurtgraaf/demo-data';
import { PRIMARY_ENGINE, type Engine } from '../../helpers/database';
import { startFederation, type Federation } from '../../helpers/federation';
import { errorCodes } from '../entities';

// The public figure fields are the combining subgraph's: it picks the year and the target group
// out of the partners' whole series, and checks the year. What the partners' own tests asserted
// about these fields before several partners of a kind existed, asserted here for the sums, as a
// client reads them through the gateway from real running partners.

const GROUPS = ['DISABILITY', 'ELDERLY', 'MENTAL_HEALTH', 'YOUTH'];
const CARE =
  'year targetGroup clients waitingList suppressed waitingListSuppressed clientsAtLeast waitingListAtLeast source';

describe.each([PRIMARY_ENGINE])('the combined public fields on %s', (engine: Engine) => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation(engine);
  });
  afterAll(() => federation?.stop());

  const ask = async (query: string) => {
    const response = await federation.query(query);
    expect(response.errors).toBeUndefined();
    return response.data;
  };

  test('when a served neighbourhood is asked, then all four target groups come back for the year', async () => {
    const data = await ask(`{ neighbourhood(code: "BU03440111") { careDemand(year: 2023) { ${CARE} } } }`);
    const demand = data.neighbourhood.careDemand as { year: number; targetGroup: string; source: string }[];
    expect(demand.map((row) => row.targetGroup).sort()).toEqual(GROUPS);
    expect(demand.every((row) => row.year === 2023 && row.source === 'GENERATED')).toBe(true);
  });

  test('when one target group is asked, then only that group comes back, and its history covers every year', async () => {
    const data = await ask(
      '{ district(code: "WK034401") { careDemand(year: 2023, targetGroup: ELDERLY) { targetGroup } careDemandHistory(targetGroup: YOUTH) { year targetGroup } } }',
    );
    expect(data.district.careDemand).toEqual([{ targetGroup: 'ELDERLY' }]);
    expect(data.district.careDemandHistory).toEqual(DEMO_YEARS.map((year) => ({ year, targetGroup: 'YOUTH' })));
  });

  test('when the whole series is asked, then it holds every year and group, each combined exactly as careDemand combines it', async () => {
    const data = await ask(
      `{ neighbourhood(code: "BU03440111") { careDemandSeries { ${CARE} } a: careDemand(year: ${DEMO_YEARS[0]}) { ${CARE} } b: careDemand(year: ${DEMO_YEARS.at(-1)}) { ${CARE} } } }`,
    );
    const { careDemandSeries, a, b } = data.neighbourhood;
    expect(careDemandSeries).toHaveLength(DEMO_YEARS.length * GROUPS.length);
    const byYear = (year: number) => careDemandSeries.filter((row: { year: number }) => row.year === year);
    expect(byYear(DEMO_YEARS[0]!)).toEqual(a);
    expect(byYear(DEMO_YEARS.at(-1)!)).toEqual(b);
  });

  test('when a neighbourhood without any client of any provider is asked, then its care demand is an empty list, not null', async () => {
    const data = await ask(
      '{ municipality(code: "GM0344") { neighbourhoods { code careDemand(year: 2023) { clients } careDemandHistory(targetGroup: ELDERLY) { clients } } } }',
    );
    const areas = data.municipality.neighbourhoods as {
      code: string;
      careDemand: unknown[];
      careDemandHistory: unknown[];
    }[];
    const empty = areas.filter((area) => area.careDemand.length === 0);
    expect(empty.length).toBeGreaterThan(0);
    for (const area of empty) expect(area).toEqual({ code: area.code, careDemand: [], careDemandHistory: [] });
  });

  test('when 111 neighbourhoods ask care demand for a year outside the data, then the client gets one BAD_USER_INPUT naming the range, and no figures', async () => {
    const response = await federation.query(
      '{ municipality(code: "GM0344") { neighbourhoods { careDemand(year: 2031) { clients } } } }',
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain(`${DEMO_YEARS[0]} to ${DEMO_YEARS.at(-1)}`);
    expect(JSON.stringify(response.data ?? null)).not.toMatch(/"clients":\d/);
  });

  test('when 111 neighbourhoods ask social housing for a year outside the data, then the client gets one BAD_USER_INPUT naming the range and every figure is null', async () => {
    const response = await federation.query(
      '{ municipality(code: "GM0344") { neighbourhoods { socialHousing(year: 2031) { dwellings } } } }',
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain(`${DEMO_YEARS[0]} to ${DEMO_YEARS.at(-1)}`);
    expect(JSON.stringify(response.data ?? null)).not.toMatch(/"dwellings":\d/);
  });

  test('when a year no statistics office could have is asked, then the client gets one BAD_USER_INPUT saying which years are possible', async () => {
    const response = await federation.query(
      '{ municipality(code: "GM0344") { socialHousing(year: 1850) { dwellings } } }',
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('between 1900 and 2100');
  });

  test("when a neighbourhood's housing history is asked, then it has one entry per year, oldest first, each the year's combined stock", async () => {
    const data = await ask(
      `{ neighbourhood(code: "BU03440112") { socialHousingHistory { year dwellings } a: socialHousing(year: ${DEMO_YEARS[0]}) { year dwellings } } }`,
    );
    const history = data.neighbourhood.socialHousingHistory as { year: number; dwellings: number }[];
    expect(history.map((entry) => entry.year)).toEqual(DEMO_YEARS);
    expect(history[0]).toEqual(data.neighbourhood.a);
  });
});
