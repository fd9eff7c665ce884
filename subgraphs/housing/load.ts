import { z } from 'zod';
import { shippedAreaCodes } from '@buurtgraaf/demo-data';
import { column } from '@buurtgraaf/subgraph-kit/loading/fields';
import { defineTable, type LoadTable } from '@buurtgraaf/subgraph-kit/loading/table';

// What the housing corporation loads with `npm run load -- housing <table> <file.csv>`.

/** More than a century of waiting is a typing error, and more would not fit the column. */
const MAX_WAITING_MONTHS = 1200;

export const loadTables: Record<string, LoadTable> = {
  'social-housing': defineTable({
    description: "the corporation's own stock per neighbourhood and year",
    row: z.object({
      neighbourhood_code: column.areaCode('neighbourhood', shippedAreaCodes()),
      year: column.year(),
      dwellings: column.count(),
      step_free: column.count(),
      care_suitable: column.count(),
      vacant: column.count(),
      // Empty when nothing was let that year, so there is no waiting time.
      average_waiting_months: column.optionalDecimal(1, MAX_WAITING_MONTHS),
    }),
    rules: (row, reject) => {
      for (const part of ['step_free', 'care_suitable', 'vacant'] as const) {
        if (row[part] > row.dwellings) reject(part, `is ${row[part]}, more than the ${row.dwellings} dwellings`);
      }
    },
    target: 'social_housing',
    key: ['neighbourhood_code', 'year'],
    toRecord: (row) => ({ ...row, source: 'PARTNER' }),
    // A corporation exports its whole stock of a year; per municipality, so that two regions can
    // be loaded from separate files.
    scope: [
      { label: 'municipality', sql: `'GM' || substr(neighbourhood_code, 3, 4)` },
      { label: 'year', sql: 'year' },
    ],
  }),
};
