import { encodeCareFigures } from '@buurtgraaf/subgraph-kit/care-figures';
import { encodeHousingFigures } from '@buurtgraaf/subgraph-kit/housing-figures';
import { encodePopulationFigures } from '@buurtgraaf/subgraph-kit/population-figures';
import { areaInsights } from '../../../subgraphs/insights/area-insights';
import { withSeries } from '../../../subgraphs/insights/figures';
import { neighbourhood } from './neighbourhoods';

const elderlyDemand = (figures: ReturnType<typeof neighbourhood>) =>
  areaInsights(figures).indicator('CARE_DEMAND_RATE', 'ELDERLY');

describe('indicators of a constructed neighbourhood', () => {
  test('when the neighbourhood has twice the care demand of its municipality, then its index is 200', () => {
    const indicator = elderlyDemand(neighbourhood({ careRate: { ELDERLY: { level: 200 } } }));
    expect(indicator.values.map((entry) => entry.value)).toEqual([200, 200, 200, 200, 200]);
    expect(indicator.comparison()).toMatchObject({
      year: 2024,
      neighbourhood: 200,
      district: 100,
      municipality: 100,
      neighbourhoodIndex: 200,
      districtIndex: 100,
      missing: null,
    });
  });

  test('when the care demand grows by 10 per 1,000 a year, then the trend says so and projects five years on', () => {
    const indicator = elderlyDemand(neighbourhood({ careRate: { ELDERLY: { level: 100, perYear: 10 } } }));
    expect(indicator.trend).toMatchObject({
      changePerYear: 10,
      fromYear: 2020,
      toYear: 2024,
      projection: { year: 2029, value: 190, isProjection: true },
    });
  });

  test('when the care partner suppressed a count, then that year is null with SUPPRESSED and the index is not computed from a guess', () => {
    const figures = neighbourhood();
    for (const row of figures.careDemandSeries ?? [])
      if (row.year === 2024 && row.targetGroup === 'ELDERLY') Object.assign(row, { clients: null, suppressed: true });
    const indicator = elderlyDemand(figures);
    expect(indicator.values.at(-1)).toMatchObject({ year: 2024, value: null, missing: 'SUPPRESSED' });
    expect(indicator.comparison(2024)).toMatchObject({
      neighbourhood: null,
      neighbourhoodIndex: null,
      missing: 'SUPPRESSED',
    });
    // Without a year the comparison falls back to the latest year that has a value.
    expect(indicator.comparison().year).toBe(2023);
    expect(indicator.trend.yearsUsed).toBe(4);
  });

  test('when the care partner did not answer, then every care indicator is null with PARTNER_UNAVAILABLE and the others are still there', () => {
    const figures = { ...neighbourhood(), careDemandSeries: null };
    const insights = areaInsights(figures);
    expect(
      insights.indicator('CARE_DEMAND_RATE', 'YOUTH').values.every((entry) => entry.missing === 'PARTNER_UNAVAILABLE'),
    ).toBe(true);
    expect(insights.indicator('SHARE_65_PLUS').values.at(-1)?.value).toBe(15);
  });

  test('when the combiner and the municipality send the series in their compact form, then the indicators are the same; when what one sends is not that form, then its indicators are PARTNER_UNAVAILABLE', () => {
    const figures = neighbourhood({ careRate: { ELDERLY: { level: 100, perYear: 10 } }, waitingMonths: 14.5 });
    const care = (figures.careDemandSeries ?? []).map((row) => ({
      ...row,
      waitingList: null,
      waitingListSuppressed: true,
    }));
    const housing = (figures.socialHousingHistory ?? []).map((row) => ({
      ...row,
      dwellings: 1,
      stepFree: 1,
      vacant: 0,
    }));
    const population = encodePopulationFigures(figures.populationHistory ?? []);
    const compact = (careDemandFigures: string, socialHousingFigures: string, populationFigures = population) => ({
      ...figures,
      careDemandSeries: undefined,
      socialHousingHistory: undefined,
      populationHistory: undefined,
      careDemandFigures,
      socialHousingFigures,
      populationFigures,
    });
    const values = (area: typeof figures) =>
      (
        ['CARE_DEMAND_RATE', 'CARE_SUITABLE_DWELLINGS_RATE', 'SOCIAL_HOUSING_WAITING_MONTHS', 'SHARE_65_PLUS'] as const
      ).map((kind) => areaInsights(area).indicator(kind, kind === 'CARE_DEMAND_RATE' ? 'ELDERLY' : undefined).values);

    const read = values(withSeries(compact(encodeCareFigures(care), encodeHousingFigures(housing))));
    expect(read).toEqual(values(figures));
    expect(read[2]!.every((entry) => entry.value === 14.5)).toBe(true);
    const tampered = values(
      withSeries(
        compact(`${encodeCareFigures(care)};2030,1,5,,0,2`, `${encodeHousingFigures(housing)};1999,1,1,1,0,,2`),
      ),
    );
    for (const indicator of tampered.slice(0, 3))
      expect(indicator.map((entry) => entry.missing)).toEqual(
        figures.populationHistory!.map(() => 'PARTNER_UNAVAILABLE'),
      );
    const [, , , share65] = values(
      withSeries(compact(encodeCareFigures(care), encodeHousingFigures(housing), `${population};2030,1,1,1,1,1,1,9`)),
    );
    expect(share65!.map((entry) => entry.missing)).toEqual(figures.populationHistory!.map(() => 'PARTNER_UNAVAILABLE'));
  });

  test('when CBS did not publish the age band, then the rate is null with NOT_PUBLISHED; with no residents it is ZERO_BASE', () => {
    const unpublished = neighbourhood();
    for (const row of unpublished.populationHistory ?? []) row.age65Plus = null;
    expect(elderlyDemand(unpublished).values.at(-1)).toMatchObject({ value: null, missing: 'NOT_PUBLISHED' });
    const empty = neighbourhood({ residents: 0 });
    expect(areaInsights(empty).indicator('SHARE_65_PLUS').values.at(-1)).toMatchObject({
      value: null,
      missing: 'ZERO_BASE',
    });
  });

  test('when a figure is generated, then every indicator built on it says GENERATED', () => {
    const indicator = elderlyDemand(neighbourhood());
    expect(indicator.values.every((entry) => entry.source === 'GENERATED')).toBe(true);
    expect(
      areaInsights(neighbourhood())
        .indicator('SHARE_65_PLUS')
        .values.every((entry) => entry.source === 'CBS'),
    ).toBe(true);
  });

  test('when the neighbourhood has no youth centre but the municipality has, then it is listed as lacking', () => {
    const insights = areaInsights(neighbourhood({ facilities: { YOUTH_CENTRE: 0, LIBRARY: 2 } }));
    const rates = Object.fromEntries(insights.facilities.map((rate) => [rate.kind, rate]));
    expect(rates.YOUTH_CENTRE).toMatchObject({
      neighbourhoodCount: 0,
      districtCount: 10,
      lacking: true,
      neighbourhoodPer1000: 0,
      municipalityPer1000: 0.5,
    });
    // 2 per 2,000 residents is 1 per 1,000, twice the municipality's 50 per 100,000.
    expect(rates.LIBRARY).toMatchObject({ neighbourhoodPer1000: 1, index: 200, lacking: false });
  });
});
