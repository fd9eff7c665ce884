import { detectDelimiter, readCsvRows, type Delimiter } from './csv-reader';
import type { z } from 'zod';
import { fastParser, NOT_VALID, type FastParse } from './fields';
import { columnsOf, type DbRecord, type LoadTable } from './table';

export interface Rejection {
  line: number;
  reason: string;
}

export interface CheckedRecord {
  line: number;
  record: DbRecord;
}

/** One row of the file, checked on its own: what goes into the table, or why it cannot. */
export type CheckedRow = CheckedRecord | Rejection;

export interface CheckedFile {
  delimiter: Delimiter;
  /** Data rows in the file, rejected ones included. */
  rowsRead: number;
  records: CheckedRecord[];
  /** Every problem, in line order; when there is one, nothing may be loaded. */
  rejections: Rejection[];
}

/** Checks one row's values; built once per table. */
type RowCheck = (values: Record<string, string>) => { record: DbRecord } | { reason: string };

/**
 * A table's check of one row. Every column's fast parser runs first; a row they all accept has
 * its rules run and is done without zod. A row one of them refuses is checked again with zod,
 * whose messages the report shows, so the fast path changes what is accepted in no case (the
 * parsers are the ones the zod schemas wrap). A table whose schemas are not all `column`s, or
 * with a zod refinement, is checked with zod alone.
 */
export function rowCheck(table: LoadTable): RowCheck {
  const rulesOf = (row: Record<string, unknown>): string[] => {
    const broken: string[] = [];
    table.rules?.(row, (column, message) => broken.push(`${column}: ${message}`));
    return broken;
  };
  const withZod: RowCheck = (values) => {
    const parsed = table.row.safeParse(values);
    if (!parsed.success)
      return {
        reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; '),
      };
    const broken = rulesOf(parsed.data);
    return broken.length > 0 ? { reason: broken.join('; ') } : { record: table.toRecord(parsed.data) };
  };
  const parsers = Object.entries(table.row.shape).map(
    ([name, schema]) => [name, fastParser(schema as z.ZodType)] as const,
  );
  if (parsers.some(([, parse]) => !parse) || (table.row.def.checks?.length ?? 0) > 0) return withZod;
  const fast = parsers as (readonly [string, FastParse])[];
  return (values) => {
    const row: Record<string, unknown> = {};
    for (const [name, parse] of fast) {
      const value = parse(values[name] as string);
      if (value === NOT_VALID) return withZod(values);
      row[name] = value;
    }
    const broken = rulesOf(row);
    return broken.length > 0 ? { reason: broken.join('; ') } : { record: table.toRecord(row) };
  };
}

/**
 * The rows of `path` for `table`, a batch at a time, each checked on its own as it is read, so a
 * file of any size is never held in memory. Checks across rows (the same key twice, references)
 * run in the database on the staged rows. `counted` tells how many data rows were read so far,
 * rejected ones included.
 */
export async function* checkRows(
  path: string,
  table: LoadTable,
  delimiter: Delimiter,
  counted: (rows: number) => void,
): AsyncGenerator<CheckedRow[]> {
  const check = rowCheck(table);
  let rowsRead = 0;
  for await (const batch of readCsvRows(path, columnsOf(table), delimiter)) {
    const checked: CheckedRow[] = [];
    for (const row of batch) {
      if ('problem' in row) {
        if (row.of === 'row') rowsRead += 1;
        checked.push({ line: row.line, reason: row.problem });
        continue;
      }
      rowsRead += 1;
      const result = check(row.values);
      checked.push(
        'record' in result ? { line: row.line, record: result.record } : { line: row.line, reason: result.reason },
      );
    }
    counted(rowsRead);
    yield checked;
  }
}

/** Every row of a small file, checked on its own (the load itself streams them through checkRows). */
export async function checkFile(path: string, table: LoadTable): Promise<CheckedFile> {
  const delimiter = await detectDelimiter(path);
  const file: CheckedFile = { delimiter, rowsRead: 0, records: [], rejections: [] };
  for await (const batch of checkRows(path, table, delimiter, (rows) => (file.rowsRead = rows))) {
    for (const row of batch) {
      if ('record' in row) file.records.push(row);
      else file.rejections.push(row);
    }
  }
  return file;
}
