// Small helpers over whole tables, shared by every partner's store and seed.
import { copyValue, type Queryable } from './database';
import type { YearRange } from './loaders';

export interface Column<Row> {
  name: string;
  /** PostgreSQL array element type, e.g. 'text', 'int', 'date'. */
  type: string;
  value: (row: Row) => unknown;
}

/**
 * Inserts rows in chunks of one `insert ... select from unnest(...)` each: one round trip per
 * chunk on PostgreSQL and PGlite alike, and no statement grows past the parameter limit.
 */
export async function insertRows<Row>(
  db: Queryable,
  table: string,
  columns: Column<Row>[],
  rows: readonly Row[],
  chunkSize = 5_000,
) {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  const sql = `insert into ${table} (${names}) select * from unnest(${arrays})`;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    await db.query(
      sql,
      columns.map((column) => chunk.map(column.value)),
    );
  }
}

/**
 * Appends rows to `table` with COPY, `batchRows` at a time, taking them from an iterable (a
 * generator), so a seed of millions of rows never holds more than one batch of them, as objects or
 * as text. Same columns as insertRows; the database parses each value as its column's type.
 */
export async function copyRows<Row>(
  db: Queryable,
  table: string,
  columns: readonly Column<Row>[],
  rows: Iterable<Row>,
  batchRows = 20_000,
): Promise<number> {
  const names = columns.map((column) => column.name);
  let lines: string[] = [];
  let written = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    await db.copyFrom(table, names, `${lines.join('\n')}\n`);
    written += lines.length;
    lines = [];
  };
  for (const row of rows) {
    lines.push(columns.map((column) => copyValue(column.value(row))).join('\t'));
    if (lines.length >= batchRows) await flush();
  }
  await flush();
  return written;
}

/** True when `table` has no rows: demo seeding only ever fills an empty database. */
export async function isEmpty(db: Queryable, table: string): Promise<boolean> {
  return (await db.query(`select 1 from ${table} limit 1`)).length === 0;
}

/** The first and last year a table has figures for; null while it has none. */
export async function yearRange(db: Queryable, table: string): Promise<YearRange | null> {
  const [row] = await db.query<{ min: number | null; max: number | null }>(
    `select min(year) as min, max(year) as max from ${table}`,
  );
  return row?.min == null || row.max == null ? null : { min: row.min, max: row.max };
}
