import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyStream } from 'pg-copy-streams';
import { lockDataDir } from './data-dir-lock';

/**
 * The one database surface a store sees. The same SQL runs on PostgreSQL (pg.Pool) and on the
 * embedded PGlite, so a partner can develop on a laptop and deploy against its own server.
 */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Appends rows to `table` with COPY, in PostgreSQL's text format (tab-separated, `\\N` for
   * null, one row a line): several times cheaper for the database than inserting the same rows.
   */
  copyFrom(table: string, columns: readonly string[], text: string): Promise<void>;
}

/**
 * One value in copyFrom's text format: \N for null, t/f for booleans, objects as JSON, and
 * backslash, tab and line breaks escaped; everything else as it is. The loader and the seeds share it.
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char] as string) : text;
}
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const copyStatement = (table: string, columns: readonly string[], source: string) =>
  `copy ${table} (${columns.join(', ')}) from ${source}`;

/** COPY FROM STDIN over one pg connection (pg-copy-streams): the rows as one write. */
async function copyOverPg(client: pg.PoolClient, table: string, columns: readonly string[], text: string) {
  const stream = client.query(copyStream(copyStatement(table, columns, 'stdin')));
  await pipeline(Readable.from([text]), stream);
}

/** PGlite has no STDIN: COPY reads its rows from a Blob given as /dev/blob. */
async function copyOverPglite(lite: Pick<PGlite, 'query'>, table: string, columns: readonly string[], text: string) {
  await lite.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([text]) });
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: all of it is committed, or none of it. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly kind: 'postgres' | 'pglite';
}

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

// PostgreSQL returns bigint (count(*)) and numeric as strings; our figures fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export async function openDatabase(target: DatabaseTarget, poolSize = 10): Promise<Database> {
  if ('url' in target) return openPostgres(target.url, poolSize);
  if (!('dataDir' in target)) return wrapPglite(await PGlite.create({}), () => undefined);
  mkdirSync(target.dataDir, { recursive: true });
  const unlock = lockDataDir(target.dataDir);
  try {
    return wrapPglite(await PGlite.create({ dataDir: target.dataDir }), unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const query = async <Row extends object>(sql: string, params?: unknown[]) =>
    (await pool.query(sql, params)).rows as Row[];
  return {
    kind: 'postgres',
    query,
    exec: async (sql) => void (await pool.query(sql)),
    async copyFrom(table, columns, text) {
      const client = await pool.connect();
      try {
        await copyOverPg(client, table, columns, text);
      } finally {
        client.release();
      }
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row extends object>(sql: string, params?: unknown[]) =>
            (await client.query(sql, params)).rows as Row[],
          exec: async (sql) => void (await client.query(sql)),
          copyFrom: (table, columns, text) => copyOverPg(client, table, columns, text),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

// Exported for the tests, which open PGlite from a dumped data folder (tests/helpers/snapshots.ts);
// an in-memory database holds no folder, so nothing to unlock.
export function wrapPglite(lite: PGlite, unlock: () => void = () => undefined): Database {
  return {
    kind: 'pglite',
    query: async <Row extends object>(sql: string, params?: unknown[]) => (await lite.query<Row>(sql, params)).rows,
    exec: async (sql) => void (await lite.exec(sql)),
    copyFrom: (table, columns, text) => copyOverPglite(lite, table, columns, text),
    transaction: (work) =>
      lite.transaction((tx) =>
        work({
          query: async <Row extends object>(sql: string, params?: unknown[]) => (await tx.query<Row>(sql, params)).rows,
          exec: async (sql) => void (await tx.exec(sql)),
          copyFrom: (table, columns, text) => copyOverPglite(tx, table, columns, text),
        }),
      ),
    close: async () => {
      try {
        await lite.close();
      } finally {
        unlock();
      }
    },
  };
}

/** Wraps a Queryable so every statement is reported; used for metrics and by tests that count SQL. */
export function observeQueries<Q extends Queryable>(db: Q, onQuery: (sql: string) => void): Q {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return (sql: string, params?: unknown[]) => {
        onQuery(sql);
        return target.query(sql, params);
      };
    },
  });
}
