import type { Queryable } from '../database';
import { insertRows, type Column } from '../tables';
import type { LoadTable } from './table';
import type { CheckedRecord, Rejection } from './validate';

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows in the file's scope that the file no longer holds. */
  removed: number;
}

export interface WriteResult {
  counts: WriteCounts;
  /** The values of each scope part the file covers, e.g. municipality GM0344. */
  scope: { label: string; values: string[] }[];
}

/** The file's rows, checked, before they touch the table; dropped at the end of the transaction. */
const STAGING = 'load_staging';
const CHUNK = 5_000;

/**
 * Puts checked rows into a staging table in the caller's transaction, so that references, counts,
 * the upsert and the removals are each one set statement. Returns the columns staged (none when
 * there are no rows).
 */
export async function stageRecords(tx: Queryable, table: LoadTable, records: readonly CheckedRecord[], onProgress: (message: string) => void): Promise<string[]> {
  // Two loads into one table wait for each other rather than interleave their removals.
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`buurtgraaf-load:${table.target}`]);
  const columns = Object.keys(records[0]?.record ?? {});
  if (columns.length > 0) await stage(tx, table.target, columns, records, onProgress);
  return columns;
}

/**
 * Writes the staged rows into `table.target`. A row that equals the stored one is not written at
 * all, so loading the same file twice leaves the table as it was.
 */
export async function applyStaged(tx: Queryable, table: LoadTable, columns: readonly string[], onProgress: (message: string) => void): Promise<WriteResult> {
  if (columns.length === 0) return { counts: { inserted: 0, updated: 0, unchanged: 0, removed: 0 }, scope: [] };
  const on = table.key.map((key) => `t.${key} = s.${key}`).join(' and ');
  const differs = `(${columns.map((c) => `t.${c}`).join(', ')}) is distinct from (${columns.map((c) => `s.${c}`).join(', ')})`;
  const [counts] = await tx.query<Omit<WriteCounts, 'removed'>>(
    `select count(*) filter (where t.${table.key[0]} is null)::int as inserted,
            count(*) filter (where t.${table.key[0]} is not null and ${differs})::int as updated,
            count(*) filter (where t.${table.key[0]} is not null and not ${differs})::int as unchanged
       from ${STAGING} s left join ${table.target} t on ${on}`,
  );
  onProgress(`writing into ${table.target}`);
  const others = columns.filter((column) => !table.key.includes(column));
  const list = columns.join(', ');
  const update = others.length === 0
    ? 'do nothing'
    : `do update set ${others.map((c) => `${c} = excluded.${c}`).join(', ')}
       where (${others.map((c) => `t.${c}`).join(', ')}) is distinct from (${others.map((c) => `excluded.${c}`).join(', ')})`;
  await tx.query(`insert into ${table.target} as t (${list}) select ${list} from ${STAGING} on conflict (${table.key.join(', ')}) ${update}`);
  const removed = await removeMissing(tx, table);
  return { counts: { inserted: 0, updated: 0, unchanged: 0, ...counts, removed }, scope: await scopeOf(tx, table) };
}

async function stage(tx: Queryable, target: string, columns: string[], records: readonly CheckedRecord[], onProgress: (message: string) => void) {
  const types = new Map(
    (await tx.query<{ name: string; type: string }>(
      `select attname as name, format_type(atttypid, atttypmod) as type
         from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped`,
      [target],
    )).map((row) => [row.name, row.type]),
  );
  const staged: Column<CheckedRecord>[] = columns.map((name) => {
    const type = types.get(name);
    if (!type) throw new Error(`Table ${target} has no column ${name}`);
    return { name, type, value: (row) => row.record[name] };
  });
  await tx.exec(`create temp table ${STAGING} (like ${target}) on commit drop; alter table ${STAGING} add column load_line integer not null`);
  for (let start = 0; start < records.length; start += CHUNK) {
    const chunk = records.slice(start, start + CHUNK);
    await insertRows(tx, STAGING, [...staged, { name: 'load_line', type: 'integer', value: (row) => row.line }], chunk, CHUNK);
    onProgress(`staged ${start + chunk.length} of ${records.length} rows`);
  }
  // A temporary table has no statistics until analysed; without them large loads get poor plans.
  await tx.exec(`analyze ${STAGING}`);
}

/** Staged rows whose references are neither in the database nor (for a self-reference) in the file. */
export async function unknownReferences(tx: Queryable, table: LoadTable, columns: readonly string[]): Promise<Rejection[]> {
  const rejections: Rejection[] = [];
  if (columns.length === 0) return rejections;
  for (const reference of table.references ?? []) {
    const inFile = reference.table === table.target ? `and not exists (select 1 from ${STAGING} f where f.${reference.key} = s.${reference.column})` : '';
    const rows = await tx.query<{ line: number; value: string }>(
      `select s.load_line as line, s.${reference.column} as value from ${STAGING} s
        where s.${reference.column} is not null
          and not exists (select 1 from ${reference.table} r where r.${reference.key} = s.${reference.column}) ${inFile}`,
    );
    rejections.push(...rows.map((row) => ({ line: row.line, reason: reference.problem(row.value) })));
  }
  return rejections;
}

/** Rows of the scopes the file covers whose key the file does not hold. Unqualified column names in
 * a scope expression name the staging table's columns inside the subquery, the target's outside. */
async function removeMissing(tx: Queryable, table: LoadTable): Promise<number> {
  if (!table.scope?.length) return 0;
  const expressions = table.scope.map((part) => `(${part.sql})`).join(', ');
  const sameKey = table.key.map((key) => `s.${key} = ${table.target}.${key}`).join(' and ');
  const [row] = await tx.query<{ removed: number }>(
    `with removed as (
       delete from ${table.target}
        where (${expressions}) in (select ${expressions} from ${STAGING})
          and not exists (select 1 from ${STAGING} s where ${sameKey})
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
