import { round, type MissingReason } from './figures';

export const PROJECTION_YEARS = 5;
export const TREND_METHOD =
  'Ordinary least-squares line through the years with a value (at least three); the projection extends it five years past the last year, with an 80% prediction interval. It assumes the past trend simply continues.';

export interface Trend {
  fromYear: number | null;
  toYear: number | null;
  yearsUsed: number;
  changePerYear: number | null;
  projection: { year: number; value: number; low: number; high: number; isProjection: true } | null;
  missing: MissingReason | null;
  method: string;
}

// Student's t for a two-sided 80% interval (the 0.90 quantile) by degrees of freedom; beyond 30
// the normal quantile is close enough.
const T_80 = [
  3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.35, 1.345, 1.341, 1.337, 1.333,
  1.33, 1.328, 1.325, 1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.31,
];
const tQuantile = (degreesOfFreedom: number) => T_80[degreesOfFreedom - 1] ?? 1.282;

/**
 * Fits y = a + b·year through the points and projects it. Values are clipped to what the
 * indicator can take (never below 0, shares never above 100): a line does not know that.
 */
export function fitTrend(points: readonly { year: number; value: number }[], upperBound: number | null = null): Trend {
  const base = { method: TREND_METHOD, yearsUsed: points.length };
  if (points.length < 3) {
    return {
      ...base,
      fromYear: points[0]?.year ?? null,
      toYear: points.at(-1)?.year ?? null,
      changePerYear: null,
      projection: null,
      missing: 'TOO_FEW_YEARS',
    };
  }
  const n = points.length;
  const meanYear = points.reduce((total, point) => total + point.year, 0) / n;
  const meanValue = points.reduce((total, point) => total + point.value, 0) / n;
  const sxx = points.reduce((total, point) => total + (point.year - meanYear) ** 2, 0);
  const slope = points.reduce((total, point) => total + (point.year - meanYear) * (point.value - meanValue), 0) / sxx;
  const intercept = meanValue - slope * meanYear;
  const residualSquares = points.reduce(
    (total, point) => total + (point.value - (intercept + slope * point.year)) ** 2,
    0,
  );
  const scatter = Math.sqrt(residualSquares / (n - 2));

  const fromYear = points[0]!.year;
  const toYear = points.at(-1)!.year;
  const year = toYear + PROJECTION_YEARS;
  const value = intercept + slope * year;
  const margin = tQuantile(n - 2) * scatter * Math.sqrt(1 + 1 / n + (year - meanYear) ** 2 / sxx);
  const clip = (v: number) => round(Math.min(Math.max(v, 0), upperBound ?? Infinity));
  return {
    ...base,
    fromYear,
    toYear,
    changePerYear: round(slope, 2),
    projection: { year, value: clip(value), low: clip(value - margin), high: clip(value + margin), isProjection: true },
    missing: null,
  };
}
