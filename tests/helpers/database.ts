import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@buurtgraaf/subgraph-kit/database';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';

export type Engine = 'postgres' | 'pglite';

/** The engines this run can test against: PGlite always, PostgreSQL when one was found. */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];

export interface TestDatabase extends Database {
  url?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own per call: tests never see each other's rows. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const db = await openDatabase({ memory: true });
    return Object.assign(db, { drop: () => db.close() });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `buurtgraaf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() }, 5);
  return Object.assign(db, {
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  });
}

export async function createMigratedDatabase(engine: Engine, migrationsDir: string): Promise<TestDatabase> {
  const db = await createTestDatabase(engine);
  await migrateSubgraph(db, migrationsDir);
  return db;
}
