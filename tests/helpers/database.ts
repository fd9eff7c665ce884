import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { SUBGRAPHS, type PartnerEntry } from '../../schema/subgraphs';
import { openDatabase, wrapPglite, type Database } from '@buurtgraaf/subgraph-kit/database';
import type { SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import type { SeededStore } from '../../bench/setup/federation';
import { hasSnapshot, pgliteSnapshot, postgresTemplate, type Snapshot } from './snapshots';

export type Engine = 'postgres' | 'pglite';

/** The engines this run can test against: PGlite always, PostgreSQL when one was found. */
export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['postgres', 'pglite'] : ['pglite'];

/**
 * The one engine for tests whose subject sits above the SQL (disclosure and suppression rules, the
 * combiner's sums, the loader's command line): PostgreSQL when the run has one, as in production,
 * else PGlite. The stores' own tests (entities, queries, seeding, loading, migrations) hold both
 * engines to the same answers, so running these on both again doubled their minutes and no more.
 */
export const PRIMARY_ENGINE: Engine = ENGINES[0] ?? 'pglite';

/** Set by globalSetup for the workers; a file run without it still gets names of its own. */
export const TEST_RUN = 'BUURTGRAAF_TEST_RUN';
export const testDatabasePrefix = () => `buurtgraaf_test_${process.env[TEST_RUN] ?? 'adhoc'}_`;

export interface TestDatabase extends Database {
  url?: string;
  drop(): Promise<void>;
}

/**
 * A database of its own per call: tests never see each other's rows. It starts as a copy of
 * `snapshot` when this run made one (./snapshots.ts), else empty.
 */
export async function createTestDatabase(engine: Engine, snapshot: Snapshot = { empty: true }): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const dataDir = pgliteSnapshot(snapshot);
    const db = dataDir ? wrapPglite(await PGlite.create({ dataDir })) : await openDatabase({ memory: true });
    return Object.assign(db, {
      async drop() {
        await db.close();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    });
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  // The run's id in the name lets globalTeardown drop what a test that failed or timed out left behind.
  const name = `${testDatabasePrefix()}${randomBytes(6).toString('hex')}`;
  const template = postgresTemplate(snapshot);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
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
  const db = await createTestDatabase(engine, { migrated: migrationsDir });
  // Nothing to do on a migrated copy; without one (no snapshot for this folder) it migrates here.
  await migrateSubgraph(db, migrationsDir);
  return db;
}

/**
 * A database migrated and seeded with `definition`'s demo, as its partner's subgraph would make it
 * at start-up. `partners`: the partners file the definition was rendered with, which decides each
 * partner's share of the demo; the run's seeded copy is used only where that share is the same.
 */
export async function createSeededDatabase<C extends object, E>(
  engine: Engine,
  definition: SubgraphDefinition<C, E>,
  partners: readonly PartnerEntry[] = SUBGRAPHS,
): Promise<TestDatabase> {
  const seeded = { seeded: definition.name };
  if (hasSnapshot(engine, seeded, partners)) return createTestDatabase(engine, seeded);
  const db = await createMigratedDatabase(engine, definition.migrationsDir);
  await definition.seedDemo?.(db);
  return db;
}

/**
 * A copy of this run's seeded demo database of partner `name`, for a partner that runs in a process
 * of its own (the benchmark's smoke run): by URL on PostgreSQL, by data folder on PGlite. Null when
 * the run made no such copy; that partner then seeds its own.
 */
export async function seededStore(
  engine: Engine,
  name: string,
): Promise<{ store: SeededStore; drop(): Promise<void> } | null> {
  const seeded = { seeded: name };
  if (!hasSnapshot(engine, seeded)) return null;
  if (engine === 'postgres') {
    // Its pool opens no connection until asked: the partner's process is the only one to use it.
    const db = await createTestDatabase(engine, seeded);
    return { store: { url: db.url ?? '' }, drop: () => db.drop() };
  }
  const dataDir = pgliteSnapshot(seeded);
  if (!dataDir) return null;
  return { store: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}
