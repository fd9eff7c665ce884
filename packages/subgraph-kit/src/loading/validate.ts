import { detectDelimiter, readCsvRows, type Delimiter } from './csv-reader';
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

/**
 * The rows of `path` for `table`, each checked on its own as it is read, so a file of any size is
 * never held in memory. Checks across rows (the same key twice, references) run in the database
 * on the staged rows. `counted` tells how many data rows were read so far, rejected ones included.
 */
export async function* checkRows(
  path: string,
  table: LoadTable,
  delimiter: Delimiter,
  counted: (rows: number) => void,
): AsyncGenerator<CheckedRow> {
  let rowsRead = 0;
  for await (const row of readCsvRows(path, columnsOf(table), delimiter)) {
    if ('problem' in row) {
      if (row.of === 'row') counted((rowsRead += 1));
      yield { line: row.line, reason: row.problem };
      continue;
    }
    counted((rowsRead += 1));
    const parsed = table.row.safeParse(row.values);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`);
      yield { line: row.line, reason: reasons.join('; ') };
      continue;
    }
    yield { line: row.line, record: table.toRecord(parsed.data) };
  }
}

/** Every row of a small file, checked on its own (the load itself streams them through checkRows). */
export async function checkFile(path: string, table: LoadTable): Promise<CheckedFile> {
  const delimiter = await detectDelimiter(path);
  const file: CheckedFile = { delimiter, rowsRead: 0, records: [], rejections: [] };
  for await (const row of checkRows(path, table, delimiter, (rows) => (file.rowsRead = rows))) {
    if ('record' in row) file.records.push(row);
    else file.rejections.push(row);
  }
  return file;
}
