import { existsSync } from 'node:fs';

/**
 * Chooses the PostgreSQL the integration tests run against, once per run:
 * TEST_DATABASE_URL when set (CI uses the machine's own server); otherwise a throwaway
 * container where a Docker engine answers; otherwise only the embedded PGlite.
 */
export default async function globalSetup(): Promise<void> {
  // The integration and e2e lanes both name this file; a run of both calls it twice.
  if ((globalThis as { __postgresChosen?: boolean }).__postgresChosen) return;
  (globalThis as { __postgresChosen?: boolean }).__postgresChosen = true;
  if (process.env.TEST_DATABASE_URL) return;
  const dockerSocket = process.env.DOCKER_HOST ?? '/var/run/docker.sock';
  if (!process.env.DOCKER_HOST && !existsSync(dockerSocket)) return;
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:16-alpine').start();
    process.env.TEST_DATABASE_URL = container.getConnectionUri();
    (globalThis as { __postgresContainer?: { stop(): Promise<unknown> } }).__postgresContainer = container;
  } catch (error) {
    process.stderr.write(`No Docker engine answered (${(error as Error).message}); tests use PGlite only.\n`);
  }
}
