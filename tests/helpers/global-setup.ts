import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPgliteSnapshots, buildPostgresTemplates, PGLITE_SNAPSHOTS, POSTGRES_TEMPLATES } from './snapshots';

type Hooks = { __testSetup?: boolean; __postgresContainer?: { stop(): Promise<unknown> }; __ownSnapshots?: string };

/**
 * Once per run: chooses the PostgreSQL the integration tests run against (TEST_DATABASE_URL when
 * set, as in CI; otherwise a throwaway container where a Docker engine answers; otherwise only the
 * embedded PGlite), then makes the migrated and seeded databases every test database is copied
 * from (./snapshots.ts). Workers inherit what is found through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const hooks = globalThis as Hooks;
  // The integration and e2e lanes both name this file; a run of both calls it twice.
  if (hooks.__testSetup) return;
  hooks.__testSetup = true;
  await choosePostgres(hooks);
  if (!process.env[PGLITE_SNAPSHOTS]) {
    hooks.__ownSnapshots = mkdtempSync(join(tmpdir(), 'buurtgraaf-snapshots-'));
    process.env[PGLITE_SNAPSHOTS] = hooks.__ownSnapshots;
  }
  await buildPgliteSnapshots(process.env[PGLITE_SNAPSHOTS]!);
  if (process.env.TEST_DATABASE_URL) process.env[POSTGRES_TEMPLATES] = await buildPostgresTemplates(process.env.TEST_DATABASE_URL);
}

async function choosePostgres(hooks: Hooks): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const dockerSocket = process.env.DOCKER_HOST ?? '/var/run/docker.sock';
  if (!process.env.DOCKER_HOST && !existsSync(dockerSocket)) return;
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    process.env.TEST_DATABASE_URL = container.getConnectionUri();
    hooks.__postgresContainer = container;
  } catch (error) {
    process.stderr.write(`No Docker engine answered (${(error as Error).message}); tests use PGlite only.\n`);
  }
}
