import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import { yearRange } from '@buurtgraaf/subgraph-kit/tables';

// All SQL of the newpartner subgraph. It reads only the view `newpartner_figure`
// (migrations/0002_newpartner_figure.sql), never your own tables: the view is the one place that
// knows how your data is laid out.

export interface FigureRow {
  areaCode: string;
  year: number;
  value: number;
  source: string;
}

export type AreaYear = { code: string; year: number };

/** One statement for a whole batch of neighbourhoods, each with its own year. */
export const figuresOf = (db: Queryable, keys: readonly AreaYear[]) =>
  db.query<FigureRow>(
    `select f.area_code as "areaCode", f.year, f.value, f.source
       from newpartner_figure f
       join unnest($1::text[], $2::int[]) as k(code, year) on f.area_code = k.code and f.year = k.year`,
    [keys.map((key) => key.code), keys.map((key) => key.year)],
  );

export const figureYears = (db: Queryable) => yearRange(db, 'newpartner_figure');
