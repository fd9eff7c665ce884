import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';

/**
 * The one database surface a store sees. The same SQL runs on PostgreSQL (pg.Pool) and on the
 * embedded PGlite, so a partner can develop on a laptop and deploy against its own server.
 */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
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
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row extends object>(sql: string, params?: unknown[]) =>
            (await client.query(sql, params)).rows as Row[],
          exec: async (sql) => void (await client.query(sql)),
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
    transaction: (work) =>
      lite.transaction((tx) =>
        work({
          query: async <Row extends object>(sql: string, params?: unknown[]) => (await tx.query<Row>(sql, params)).rows,
          exec: async (sql) => void (await tx.exec(sql)),
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
