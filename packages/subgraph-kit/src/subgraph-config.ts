import { join } from 'node:path';
import { z } from 'zod';
import { existingFile, logLevel, parseEnv, port, positiveInt, postgresUrl, readSecret, secretFile, ConfigError, type TlsFiles } from '@buurtgraaf/platform';
import { envPrefix } from '@buurtgraaf/protocol';
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
  /** The secret this subgraph shares with the gateway only; every request must be signed with it. */
  gatewaySecret: string;
  signatureMaxAgeSeconds: number;
  policyFile: string;
  /** Where a partner without a database (insights) appends its audit records, one JSON line each. */
  auditFile: string;
  /** The tables' owner, for migrations and seeding; requests are served with `database`. */
  migrationDatabaseUrl: string | null;
  /** Serve HTTPS and demand a client certificate signed by the given CA (mutual TLS). */
  tls: TlsFiles | null;
  /** Variables a subgraph adds for itself (PREFIX_*), already validated. */
  extra: Record<string, unknown>;
}

/** A stateless partner's audit log when <NAME>_AUDIT_FILE is not set, next to where its data would be. */
export const defaultAuditFile = (name: string) => join('.data', name, 'audit.jsonl');

/** housing-domstad reads HOUSING_DOMSTAD_*: environment names take no hyphens. */

/** The variables that say where a partner's database is; shared with the partner's command-line tools. */
const databaseShape = (p: string, name: string) => ({
  [`${p}_DATABASE_URL`]: postgresUrl.optional(),
  [`${p}_DATA_DIR`]: z.string().min(1).default(join('.data', name)),
});
const databaseTarget = (values: Record<string, unknown>, p: string): DatabaseTarget => {
  const url = values[`${p}_DATABASE_URL`] as string | undefined;
  return url ? { url } : { dataDir: values[`${p}_DATA_DIR`] as string };
};

/** Only where the partner's database is: for tools (data loads, the audit export) that serve no requests. */
export function loadDatabaseTarget(name: string, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const p = envPrefix(name);
  return databaseTarget(parseEnv(databaseShape(p, name), env) as Record<string, unknown>, p);
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
  /** The policy the partner's folder ships (its definition's policyFile), used unless <PREFIX>_POLICY_FILE says otherwise. */
  defaultPolicyFile?: string,
): SubgraphConfig & { extra: z.infer<z.ZodObject<Extra>> } {
  const p = envPrefix(name);
  const shape = {
    [`${p}_HOST`]: z.string().min(1).default('127.0.0.1'),
    [`${p}_PORT`]: port(defaultPort),
    ...databaseShape(p, name),
    [`${p}_DATABASE_POOL_SIZE`]: positiveInt(10),
    [`${p}_MIGRATION_DATABASE_URL`]: postgresUrl.optional(),
    [`${p}_SEED`]: z.enum(['none', 'demo']).default('none'),
    [`${p}_GATEWAY_SECRET_FILE`]: secretFile,
    [`${p}_SIGNATURE_MAX_AGE_SECONDS`]: positiveInt(60),
    [`${p}_POLICY_FILE`]: defaultPolicyFile ? existingFile.default(defaultPolicyFile) : existingFile,
    [`${p}_AUDIT_FILE`]: z.string().min(1).default(defaultAuditFile(name)),
    [`${p}_TLS_CERT_FILE`]: existingFile.optional(),
    [`${p}_TLS_KEY_FILE`]: existingFile.optional(),
    [`${p}_TLS_CLIENT_CA_FILE`]: existingFile.optional(),
    LOG_LEVEL: logLevel,
    ...extra,
  };
  const values = parseEnv(shape, env) as Record<string, unknown>;
  const get = (key: string) => values[`${p}_${key}`] as string | undefined;
  const tlsParts = [get('TLS_CERT_FILE'), get('TLS_KEY_FILE'), get('TLS_CLIENT_CA_FILE')];
  if (tlsParts.some(Boolean) && !tlsParts.every(Boolean)) {
    throw new ConfigError([`${p}_TLS_CERT_FILE, ${p}_TLS_KEY_FILE and ${p}_TLS_CLIENT_CA_FILE go together: set all three for mutual TLS, or none`]);
  }
  return {
    name,
    host: get('HOST') as string,
    port: values[`${p}_PORT`] as number,
    database: databaseTarget(values, p),
    databasePoolSize: values[`${p}_DATABASE_POOL_SIZE`] as number,
    seedDemoData: get('SEED') === 'demo',
    logLevel: values.LOG_LEVEL as string,
    gatewaySecret: readSecret(get('GATEWAY_SECRET_FILE') as string),
    signatureMaxAgeSeconds: values[`${p}_SIGNATURE_MAX_AGE_SECONDS`] as number,
    policyFile: get('POLICY_FILE') as string,
    auditFile: get('AUDIT_FILE') as string,
    migrationDatabaseUrl: get('MIGRATION_DATABASE_URL') ?? null,
    tls: tlsParts.every(Boolean) ? { cert: tlsParts[0] as string, key: tlsParts[1] as string, clientCa: tlsParts[2] as string } : null,
    extra: Object.fromEntries(Object.keys(extra).map((key) => [key, values[key]])) as z.infer<z.ZodObject<Extra>>,
  };
}
