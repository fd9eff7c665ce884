import { join } from 'node:path';
import { z } from 'zod';
import { logLevel, parseEnv, port, positiveInt, postgresUrl } from './config';
import type { DatabaseTarget } from './database';

export interface SubgraphConfig {
  name: string;
  host: string;
  port: number;
  database: DatabaseTarget;
  databasePoolSize: number;
  /** Loads the deterministic Utrecht demo data into an empty database at start-up. */
  seedDemoData: boolean;
  logLevel: string;
  /** Variables a subgraph adds for itself (PREFIX_*), already validated. */
  extra: Record<string, unknown>;
}

/**
 * Every variable of a subgraph starts with its name in capitals (CARE_DATABASE_URL), so one
 * environment or .env file can hold a whole local federation without collisions.
 */
export function loadSubgraphConfig<Extra extends z.ZodRawShape>(
  name: string,
  defaultPort: number,
  extra: Extra = {} as Extra,
  env: NodeJS.ProcessEnv = process.env,
): SubgraphConfig & { extra: z.infer<z.ZodObject<Extra>> } {
  const p = name.toUpperCase();
  const shape = {
    [`${p}_HOST`]: z.string().min(1).default('127.0.0.1'),
    [`${p}_PORT`]: port(defaultPort),
    [`${p}_DATABASE_URL`]: postgresUrl.optional(),
    [`${p}_DATA_DIR`]: z.string().min(1).default(join('.data', name)),
    [`${p}_DATABASE_POOL_SIZE`]: positiveInt(10),
    [`${p}_SEED`]: z.enum(['none', 'demo']).default('none'),
    LOG_LEVEL: logLevel,
    ...extra,
  };
  const values = parseEnv(shape, env) as Record<string, unknown>;
  const url = values[`${p}_DATABASE_URL`] as string | undefined;
  return {
    name,
    host: values[`${p}_HOST`] as string,
    port: values[`${p}_PORT`] as number,
    database: url ? { url } : { dataDir: values[`${p}_DATA_DIR`] as string },
    databasePoolSize: values[`${p}_DATABASE_POOL_SIZE`] as number,
    seedDemoData: values[`${p}_SEED`] === 'demo',
    logLevel: values.LOG_LEVEL as string,
    extra: Object.fromEntries(Object.keys(extra).map((key) => [key, values[key]])) as z.infer<
      z.ZodObject<Extra>
    >,
  };
}
