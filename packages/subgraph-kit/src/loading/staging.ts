import { copyValue, type Queryable } from '../database';
import type { LoadTable } from './table';
import type { CheckedRecord, CheckedRow, Rejection } from './validate';

/** The file's rows, checked, before they touch the table; dropped at the end of the transaction. */
export const STAGING = 'load_staging';
/** Rows per insert into the staging table. The loader holds at most two batches: one being written while the next is read. */
export const BATCH_SIZE = 5_000;
/** A report names this many problems at most; a file of a million bad rows still counts them all. */
export const REPORT_LIMIT = 1_000;

/** The first REPORT_LIMIT problems by line, and how many there were in all. */
export class Problems {
  total = 0;
  first: Rejection[] = [];
  add(rejections: readonly Rejection[], total = rejections.length): void {
    this.total += total;
    const last = this.first.length >= REPORT_LIMIT ? (this.first[this.first.length - 1]?.line ?? 0) : Infinity;
    if (rejections.every((rejection) => rejection.line > last)) return;
    this.first = [...this.first, ...rejections].sort((a, b) => a.line - b.line).slice(0, REPORT_LIMIT);
  }
}

export interface StageOptions {
  batchSize?: number;
  onProgress: (message: string) => void;
  /** Called with every batch before it is written: tests see that no more than a batch is held. */
  onBatch?: (rows: number) => void;
}

/**
 * Streams checked rows into a staging table in the caller's transaction, a batch at a time, so that
 * duplicates, references, counts, the upsert and the removals are each one set statement. Rows that
 * fail their own check go to `problems`. Returns the columns staged (none when no row was valid).
 */
export async function stageRows(
  tx: Queryable,
  table: LoadTable,
  rows: AsyncIterable<readonly CheckedRow[]>,
  problems: Problems,
  options: StageOptions,
): Promise<string[]> {
  // Two loads into one table wait for each other rather than interleave their removals.
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`buurtgraaf-load:${table.target}`]);
  await tx.exec(
    `create temp table ${STAGING} (like ${table.target}) on commit drop; alter table ${STAGING} add column load_line integer not null`,
  );
  const size = options.batchSize ?? BATCH_SIZE;
  let columns: string[] | null = null;
  let batch: CheckedRecord[] = [];
  let staged = 0;
  // One batch is written while the next is read and checked; the database works in parallel with us.
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (!columns || batch.length === 0) return;
    options.onBatch?.(batch.length);
    const rows = batch;
    batch = [];
    writing = copyBatch(tx, columns, rows).then(() => options.onProgress(`staged ${(staged += rows.length)} rows`));
    // Kept from becoming an unhandled rejection while the next batch is read; awaited at the next flush.
    writing.catch(() => undefined);
  };
  for await (const checked of rows) {
    for (const row of checked) {
      if (!('record' in row)) {
        problems.add([row]);
        continue;
      }
      columns ??= await knownColumns(tx, table.target, Object.keys(row.record));
      batch.push(row);
      if (batch.length >= size) await flush();
    }
  }
  await flush();
  await writing;
  // A temporary table has no statistics until analysed; without them large loads get poor plans.
  await tx.exec(`analyze ${STAGING}`);
  return columns ?? [];
}

/**
 * The batch in COPY's text format: one line a row, values tab-separated, null as \N. COPY is
 * PostgreSQL's bulk path (and PGlite's, from a Blob): the rows go straight into the table instead
 * of one JSON document that json_populate_recordset takes apart, and nothing is built per row
 * but one line of text.
 */
async function copyBatch(tx: Queryable, columns: readonly string[], batch: readonly CheckedRecord[]): Promise<void> {
  let text = '';
  for (const { line, record } of batch) {
    for (const column of columns) text += `${copyValue(record[column])}\t`;
    text += `${line}\n`;
  }
  await tx.copyFrom(STAGING, [...columns, 'load_line'], text);
}

/** The record's columns, each checked to be one of the target's, so a mistake in a load.ts is named. */
async function knownColumns(tx: Queryable, target: string, names: string[]): Promise<string[]> {
  const rows = await tx.query<{ name: string }>(
    'select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped',
    [target],
  );
  const known = new Set(rows.map((row) => row.name));
  const unknown = names.find((name) => !known.has(name));
  if (unknown) throw new Error(`Table ${target} has no column ${unknown}`);
  return names;
}

/** Rows whose key an earlier line of the file already holds: a file holds each row once. */
export async function duplicateKeys(tx: Queryable, table: LoadTable, problems: Problems): Promise<void> {
  const keys = table.key.join(', ');
  const rows = await tx.query<{ line: number; first: number; total: number } & Record<string, string>>(
    `select line, first, ${table.key.map((key) => `${key}::text as ${key}`).join(', ')}, count(*) over ()::int as total
       from (select load_line as line, min(load_line) over (partition by ${keys}) as first, ${keys} from ${STAGING}) d
      where line > first order by line limit ${REPORT_LIMIT}`,
  );
  const same = (row: Record<string, string>) => table.key.map((key) => `${key} ${row[key]}`).join(', ');
  problems.add(
    rows.map((row) => ({
      line: row.line,
      reason: `same ${same(row)} as line ${row.first}; a file holds each row once`,
    })),
    rows[0]?.total ?? 0,
  );
}

/** Staged rows whose references are neither in the database nor (for a self-reference) in the file. */
export async function unknownReferences(tx: Queryable, table: LoadTable, problems: Problems): Promise<void> {
  for (const reference of table.references ?? []) {
    const inFile =
      reference.table === table.target
        ? `and not exists (select 1 from ${STAGING} f where f.${reference.key} = s.${reference.column})`
        : '';
    const rows = await tx.query<{ line: number; value: string; total: number }>(
      `select s.load_line as line, s.${reference.column} as value, count(*) over ()::int as total from ${STAGING} s
        where s.${reference.column} is not null
          and not exists (select 1 from ${reference.table} r where r.${reference.key} = s.${reference.column}) ${inFile}
        order by s.load_line limit ${REPORT_LIMIT}`,
    );
    problems.add(
      rows.map((row) => ({ line: row.line, reason: reference.problem(row.value) })),
      rows[0]?.total ?? 0,
    );
  }
}
