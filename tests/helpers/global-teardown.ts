import { rmSync } from 'node:fs';
import pg from 'pg';
import { testDatabasePrefix } from './database';
import { dropPostgresTemplates, POSTGRES_TEMPLATES } from './snapshots';

type Hooks = {
  __testTeardown?: boolean;
  __postgresContainer?: { stop(): Promise<unknown> };
  __ownSnapshots?: string;
  __stopShared?: () => Promise<void>;
};

export default async function globalTeardown(): Promise<void> {
  const hooks = globalThis as Hooks;
  if (hooks.__testTeardown) return;
  hooks.__testTeardown = true;
  await hooks.__stopShared?.();
  const templates = process.env[POSTGRES_TEMPLATES];
  if (templates && process.env.TEST_DATABASE_URL) await dropPostgresTemplates(process.env.TEST_DATABASE_URL, templates);
  if (process.env.TEST_DATABASE_URL) await dropLeftovers(process.env.TEST_DATABASE_URL);
  if (hooks.__ownSnapshots) rmSync(hooks.__ownSnapshots, { recursive: true, force: true });
  await hooks.__postgresContainer?.stop();
}

/** The run's test databases that a failed or timed-out test never dropped. */
async function dropLeftovers(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string }>(
      'select datname as name from pg_database where starts_with(datname, $1)',
      [testDatabasePrefix()],
    );
    for (const { name } of rows) await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
