import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queryable } from '@buurtgraaf/subgraph-kit/database';

/** A folder of CSV files for one test file; `remove` deletes it with everything in it. */
export function csvFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-load-'));
  let count = 0;
  return {
    dir,
    write(lines: readonly string[]): string {
      const path = join(dir, `${(count += 1)}.csv`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every row with its row version (xmin): equal snapshots mean nothing was even rewritten. */
export const snapshot = (db: Queryable, table: string, orderBy: string) =>
  db.query(`select xmin::text as row_version, * from ${table} order by ${orderBy}`);
