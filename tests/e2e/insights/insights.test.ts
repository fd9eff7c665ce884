import { startFederation, type Federation } from '../../helpers/federation';
import { PRIMARY_ENGINE } from '../../helpers/database';

// Welgelegen, Den Hommel: a Utrecht neighbourhood with figures from all three data partners in the demo.
const CODE = 'BU03440111';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation(PRIMARY_ENGINE);
}, 120_000);
afterAll(async () => {
  await federation?.stop();
});

const ELDERLY_RATE = `indicators(kinds: [CARE_DEMAND_RATE]) { targetGroup values { year value missing source } comparison { year neighbourhood municipality neighbourhoodIndex missing } }`;

type Rate = {
  targetGroup: string;
  values: { year: number; value: number | null; missing: string | null; source: string }[];
  comparison: Record<string, number | string | null>;
};
const elderly = (indicators: Rate[]) => indicators.find((indicator) => indicator.targetGroup === 'ELDERLY') as Rate;

describe('insights through the gateway', () => {
  test("when an analyst asks for care demand per 1,000, then it is the care partner's clients over the residents aged 65+ the municipality publishes", async () => {
    const { data, errors } = await federation.query(`{
      neighbourhood(code: "${CODE}") {
        careDemand(year: 2024, targetGroup: ELDERLY) { clients }
        population(year: 2024) { age65Plus }
        municipality { careDemand(year: 2024, targetGroup: ELDERLY) { clients } population(year: 2024) { age65Plus } }
        insights { ${ELDERLY_RATE} }
      } }`);
    expect(errors).toBeUndefined();
    const { careDemand, population, municipality, insights } = data.neighbourhood;
    const rate = elderly(insights.indicators);
    const expected = (careDemand[0].clients / population.age65Plus) * 1000;
    const municipal = (municipality.careDemand[0].clients / municipality.population.age65Plus) * 1000;
    expect(rate.values.find((entry) => entry.year === 2024)).toEqual({
      year: 2024,
      value: Math.round(expected * 10) / 10,
      missing: null,
      source: 'GENERATED',
    });
    expect(rate.comparison).toEqual({
      year: 2024,
      neighbourhood: Math.round(expected * 10) / 10,
      municipality: Math.round(municipal * 10) / 10,
      neighbourhoodIndex: Math.round((expected / municipal) * 100),
      missing: null,
    });
  });

  test("when the care partner suppressed a neighbourhood's count, then the indicator for that year is null with SUPPRESSED", async () => {
    const page = await federation.query(
      `{ neighbourhoods(municipality: "GM0344", first: 200) { nodes { code careDemand(year: 2024, targetGroup: ELDERLY) { suppressed } } } }`,
    );
    const hidden = page.data.neighbourhoods.nodes.find(
      (node: { careDemand: { suppressed: boolean }[] }) => node.careDemand[0]?.suppressed,
    );
    expect(hidden).toBeDefined();
    const { data } = await federation.query(
      `{ neighbourhood(code: "${hidden.code}") { insights { ${ELDERLY_RATE} } } }`,
    );
    expect(elderly(data.neighbourhood.insights.indicators).values.find((entry) => entry.year === 2024)).toEqual({
      year: 2024,
      value: null,
      missing: 'SUPPRESSED',
      source: null,
    });
  });

  test('when the caller may not see care figures, then care indicators say PARTNER_UNAVAILABLE and the rest still arrives', async () => {
    const { data, errors } = await federation.query(
      `{ neighbourhood(code: "${CODE}") { insights { indicators(kinds: [CARE_DEMAND_RATE, SHARE_65_PLUS]) { kind targetGroup values { value missing } } } } }`,
      {},
      'viewer',
    );
    expect(errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    const indicators: { kind: string; values: { value: number | null; missing: string | null }[] }[] =
      data.neighbourhood.insights.indicators;
    const care = indicators
      .filter((indicator) => indicator.kind === 'CARE_DEMAND_RATE')
      .flatMap((indicator) => indicator.values);
    expect(new Set(care.map((entry) => entry.missing))).toEqual(new Set(['PARTNER_UNAVAILABLE']));
    expect(
      indicators.find((indicator) => indicator.kind === 'SHARE_65_PLUS')?.values.every((entry) => entry.value !== null),
    ).toBe(true);
  });

  test("when the client asks the same owners' fields with its own arguments, then the insights do not change (the plan passes the required fields as written)", async () => {
    const insights = `insights { indicators { kind targetGroup values { year value } } facilities { kind neighbourhoodCount } lackingFacilityKinds }`;
    const alone = await federation.query(`{ neighbourhood(code: "${CODE}") { ${insights} } }`);
    const mixed = await federation.query(`{ neighbourhood(code: "${CODE}") {
      facilities(kind: LIBRARY) { id } careDemandHistory(targetGroup: YOUTH) { year } population(year: 2019) { total }
      district { careDemand(year: 2019, targetGroup: YOUTH) { clients } }
      ${insights} } }`);
    expect(mixed.errors).toBeUndefined();
    expect(mixed.data.neighbourhood.insights).toEqual(alone.data.neighbourhood.insights);
    expect(alone.data.neighbourhood.insights.facilities).toHaveLength(9);
  });

  test('when a comparison is asked for a year out of range, then the error is BAD_USER_INPUT naming the argument', async () => {
    const { errors } = await federation.query(
      `{ neighbourhood(code: "${CODE}") { insights { indicators(kinds: [SHARE_65_PLUS]) { comparison(year: 3000) { year } } } } }`,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'year' });
  });
});

describe('destination advice through the gateway', () => {
  test('when an analyst asks what a vacant building should become, then every candidate is ranked with reasons that cite the same figures as the insights', async () => {
    const { data, errors } = await federation.query(`{ neighbourhood(code: "${CODE}") { name
      insights { indicators(kinds: [CARE_DEMAND_RATE]) { targetGroup comparison { neighbourhoodIndex } } }
      vacantBuildings { floorArea destinationAdvice { summary source missingInputs { input reason } candidates { rank destination score coverage reasons criteria { criterion subject points } } } }
    } }`);
    expect(errors).toBeUndefined();
    const [building] = data.neighbourhood.vacantBuildings;
    const advice = building.destinationAdvice;
    expect(advice.candidates.map((candidate: { rank: number }) => candidate.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    const scores = advice.candidates.map((candidate: { score: number }) => candidate.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(advice.source).toBe('GENERATED');
    const index = elderly(data.neighbourhood.insights.indicators).comparison.neighbourhoodIndex;
    const dayCare = advice.candidates.find(
      (candidate: { destination: string }) => candidate.destination === 'ELDERLY_DAY_CARE',
    );
    expect(dayCare.reasons.join(' ')).toContain(`index ${index} against Utrecht`);
    expect(advice.summary).toContain(`For this building in ${data.neighbourhood.name}: `);
  });
});

describe('insights at the scale of a municipality', () => {
  const requestsPer = (names: string[]) => {
    const counts: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
    for (const name of names) federation.subgraphs[name]!.http.server.on('request', () => counts[name]!++);
    return counts;
  };

  test('when the insights of every neighbourhood of Utrecht are asked at once, then each partner is called a fixed number of times, not once per neighbourhood', async () => {
    const counts = requestsPer(['municipality', 'housing', 'care', 'insights']);
    const query = (filter: string) =>
      federation.query(
        `{ neighbourhoods(${filter}, first: 1000) { totalCount nodes { code insights { indicators(kinds: [CARE_DEMAND_RATE]) { comparison { neighbourhoodIndex } } } } } }`,
      );
    const district = await query('district: "WK034401"');
    const perDistrict = { ...counts };
    for (const name of Object.keys(counts)) counts[name] = 0;
    const city = await query('municipality: "GM0344"');
    expect(city.errors).toBeUndefined();
    expect(city.data.neighbourhoods.nodes).toHaveLength(city.data.neighbourhoods.totalCount);
    expect(city.data.neighbourhoods.totalCount).toBeGreaterThan(5 * district.data.neighbourhoods.totalCount);
    expect(counts).toEqual(perDistrict);
    expect(counts.insights).toBe(1);
  });

  test('when a whole municipality is pulled through Municipality.insights, then every neighbourhood is there with the same insights as on its own, in one call to insights', async () => {
    const indicators = `indicators(kinds: [CARE_DEMAND_RATE, SHARE_65_PLUS]) { kind targetGroup values { year value missing } comparison { neighbourhoodIndex districtIndex missing } trend { changePerYear } }`;
    const counts = requestsPer(['insights']);
    const bulk = await federation.query(
      `{ municipality(code: "GM0344") { insights { neighbourhoods { neighbourhood { code name } insights { ${indicators} lackingFacilityKinds } } } } }`,
    );
    expect(bulk.errors).toBeUndefined();
    expect(counts.insights).toBe(1);
    const rows: { neighbourhood: { code: string; name: string }; insights: unknown }[] =
      bulk.data.municipality.insights.neighbourhoods;
    const codes = rows.map((row) => row.neighbourhood.code);
    expect(codes).toEqual([...codes].sort());
    const single = await federation.query(
      `{ neighbourhood(code: "${CODE}") { name insights { ${indicators} lackingFacilityKinds } } }`,
    );
    expect(rows.find((row) => row.neighbourhood.code === CODE)).toEqual({
      neighbourhood: { code: CODE, name: single.data.neighbourhood.name },
      insights: single.data.neighbourhood.insights,
    });
    const page = await federation.query(`{ neighbourhoods(municipality: "GM0344", first: 1000) { totalCount } }`);
    expect(rows).toHaveLength(page.data.neighbourhoods.totalCount);
  });
});
