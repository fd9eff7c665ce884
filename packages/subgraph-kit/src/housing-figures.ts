import { decodeRows, encodeRows, type RowFormat } from './compact-rows';

/**
 * A housing series as one string (./compact-rows.ts): a corporation's figures for the combining
 * subgraph, and the combined history for insights. One row per year, oldest first, each year once.
 */
export interface HousingFigure {
  year: number;
  dwellings: number;
  stepFree: number;
  careSuitable: number;
  vacant: number;
  averageWaitingMonths: number | null;
  source: string;
}

const HOUSING: RowFormat = {
  version: 'h1',
  columns: [
    { kind: 'year' },
    { kind: 'count' },
    { kind: 'count' },
    { kind: 'count' },
    { kind: 'count' },
    { kind: 'decimal' },
    { kind: 'enum', values: ['CBS', 'PARTNER', 'GENERATED'] },
  ],
  maxRows: 200,
};

/** Throws on a figure the format cannot carry (a negative count, a waiting time of two decimals). */
export const encodeHousingFigures = (figures: readonly HousingFigure[]): string =>
  encodeRows(
    HOUSING,
    [...figures]
      .sort((a, b) => a.year - b.year)
      .map((row) => [
        row.year,
        row.dwellings,
        row.stepFree,
        row.careSuitable,
        row.vacant,
        row.averageWaitingMonths,
        row.source,
      ]),
  );

/** The figures, or null when the text is not exactly the format or a year comes twice or out of order. */
export function decodeHousingFigures(text: unknown): HousingFigure[] | null {
  const rows = decodeRows(HOUSING, text);
  if (rows === null) return null;
  const figures = rows.map(([year, dwellings, stepFree, careSuitable, vacant, averageWaitingMonths, source]) => ({
    year: year as number,
    dwellings: dwellings as number,
    stepFree: stepFree as number,
    careSuitable: careSuitable as number,
    vacant: vacant as number,
    averageWaitingMonths: averageWaitingMonths as number | null,
    source: source as string,
  }));
  return figures.every((figure, index) => index === 0 || figures[index - 1]!.year < figure.year) ? figures : null;
}
