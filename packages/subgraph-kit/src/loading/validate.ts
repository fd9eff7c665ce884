import { detectDelimiter, readCsvRows, type Delimiter } from './csv-reader';
import { columnsOf, keyOf, type DbRecord, type LoadTable } from './table';

export interface Rejection {
  line: number;
  reason: string;
}

export interface CheckedRecord {
  line: number;
  record: DbRecord;
}

export interface CheckedFile {
  delimiter: Delimiter;
  /** Data rows in the file, rejected ones included. */
  rowsRead: number;
  records: CheckedRecord[];
  /** Every problem, in line order; when there is one, nothing may be loaded. */
  rejections: Rejection[];
}

/**
 * Reads and checks every row of `path` for `table` before anything is written: a report that
 * stops at the first bad line makes a partner fix and re-export once per mistake.
 */
export async function checkFile(path: string, table: LoadTable): Promise<CheckedFile> {
  const delimiter = await detectDelimiter(path);
  const columns = columnsOf(table);
  const records: CheckedRecord[] = [];
  const rejections: Rejection[] = [];
  const firstLineOfKey = new Map<string, number>();
  let rowsRead = 0;
  for await (const row of readCsvRows(path, columns, delimiter)) {
    if ('problem' in row) {
      if (row.of === 'row') rowsRead += 1;
      rejections.push({ line: row.line, reason: row.problem });
      continue;
    }
    rowsRead += 1;
    const parsed = table.row.safeParse(row.values);
    if (!parsed.success) {
      const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`);
      rejections.push({ line: row.line, reason: reasons.join('; ') });
      continue;
    }
    const record = table.toRecord(parsed.data);
    const key = keyOf(table, record);
    const first = firstLineOfKey.get(key);
    if (first !== undefined) {
      const value = table.key.map((column) => `${column} ${String(record[column])}`).join(', ');
      rejections.push({ line: row.line, reason: `same ${value} as line ${first}; a file holds each row once` });
      continue;
    }
    firstLineOfKey.set(key, row.line);
    records.push({ line: row.line, record });
  }
  return { delimiter, rowsRead, records, rejections };
}
