import type { Queryable } from '../database';
import { STAGING } from './staging';
import type { LoadTable } from './table';

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows in the file's scope that the file no longer holds, removed (only with replace). */
  removed: number;
}

/** Stored rows of the file's scope that the file does not hold: removed with replace, kept without. */
export interface Missing {
  count: number;
  /** All stored rows of the scope, the file's or not: what the share of removals is taken of. */
  inScope: number;
  /** A few of their keys, e.g. "id C-0001", so a partner sees which rows are meant. */
  examples: string[];
}

export interface WriteResult {
  counts: WriteCounts;
  missing: Missing;
  /** The values of each scope part the file covers, e.g. municipality GM0344. */
  scope: { label: string; values: string[] }[];
}

const EXAMPLES = 10;

/** What writing the staged rows would do, before anything is written. */
export async function planWrite(tx: Queryable, table: LoadTable, columns: readonly string[]): Promise<WriteResult> {
  if (columns.length === 0)
    return {
      counts: { inserted: 0, updated: 0, unchanged: 0, removed: 0 },
      missing: { count: 0, inScope: 0, examples: [] },
      scope: [],
    };
  const on = table.key.map((key) => `t.${key} = s.${key}`).join(' and ');
  const differs = `(${columns.map((c) => `t.${c}`).join(', ')}) is distinct from (${columns.map((c) => `s.${c}`).join(', ')})`;
  const [counts] = await tx.query<Omit<WriteCounts, 'removed'>>(
    `select count(*) filter (where t.${table.key[0]} is null)::int as inserted,
            count(*) filter (where t.${table.key[0]} is not null and ${differs})::int as updated,
            count(*) filter (where t.${table.key[0]} is not null and not ${differs})::int as unchanged
       from ${STAGING} s left join ${table.target} t on ${on}`,
  );
  return {
    counts: { inserted: 0, updated: 0, unchanged: 0, ...counts, removed: 0 },
    missing: await missingRows(tx, table),
    scope: await scopeOf(tx, table),
  };
}

/**
 * Writes the staged rows into `table.target`; with `replace`, also removes the missing rows. A row
 * that equals the stored one is not written at all, so loading the same file twice changes nothing.
 */
export async function applyWrite(
  tx: Queryable,
  table: LoadTable,
  columns: readonly string[],
  plan: WriteResult,
  replace: boolean,
): Promise<WriteResult> {
  if (columns.length === 0) return plan;
  const others = columns.filter((column) => !table.key.includes(column));
  const list = columns.join(', ');
  const update =
    others.length === 0
      ? 'do nothing'
      : `do update set ${others.map((c) => `${c} = excluded.${c}`).join(', ')}
       where (${others.map((c) => `t.${c}`).join(', ')}) is distinct from (${others.map((c) => `excluded.${c}`).join(', ')})`;
  await tx.query(
    `insert into ${table.target} as t (${list}) select ${list} from ${STAGING} on conflict (${table.key.join(', ')}) ${update}`,
  );
  const removed = replace && plan.missing.count > 0 ? await removeMissing(tx, table) : 0;
  return { ...plan, counts: { ...plan.counts, removed } };
}

/** Unqualified column names in a scope expression name the staging table's columns inside the subquery, the target's outside. */
const inScope = (table: LoadTable, expressions: string) =>
  `(${expressions}) in (select ${expressions} from ${STAGING})`;
const notInFile = (table: LoadTable, alias: string) =>
  `not exists (select 1 from ${STAGING} s where ${table.key.map((key) => `s.${key} = ${alias}.${key}`).join(' and ')})`;
const scopeExpressions = (table: LoadTable) => (table.scope ?? []).map((part) => `(${part.sql})`).join(', ');

async function missingRows(tx: Queryable, table: LoadTable): Promise<Missing> {
  if (!table.scope?.length) return { count: 0, inScope: 0, examples: [] };
  const expressions = scopeExpressions(table);
  const [row] = await tx.query<{ count: number; in_scope: number }>(
    `select count(*) filter (where ${notInFile(table, 't')})::int as count, count(*)::int as in_scope
       from ${table.target} t where ${inScope(table, expressions)}`,
  );
  const examples =
    (row?.count ?? 0) === 0
      ? []
      : await tx.query<Record<string, string>>(
          `select ${table.key.map((key) => `t.${key}::text as ${key}`).join(', ')} from ${table.target} t
      where ${inScope(table, expressions)} and ${notInFile(table, 't')} order by ${table.key.map((key) => `t.${key}`).join(', ')} limit ${EXAMPLES}`,
        );
  return {
    count: row?.count ?? 0,
    inScope: row?.in_scope ?? 0,
    examples: examples.map((example) => table.key.map((key) => `${key} ${example[key]}`).join(', ')),
  };
}

async function removeMissing(tx: Queryable, table: LoadTable): Promise<number> {
  const [row] = await tx.query<{ removed: number }>(
    `with removed as (
       delete from ${table.target} t where ${inScope(table, scopeExpressions(table))} and ${notInFile(table, 't')}
       returning 1)
     select count(*)::int as removed from removed`,
  );
  return row?.removed ?? 0;
}

async function scopeOf(tx: Queryable, table: LoadTable) {
  const parts = table.scope ?? [];
  if (parts.length === 0) return [];
  const [row] = await tx.query<Record<string, string[]>>(
    `select ${parts.map((part, index) => `array_agg(distinct (${part.sql})::text) as p${index}`).join(', ')} from ${STAGING}`,
  );
  return parts.map((part, index) => ({ label: part.label, values: [...(row?.[`p${index}`] ?? [])].sort() }));
}
