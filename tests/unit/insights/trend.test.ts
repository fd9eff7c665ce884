import { fitTrend } from '../../../subgraphs/insights/trend';

describe('the trend of an indicator', () => {
  test('when the values lie on a straight line, then the slope is exact and the projection has no spread', () => {
    const trend = fitTrend([
      { year: 2020, value: 10 },
      { year: 2021, value: 12 },
      { year: 2022, value: 14 },
    ]);
    expect(trend).toMatchObject({ fromYear: 2020, toYear: 2022, yearsUsed: 3, changePerYear: 2, missing: null });
    expect(trend.projection).toEqual({ year: 2027, value: 24, low: 24, high: 24, isProjection: true });
  });

  test('when the values scatter, then the 80% interval widens around the line', () => {
    const trend = fitTrend(
      [2019, 2020, 2021, 2022, 2023, 2024].map((year, index) => ({
        year,
        value: 100 + 5 * index + (index % 2 ? 3 : -3),
      })),
    );
    // By hand: the zigzag adds 9 to the sum of (year - mean) * value over a spread of 17.5.
    expect(trend.changePerYear).toBeCloseTo(5 + 9 / 17.5, 2);
    const { projection } = trend;
    expect(projection!.low).toBeLessThan(projection!.value);
    expect(projection!.high).toBeGreaterThan(projection!.value);
    expect(projection!.high - projection!.value).toBeCloseTo(projection!.value - projection!.low, 0);
  });

  test('when fewer than three years have a value, then there is no trend and the reason says so', () => {
    const trend = fitTrend([
      { year: 2023, value: 5 },
      { year: 2024, value: 6 },
    ]);
    expect(trend).toMatchObject({ changePerYear: null, projection: null, missing: 'TOO_FEW_YEARS', yearsUsed: 2 });
  });

  test('when a falling line would cross zero, then the projection stops at zero, and a share stops at 100', () => {
    const falling = fitTrend([
      { year: 2020, value: 30 },
      { year: 2021, value: 20 },
      { year: 2022, value: 10 },
    ]);
    expect(falling.projection).toMatchObject({ value: 0, low: 0, high: 0 });
    const rising = fitTrend(
      [
        { year: 2020, value: 80 },
        { year: 2021, value: 90 },
        { year: 2022, value: 99 },
      ],
      100,
    );
    expect(rising.projection!.value).toBe(100);
  });
});
