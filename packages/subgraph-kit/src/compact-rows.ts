/**
 * Rows of figures as one string, for the platform's own subgraphs passing series to each other
 * through the gateway (a provider to the combiner, the combiner to insights).
 *
 * The object form (one object per year, every field named) made the whole-country pulls carry
 * hundreds of megabytes through the gateway, each figure resolved, printed, parsed and printed
 * again. This form is `<version>` then one `;`-separated entry per row, its columns in a fixed
 * order separated by `,`: a tenth of the bytes and one field resolution per area. The reader is
 * strict, because the sender is possibly compromised: a string that is not exactly the format
 * decodes to null, never to figures.
 */
export type Column =
  /** A four-digit year. */
  | { kind: 'year' }
  /** A whole number from 0 to 999,999,999; empty for null where `nullable`. */
  | { kind: 'count'; nullable?: boolean }
  /** At most one decimal (a rounded average); empty for null. */
  | { kind: 'decimal' }
  /** One of `values` (at most ten), sent as its index. */
  | { kind: 'enum'; values: readonly string[] };

export interface RowFormat {
  version: string;
  columns: readonly Column[];
  /** More rows than any area has: a bound on what one answer may cost to decode. */
  maxRows: number;
}

type Cell = string | number | null;

const PATTERN: Record<Column['kind'], string> = {
  year: '\\d{4}',
  count: '\\d{1,9}',
  decimal: '\\d{1,6}(?:\\.\\d)?',
  enum: '\\d',
};

const WHOLE = Object.fromEntries(
  Object.entries(PATTERN).map(([kind, pattern]) => [kind, new RegExp(`^${pattern}$`)]),
) as Record<Column['kind'], RegExp>;

const nullable = (column: Column) => column.kind === 'decimal' || (column.kind === 'count' && column.nullable === true);

function encodeCell(column: Column, value: Cell): string {
  if (value === null && nullable(column)) return '';
  const text = column.kind === 'enum' ? String(column.values.indexOf(value as string)) : String(value);
  if (!WHOLE[column.kind].test(text)) throw new RangeError(`${String(value)} cannot be sent as a ${column.kind}`);
  return text;
}

/** Throws on a value the format cannot carry: the sender's bug, better an error than a wrong figure. */
export function encodeRows(format: RowFormat, rows: readonly (readonly Cell[])[]): string {
  let text = format.version;
  for (const row of rows)
    text += `;${format.columns.map((column, index) => encodeCell(column, row[index] ?? null)).join(',')}`;
  return text;
}

const entryPattern = (format: RowFormat) =>
  new RegExp(
    `^${format.columns.map((column) => `(${PATTERN[column.kind]})${nullable(column) ? '?' : ''}`).join(',')}$`,
  );
const patterns = new WeakMap<RowFormat, RegExp>();

/** The rows, or null when the text is not exactly the format. */
export function decodeRows(format: RowFormat, text: unknown): Cell[][] | null {
  const longestEntry = format.columns.length * 11;
  if (typeof text !== 'string' || text.length > format.version.length + format.maxRows * longestEntry) return null;
  const [version, ...entries] = text.split(';');
  if (version !== format.version || entries.length > format.maxRows) return null;
  if (!patterns.has(format)) patterns.set(format, entryPattern(format));
  const pattern = patterns.get(format)!;
  const rows: Cell[][] = [];
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (!match) return null;
    const row: Cell[] = [];
    for (const [index, column] of format.columns.entries()) {
      const cell = match[index + 1];
      if (cell === undefined) row.push(null);
      else if (column.kind !== 'enum') row.push(Number(cell));
      else if (Number(cell) < column.values.length) row.push(column.values[Number(cell)]!);
      else return null;
    }
    rows.push(row);
  }
  return rows;
}

/** Where a figure comes from, as every compact series carries it. */
export const FIGURE_SOURCES = ['CBS', 'PARTNER', 'GENERATED'] as const;
export type FigureSource = (typeof FIGURE_SOURCES)[number];
