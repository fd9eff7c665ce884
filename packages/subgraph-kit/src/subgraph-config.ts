import { join } from 'node:path';
import { z } from 'zod';
import {
  existingFile,
  logLevel,
  parseEnv,
  port,
  positiveInt,
  postgresUrl,
  readSecret,
  secretFile,
  ConfigError,
  type EnvDoc,
  type TlsFiles,
} from '@buurtgraaf/platform';
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
  /** What runs the operations: graphql-jit, or graphql-js to compare against (compiled-executor.ts). */
  executor: SubgraphExecutor;
  /** Variables a subgraph adds for itself (PREFIX_*), already validated. */
  extra: Record<string, unknown>;
}

export type SubgraphExecutor = 'graphql-jit' | 'graphql-js';

/** A stateless partner's audit log when <NAME>_AUDIT_FILE is not set, next to where its data would be. */
export const defaultAuditFile = (name: string) => join('.data', name, 'audit.jsonl');

/** Read by docker/entrypoint.sh, which turns each into the variable above before the process starts. */
export const CONTAINER_ENV: readonly EnvDoc[] = [
  {
    name: '<PREFIX>_DATABASE_URL_FILE, <PREFIX>_MIGRATION_DATABASE_URL_FILE',
    shownDefault: 'not set',
    description:
      'container image only: a file holding the database URL (which holds a password); the entry point reads it into `<PREFIX>_DATABASE_URL` or `<PREFIX>_MIGRATION_DATABASE_URL`',
  },
];

/** The variables that say where a partner's database is; shared with the partner's command-line tools. */
const databaseShape = (p: string, name: string) => ({
  [`${p}_DATABASE_URL`]: postgresUrl
    .optional()
    .describe(
      "`postgres://` or `postgresql://` URL of the partner's PostgreSQL; when set, it is used instead of the data folder",
    ),
  [`${p}_DATA_DIR`]: z
    .string()
    .min(1)
    .default(join('.data', name))
    .describe(
      'folder of the embedded PGlite database (relative to the working directory), used when no database URL is set',
    ),
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
 * Every variable a subgraph reads, under its prefix; exported so the configuration reference
 * (docs/reference/configuration.md) is generated from the same schema that checks them.
 */
export function subgraphEnvShape(p: string, name: string, defaultPolicyFile: string | undefined, defaultPort: number) {
  return {
    [`${p}_HOST`]: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe(
        'address the subgraph listens on; `0.0.0.0` opens it to the network (it still answers only requests the gateway signed)',
      ),
    [`${p}_PORT`]: port(defaultPort).meta({
      description: 'port of the subgraph, 0 to 65535 (0 picks a free port)',
      shownDefault: "the partner's `port` in `schema/partners.json`",
    }),
    ...databaseShape(p, name),
    [`${p}_DATABASE_POOL_SIZE`]: positiveInt(10).describe(
      'most connections to PostgreSQL (at least 1); PGlite ignores it',
    ),
    [`${p}_MIGRATION_DATABASE_URL`]: postgresUrl
      .optional()
      .describe(
        "the tables' owner, for migrations, seeding and start-up preparation; when set, `<PREFIX>_DATABASE_URL` should be a role that may only read and append to the audit log (see the trust model)",
      ),
    [`${p}_SEED`]: z.enum(['none', 'demo']).default('none').meta({
      description: '`demo` loads the Utrecht demo into an empty database at start-up; `none` loads nothing',
      shownDefault: '`none` (`demo` under `npm start`)',
    }),
    [`${p}_EXECUTOR`]: z
      .enum(['graphql-jit', 'graphql-js'])
      .default('graphql-jit')
      .describe(
        'what runs the operations: `graphql-jit` (compiled per document; half the CPU of a whole-country batch) or `graphql-js`, the reference, to compare answers or costs against',
      ),
    [`${p}_GATEWAY_SECRET_FILE`]: secretFile.describe(
      'file holding the secret (at least 32 characters) this partner shares with the gateway; requests not signed with it are refused',
    ),
    [`${p}_SIGNATURE_MAX_AGE_SECONDS`]: positiveInt(60).describe(
      "how far a signature's creation time may lie from the subgraph's clock, both ways",
    ),
    [`${p}_POLICY_FILE`]: (defaultPolicyFile ? existingFile.default(defaultPolicyFile) : existingFile).meta({
      description: "the partner's access policy",
      shownDefault: "the `policy.json` in the partner's folder (`subgraphs/<kind>/policy.json`)",
    }),
    [`${p}_AUDIT_FILE`]: z
      .string()
      .min(1)
      .default(defaultAuditFile(name))
      .describe(
        "partners without a database (insights, the combiner) only: the file their audit records are appended to, one JSON line each, synced before the answer leaves; a record that cannot be written withholds the answer (`AUDIT_UNAVAILABLE`); `/dev/stdout` hands them to a container's log collector",
      ),
    [`${p}_TLS_CERT_FILE`]: existingFile
      .optional()
      .describe('with the key and the client CA: serve HTTPS (mutual TLS)'),
    [`${p}_TLS_KEY_FILE`]: existingFile
      .optional()
      .describe('the key of the certificate; all three TLS variables go together'),
    [`${p}_TLS_CLIENT_CA_FILE`]: existingFile
      .optional()
      .describe("accept only clients whose certificate this CA signed (the gateway's)"),
    LOG_LEVEL: logLevel,
  };
}

/**
 * Every variable of a subgraph starts with its id in capitals (CARE_STADSZORG_DATABASE_URL), so one
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
  const shape = { ...subgraphEnvShape(p, name, defaultPolicyFile, defaultPort), ...extra };
  const values = parseEnv(shape, env) as Record<string, unknown>;
  const get = (key: string) => values[`${p}_${key}`] as string | undefined;
  const tlsParts = [get('TLS_CERT_FILE'), get('TLS_KEY_FILE'), get('TLS_CLIENT_CA_FILE')];
  if (tlsParts.some(Boolean) && !tlsParts.every(Boolean)) {
    throw new ConfigError([
      `${p}_TLS_CERT_FILE, ${p}_TLS_KEY_FILE and ${p}_TLS_CLIENT_CA_FILE go together: set all three for mutual TLS, or none`,
    ]);
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
    tls: tlsParts.every(Boolean)
      ? { cert: tlsParts[0] as string, key: tlsParts[1] as string, clientCa: tlsParts[2] as string }
      : null,
    executor: get('EXECUTOR') as SubgraphExecutor,
    extra: Object.fromEntries(Object.keys(extra).map((key) => [key, values[key]])) as z.infer<z.ZodObject<Extra>>,
  };
}
