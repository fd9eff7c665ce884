import type { z } from 'zod';
import {
  ConfigError,
  listen,
  createLogger,
  type Logger,
  PortInUseError,
  portInUseLine,
  startTracing,
  type Tracing,
} from '@buurtgraaf/platform';
import { envPrefix } from '@buurtgraaf/protocol';
import { openDatabase, type Database } from './database';
import { isStateless, type AnySubgraphDefinition, type SubgraphDefinition } from './definition';
import { migrateSubgraph } from './migrations';
import { createSubgraph } from './server';
import { loadSubgraphConfig, type SubgraphConfig } from './subgraph-config';

/**
 * The whole life of a subgraph process: validate configuration, open and migrate its database,
 * seed demo data if asked, serve, and shut down cleanly on SIGINT/SIGTERM.
 */
export async function runSubgraph<Context extends object, Extra extends z.ZodRawShape>(
  definition: AnySubgraphDefinition<Context, z.infer<z.ZodObject<Extra>>>,
  defaultPort: number,
  extraConfig: Extra = {} as Extra,
): Promise<void> {
  let config;
  let tracing: Tracing | null;
  try {
    config = loadSubgraphConfig(definition.name, defaultPort, extraConfig, process.env, definition.policyFile);
    // Off unless OTEL_TRACES_EXPORTER is set; continues the gateway's trace (W3C traceparent).
    tracing = startTracing(definition.name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(definition.name, config.logLevel);
  await serve(definition, config, logger, tracing).catch((error: Error) => {
    // Someone starting the federation reads this line, not a log record.
    if (error instanceof PortInUseError) {
      process.stderr.write(portInUseLine(definition.name, error, `${envPrefix(definition.name)}_PORT`));
      process.exit(1);
    }
    // A bad policy file or an unreachable database: one clear line, no half-started server.
    logger.fatal({ err: error }, `start-up failed: ${error.message}`);
    process.exit(1);
  });
}

async function serve<Context extends object, Extra>(
  definition: AnySubgraphDefinition<Context, Extra>,
  config: SubgraphConfig & { extra: Extra },
  logger: Logger,
  tracing: Tracing | null,
): Promise<void> {
  const db = isStateless(definition) ? null : await openDatabase(config.database, config.databasePoolSize);
  if (db && !isStateless(definition)) await prepareDatabase(definition, db, config, logger);

  const trust = {
    gatewaySecret: config.gatewaySecret,
    signatureMaxAgeSeconds: config.signatureMaxAgeSeconds,
    policyFile: config.policyFile,
    auditFile: config.auditFile,
  };
  const subgraph = await createSubgraph(definition, {
    db,
    logger,
    extra: config.extra,
    trust,
    executor: config.executor,
  });
  const http = await listen(subgraph.app, config.port, config.host, config.tls);
  logger.info({ url: `${http.url}/graphql`, database: db?.kind ?? 'none' }, 'subgraph ready');
  process.send?.({ type: 'ready', name: definition.name, url: `${http.url}/graphql` });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await http.close();
    await subgraph.stop();
    await db?.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function prepareDatabase<Context extends object, Extra>(
  definition: SubgraphDefinition<Context, Extra>,
  db: Database,
  config: SubgraphConfig & { extra: Extra },
  logger: Logger,
): Promise<void> {
  // Schema changes, seeding and preparation run as the tables' owner when one is configured;
  // requests are then served by a role that may not alter or empty the audit log.
  const owner = config.migrationDatabaseUrl ? await openDatabase({ url: config.migrationDatabaseUrl }, 1) : db;
  try {
    const applied = await migrateSubgraph(owner, definition.migrationsDir);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    if (config.seedDemoData && definition.seedDemo && (await definition.seedDemo(owner))) {
      logger.info('demo data loaded');
    }
    await definition.prepare?.(owner, config.extra);
  } finally {
    if (owner !== db) await owner.close();
  }
}
