import { ENGINES } from '../helpers/database';
import { sharedFederation, type SharedFederation } from '../helpers/shared-federation';
import { INDICATORS, NEIGHBOURHOOD_PROFILE } from './queries';

describe.each(ENGINES)('the federation on %s', (engine) => {
  let federation: SharedFederation;
  beforeAll(async () => {
    federation = await sharedFederation(engine);
  });
  afterAll(() => federation?.stop());

  test('when an app asks for a neighbourhood profile, then every partner fills its part', async () => {
    const { status, data, errors } = await federation.query(NEIGHBOURHOOD_PROFILE);
    expect(errors).toBeUndefined();
    expect(status).toBe(200);
    const profile = data.neighbourhood;
    expect(profile).toMatchObject({
      code: 'BU03440111',
      name: 'Welgelegen, Den Hommel',
      district: { code: 'WK034401', name: 'Wijk 01 West' },
      municipality: { code: 'GM0344', name: 'Utrecht' },
    });
    // Real CBS figures for 2023 (table 85618NED).
    expect(profile.population).toEqual({
      year: 2023,
      total: 1810,
      age0to14: 200,
      age15to24: 235,
      age25to44: 780,
      age45to64: 235,
      age65Plus: 360,
      households: 1070,
      singlePersonHouseholds: 630,
      source: 'CBS',
    });
    expect(profile.populationHistory.map((p: { year: number }) => p.year)).toEqual([
      2019, 2020, 2021, 2022, 2023, 2024,
    ]);
    expect(profile.populationHistory[0].source).toBe('GENERATED');
    expect(profile.facilities.length).toBeGreaterThan(0);
    expect(profile.vacantBuildings[0]).toEqual({
      id: expect.any(String),
      address: expect.any(String),
      floorArea: expect.any(Number),
      formerUse: expect.any(String),
      vacantSince: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(profile.socialHousing).toMatchObject({
      year: 2023,
      dwellings: expect.any(Number),
      stepFree: expect.any(Number),
    });
    // CBS: 0% of the dwellings in Welgelegen are owned by housing corporations, so the
    // corporation's generated stock there is honestly zero.
    expect(profile.socialHousing.dwellings).toBe(0);
    expect(profile.careDemand.map((d: { targetGroup: string }) => d.targetGroup).sort()).toEqual([
      'DISABILITY',
      'ELDERLY',
      'MENTAL_HEALTH',
      'YOUTH',
    ]);
    expect(profile.careDemandHistory).toHaveLength(6);
  });

  test('when care counts come back, then none is below 10 and every published count is a multiple of 5', async () => {
    const { data } = await federation.query(
      `{ municipality(code: "GM0344") { neighbourhoods { careDemand(year: 2023) { clients waitingList suppressed waitingListSuppressed } } } }`,
    );
    const demands = data.municipality.neighbourhoods.flatMap((n: { careDemand: unknown[] }) => n.careDemand);
    // Every served neighbourhood reports all four groups; three business parks have no clients at all.
    expect(demands.length % 4).toBe(0);
    expect(demands.length).toBeGreaterThanOrEqual(100 * 4);
    for (const demand of demands) {
      for (const [value, suppressed] of [
        [demand.clients, demand.suppressed],
        [demand.waitingList, demand.waitingListSuppressed],
      ]) {
        if (suppressed) expect(value).toBeNull();
        else expect(value % 5 === 0 && value >= 10).toBe(true);
      }
    }
    expect(demands.some((d: { suppressed: boolean }) => d.suppressed)).toBe(true);
  });

  test('when a BI tool pages through a municipality, then it gets every neighbourhood once with all partners figures', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { data, errors }: { data?: any; errors?: unknown } = await federation.query(
        INDICATORS.replace('first: 1000', 'first: 40'),
        { municipality: 'GM0344', year: 2023, after },
      );
      expect(errors).toBeUndefined();
      const page = data.neighbourhoods;
      expect(page.totalCount).toBe(111);
      seen.push(...page.nodes.map((node: { code: string }) => node.code));
      for (const node of page.nodes) expect(node.socialHousing).not.toBeNull();
      expect(
        page.nodes.some((node: { socialHousing: { dwellings: number } }) => node.socialHousing.dwellings > 0),
      ).toBe(true);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(111);
  });

  test('when the Indicators query is sent as written, then one page holds the whole municipality', async () => {
    const { data, errors } = await federation.query(INDICATORS, { municipality: 'GM0344', year: 2023 });
    expect(errors).toBeUndefined();
    expect(data.neighbourhoods.nodes).toHaveLength(111);
    expect(data.neighbourhoods.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
  });

  test('when the entry points are used, then municipalities lead to districts and neighbourhoods', async () => {
    const { data, errors } = await federation.query(`{
      municipalities { code name districts { code } }
      district(code: "WK034401") { name municipality { code } neighbourhoods { code } socialHousing(year: 2023) { dwellings } careDemand(year: 2023, targetGroup: ELDERLY) { clients } }
      municipality(code: "GM0344") { population(year: 2024) { total source } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.municipalities).toEqual([{ code: 'GM0344', name: 'Utrecht', districts: expect.any(Array) }]);
    expect(data.municipalities[0].districts).toHaveLength(10);
    expect(data.district.neighbourhoods.length).toBeGreaterThan(5);
    expect(data.municipality.population).toEqual({ total: 374238, source: 'CBS' });
  });
});
