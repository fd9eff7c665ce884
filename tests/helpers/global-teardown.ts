import { rmSync } from 'node:fs';
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
  if (hooks.__ownSnapshots) rmSync(hooks.__ownSnapshots, { recursive: true, force: true });
  await hooks.__postgresContainer?.stop();
}
