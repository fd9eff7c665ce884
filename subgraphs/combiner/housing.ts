import { decodeHousingFigures } from '@buurtgraaf/subgraph-kit/housing-figures';
import {
  coverage,
  statusOf,
  weakestSource,
  type Contribution,
  type PartnerView,
  type RowsOf,
  type Source,
} from './contributions';

export interface HousingRow {
  year: number;
  dwellings: number;
  stepFree: number;
  careSuitable: number;
  vacant: number;
  averageWaitingMonths: number | null;
  source: Source;
}

/** A corporation's rows from its compact figures (null when its policy refused the caller). */
export const housingRows: RowsOf<HousingRow> = (envelope) =>
  envelope.figures == null ? null : ((decodeHousingFigures(envelope.figures) as HousingRow[] | null) ?? 'MALFORMED');

const sum = (rows: readonly HousingRow[], pick: (row: HousingRow) => number) =>
  rows.reduce((total, row) => total + pick(row), 0);

/** Waiting time weighted by the dwellings that report one, as the corporations' own totals are. */
function averageWaiting(rows: readonly HousingRow[]): number | null {
  const reporting = rows.filter((row) => row.averageWaitingMonths !== null);
  const weight = sum(reporting, (row) => row.dwellings);
  if (weight === 0) return null;
  return Math.round((sum(reporting, (row) => (row.averageWaitingMonths ?? 0) * row.dwellings) / weight) * 10) / 10;
}

/** The combined stock of one year over the corporations that have it; null when none has. */
export function combinedHousing(parts: readonly Contribution<HousingRow>[], year: number) {
  const withYear = parts.flatMap((part) => part.rows.filter((row) => row.year === year).map((row) => ({ part, row })));
  if (withYear.length === 0) return null;
  const rows = withYear.map(({ row }) => row);
  return {
    year,
    dwellings: sum(rows, (row) => row.dwellings),
    stepFree: sum(rows, (row) => row.stepFree),
    careSuitable: sum(rows, (row) => row.careSuitable),
    vacant: sum(rows, (row) => row.vacant),
    averageWaitingMonths: averageWaiting(rows),
    source: weakestSource(rows.map((row) => row.source)),
    coverage: coverage(
      parts,
      withYear.map(({ part }) => part.partner),
    ),
  };
}

export const housingYears = (parts: readonly Contribution<HousingRow>[]) =>
  [...new Set(parts.flatMap((part) => part.rows.map((row) => row.year)))].sort((a, b) => a - b);

/** One entry per corporation: its own figures of the year, under its own policy. */
export const byCorporation = (parts: readonly Contribution<HousingRow>[], year: number) =>
  parts.map((part) => {
    const own = combinedHousing([part], year);
    return {
      corporation: part.partner satisfies PartnerView,
      status: statusOf(part, own !== null),
      socialHousing: own,
    };
  });
