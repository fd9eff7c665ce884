import type { Database } from '../database';
import type { Delimiter } from './csv-reader';
import type { LoadTable } from './table';
import { checkFile, type Rejection } from './validate';
import { applyStaged, stageRecords, unknownReferences, type WriteResult } from './write';

export interface LoadOptions {
  /** Check and count everything, also against the database, then roll back. */
  dryRun?: boolean;
  /** Progress of a long load, a line at a time (`staged 5000 of 80000 rows` while writing). */
  onProgress?: (message: string) => void;
}

interface Read {
  delimiter: Delimiter;
  /** Data rows in the file, rejected ones included. */
  rowsRead: number;
}

export type LoadOutcome =
  | (Read & { status: 'rejected'; rejections: Rejection[] })
  | (Read & { status: 'loaded' | 'checked' } & WriteResult);

/** Leaves the transaction without committing and carries what the caller is told. */
class RollBack extends Error {
  constructor(readonly outcome: LoadOutcome) {
    super('Rolled back on purpose');
  }
}

/**
 * Loads one CSV file into one table: every row is checked first, and when any row is rejected
 * nothing is written. Otherwise the whole file and the table's follow-up work (care recomputes
 * its aggregates) are one transaction, so a crash or a kill at any point leaves the table as it
 * was, and readers never see half a load.
 */
export async function loadCsvFile(db: Database, table: LoadTable, path: string, options: LoadOptions = {}): Promise<LoadOutcome> {
  const progress = options.onProgress ?? (() => undefined);
  const file = await checkFile(path, table);
  const read: Read = { delimiter: file.delimiter, rowsRead: file.rowsRead };
  progress(`read ${file.rowsRead} rows, ${file.rejections.length === 0 ? 'all valid' : `${file.rejections.length} problems`}`);
  try {
    return await db.transaction(async (tx) => {
      // Even a rejected file has its valid rows' references checked, so one report names every problem.
      const columns = await stageRecords(tx, table, file.records, progress);
      const rejections = [...file.rejections, ...(await unknownReferences(tx, table, columns))].sort((a, b) => a.line - b.line);
      if (rejections.length > 0) throw new RollBack({ ...read, status: 'rejected', rejections });
      const written = await applyStaged(tx, table, columns, progress);
      const { inserted, updated, removed } = written.counts;
      // Nothing changed, so nothing derived changes either: a re-run writes nothing at all.
      if (table.afterWrite && inserted + updated + removed > 0) {
        progress('updating what is derived from this table');
        await table.afterWrite(tx, file.records.map(({ record }) => record));
      }
      const outcome: LoadOutcome = { ...read, status: options.dryRun ? 'checked' : 'loaded', ...written };
      if (options.dryRun) throw new RollBack(outcome);
      progress('committing');
      return outcome;
    });
  } catch (error) {
    if (error instanceof RollBack) return error.outcome;
    throw error;
  }
}
