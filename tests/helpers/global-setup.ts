import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@jest/types';
import { TEST_RUN } from './database';
import { startSharedPartners } from './shared-federation';
import { buildPgliteSnapshots, buildPostgresTemplates, PGLITE_SNAPSHOTS, POSTGRES_TEMPLATES } from './snapshots';

type Hooks = {
  __testSetup?: boolean;
  __postgresContainer?: { stop(): Promise<unknown> };
  __ownSnapshots?: string;
  __stopShared?: () => Promise<void>;
};

/**
 * Once per run: chooses the PostgreSQL the integration tests run against (TEST_DATABASE_URL when
 * set, as in CI; otherwise a throwaway container where a Docker engine answers; otherwise only the
 * embedded PGlite), then makes the migrated and seeded databases every test database is copied
 * from (./snapshots.ts); for the e2e lane, starts the partners its files share
 * (./shared-federation.ts). Workers inherit what is found through the environment.
 */
export default async function globalSetup(_: Config.GlobalConfig, project: Config.ProjectConfig): Promise<void> {
  const hooks = globalThis as Hooks;
  await setUpOnce(hooks);
  if (project.displayName?.name === 'e2e' && !hooks.__stopShared) {
    hooks.__stopShared = await startSharedPartners(process.env.TEST_DATABASE_URL ? ['postgres', 'pglite'] : ['pglite']);
  }
}

async function setUpOnce(hooks: Hooks): Promise<void> {
  // The integration and e2e lanes both name this file; a run of both calls it twice.
  if (hooks.__testSetup) return;
  hooks.__testSetup = true;
  process.env[TEST_RUN] = randomBytes(4).toString('hex');
  await choosePostgres(hooks);
  if (!process.env[PGLITE_SNAPSHOTS]) {
    hooks.__ownSnapshots = mkdtempSync(join(tmpdir(), 'buurtgraaf-snapshots-'));
    process.env[PGLITE_SNAPSHOTS] = hooks.__ownSnapshots;
  }
  // Side by side: PGlite seeds in this process, PostgreSQL in its server's, so each keeps a core busy.
  const [, templates] = await Promise.all([
    buildPgliteSnapshots(process.env[PGLITE_SNAPSHOTS]!),
    process.env.TEST_DATABASE_URL ? buildPostgresTemplates(process.env.TEST_DATABASE_URL) : undefined,
  ]);
  if (templates) process.env[POSTGRES_TEMPLATES] = templates;
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
