import { decodeRows, encodeRows, FIGURE_SOURCES, type FigureSource, type RowFormat } from './compact-rows';

/**
 * A population history as one string (./compact-rows.ts): the municipality's figures of an area
 * that insights reads, one row per year, oldest first, each year once. A count CBS did not publish
 * stays null.
 */
export interface PopulationFigure {
  year: number;
  total: number | null;
  age0to14: number | null;
  age15to24: number | null;
  age65Plus: number | null;
  households: number | null;
  singlePersonHouseholds: number | null;
  source: FigureSource;
}

const COUNT = { kind: 'count', nullable: true } as const;
const POPULATION: RowFormat = {
  version: 'p1',
  columns: [{ kind: 'year' }, COUNT, COUNT, COUNT, COUNT, COUNT, COUNT, { kind: 'enum', values: FIGURE_SOURCES }],
  maxRows: 200,
};

/** Throws on a figure the format cannot carry (a negative or fractional count, an unknown source). */
export const encodePopulationFigures = (
  figures: readonly (Omit<PopulationFigure, 'source'> & { source: string })[],
): string =>
  encodeRows(
    POPULATION,
    [...figures]
      .sort((a, b) => a.year - b.year)
      .map((row) => [
        row.year,
        row.total,
        row.age0to14,
        row.age15to24,
        row.age65Plus,
        row.households,
        row.singlePersonHouseholds,
        row.source,
      ]),
  );

/** The figures, or null when the text is not exactly the format or a year comes twice or out of order. */
export function decodePopulationFigures(text: unknown): PopulationFigure[] | null {
  const rows = decodeRows(POPULATION, text);
  if (rows === null) return null;
  const figures = rows.map(([year, total, age0to14, age15to24, age65Plus, households, singles, source]) => ({
    year: year as number,
    total: total as number | null,
    age0to14: age0to14 as number | null,
    age15to24: age15to24 as number | null,
    age65Plus: age65Plus as number | null,
    households: households as number | null,
    singlePersonHouseholds: singles as number | null,
    source: source as FigureSource,
  }));
  return figures.every((figure, index) => index === 0 || figures[index - 1]!.year < figure.year) ? figures : null;
}
