import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database';

const MIGRATION_FILE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads `NNNN_name.sql` files in order; a file that does not follow the pattern is an error, not skipped. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`Migration file ${join(dir, file)} must be named NNNN_lower_snake.sql`);
      return { version: Number(match[1]), name: file, sql: readFileSync(join(dir, file), 'utf8') };
    });
  const versions = new Map<number, string>();
  for (const migration of migrations) {
    const twin = versions.get(migration.version);
    // Versions are what the database records; a second file with the same number would never run.
    if (twin) throw new Error(`Migrations ${twin} and ${migration.name} in ${dir} share version ${migration.version}`);
    versions.set(migration.version, migration.name);
  }
  return migrations;
}

/**
 * Applies the migrations not yet recorded, each in its own transaction. An advisory lock keeps
 * two replicas of a subgraph that start together from migrating the same database twice.
 */
export async function migrate(db: Database, migrations: Migration[], table = 'schema_migrations'): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      // The lock comes first: even creating the bookkeeping table races between replicas.
      await tx.query('select pg_advisory_xact_lock(4242)');
      await tx.query(`create table if not exists ${table} (
        version integer primary key, name text not null, applied_at timestamptz not null default now())`);
      const rows = await tx.query(`select 1 from ${table} where version = $1`, [migration.version]);
      if (rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query(`insert into ${table} (version, name) values ($1, $2)`, [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}

// Beside src/, so the same path holds from src/ and from the compiled dist/.
const KIT_MIGRATIONS = join(__dirname, '..', 'migrations');

/**
 * The kit's own tables (the audit log) first, then the partner's, each with its own bookkeeping
 * so partner migration numbers never collide with the kit's.
 */
export async function migrateSubgraph(db: Database, partnerMigrationsDir: string): Promise<string[]> {
  const kit = await migrate(db, readMigrations(KIT_MIGRATIONS), 'kit_schema_migrations');
  const partner = await migrate(db, readMigrations(partnerMigrationsDir));
  return [...kit.map((name) => `kit/${name}`), ...partner];
}
