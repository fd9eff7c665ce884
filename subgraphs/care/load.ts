import { join } from 'node:path';
import { z } from 'zod';
import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import { shippedAreaCodes } from '@buurtgraaf/demo-data';
import { column, FIRST_YEAR } from '@buurtgraaf/subgraph-kit/loading/fields';
import { schemaEnum } from '@buurtgraaf/subgraph-kit/type-defs';
import { defineTable, type LoadTable } from '@buurtgraaf/subgraph-kit/loading/table';
import { yearRange } from '@buurtgraaf/subgraph-kit/tables';
import { refreshCareDemand } from './store';

// What the care provider loads with `npm run load -- care <table> <file.csv>`.

/**
 * The aggregates follow the records in the same transaction. The years recomputed are those
 * care_demand already has (a corrected or removed record can only change those) and those the
 * file's records span, from the first waiting date to the last date in the file, but no year
 * before the first any table publishes: a client waiting since 1975 does not open fifty years.
 */
async function recomputeCareDemand(tx: Queryable, staged: string): Promise<void> {
  const stored = await yearRange(tx, 'care_demand');
  // Rows were checked: waiting_since <= care_start <= care_end, so the last date filled in is the latest.
  const [file] = await tx.query<{ min: number | null; max: number | null }>(
    `select min(extract(year from waiting_since))::int as min,
            max(extract(year from coalesce(care_end, care_start, waiting_since)))::int as max from ${staged}`,
  );
  const from = Math.min(stored?.min ?? Infinity, file?.min ?? Infinity);
  const to = Math.max(stored?.max ?? -Infinity, file?.max ?? -Infinity);
  await refreshCareDemand(tx, Math.max(from, FIRST_YEAR), to);
}

export const loadTables: Record<string, LoadTable> = {
  clients: defineTable({
    description: 'pseudonymised client records; the published counts are recomputed from them',
    row: z.object({
      id: column.text(100),
      neighbourhood_code: column.areaCode('neighbourhood', shippedAreaCodes()),
      target_group: column.oneOf(schemaEnum(join(__dirname, 'schema.graphql'), 'TargetGroup')),
      waiting_since: column.date(),
      care_start: column.optionalDate(),
      care_end: column.optionalDate(),
    }),
    rules: (row, reject) => {
      if (row.care_start !== null && row.care_start < row.waiting_since)
        reject('care_start', `is ${row.care_start}, before waiting_since ${row.waiting_since}`);
      if (row.care_end !== null && row.care_start === null)
        reject('care_end', 'is filled in but care_start is empty; care cannot end before it starts');
      if (row.care_end !== null && row.care_start !== null && row.care_end < row.care_start)
        reject('care_end', `is ${row.care_end}, before care_start ${row.care_start}`);
    },
    target: 'care_client',
    key: ['id'],
    toRecord: (row) => ({ ...row, source: 'PARTNER' }),
    // A provider exports all its clients; per municipality, so that regions can come in separate files.
    scope: [{ label: 'municipality', sql: `'GM' || substr(neighbourhood_code, 3, 4)` }],
    afterWrite: recomputeCareDemand,
  }),
};
