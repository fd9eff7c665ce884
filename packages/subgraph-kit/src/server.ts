import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express, { type Express } from 'express';
import type { Database } from './database';
import { isStateless, type AnySubgraphDefinition, type Resolvers } from './definition';
import { maskUnexpectedErrors, answerHttpErrors, type Logger } from '@buurtgraaf/platform';
import { useDistinctErrors } from './plugins/distinct-errors';
import { createRequestLog } from './plugins/request-log';
import { defaultAuditFile } from './subgraph-config';
import { compiledExecutor } from './compiled-executor';
import type { SubgraphExecutor } from './subgraph-config';
import { loadPolicy } from './trust/policy';
import { nonceStoreFor } from './trust/nonces';
import { requireGatewaySignature } from './trust/require-signature';
import { guardFields, useTrust, type TrustContext } from './trust/use-trust';

export interface Subgraph {
  app: Express;
  stop(): Promise<void>;
}

export interface SubgraphDeps<Extra> {
  /** Null for a stateless subgraph; its audit records then go to the log. */
  db: Database | null;
  logger: Logger;
  extra: Extra;
  trust: {
    /** Shared with the gateway only: requests not signed with it are refused before parsing. */
    gatewaySecret: string;
    signatureMaxAgeSeconds: number;
    policyFile: string;
    /** A stateless subgraph's audit log (JSON lines); by default `.data/<name>/audit.jsonl`. */
    auditFile?: string;
  };
  /** Request body limit; by default the definition's `maxRequestSize`, else 20mb. */
  bodyLimit?: string;
  /** graphql-jit unless graphql-js is asked for (<PREFIX>_EXECUTOR). */
  executor?: SubgraphExecutor;
}

/** Builds the HTTP app of a subgraph; listening is the caller's business (tests use port 0). */
export async function createSubgraph<Context extends object, Extra>(
  definition: AnySubgraphDefinition<Context, Extra>,
  {
    db,
    logger,
    extra,
    trust,
    bodyLimit = definition.maxRequestSize ?? '20mb',
    executor = 'graphql-jit',
  }: SubgraphDeps<Extra>,
): Promise<Subgraph> {
  // The resolver map is typed by the partner's own context; buildSubgraphSchema only knows `unknown`.
  const schema = guardFields(
    buildSubgraphSchema({ typeDefs: definition.typeDefs, resolvers: definition.resolvers as Resolvers<unknown> }),
  );
  const policy = loadPolicy(trust.policyFile, schema, definition.partnerField);
  const requestLog = createRequestLog(logger);
  const server = new ApolloServer<Context & TrustContext>({
    // graphql-jit runs the operations (compiled-executor.ts); <PREFIX>_EXECUTOR=graphql-js for A/B runs.
    ...(executor === 'graphql-js' ? { schema } : { gateway: compiledExecutor(schema) }),
    // Inline traces (ftv1) would tell any caller how long each of our fields took and how.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No one caches partner answers on cache hints, and the default plugin wraps every field
      // resolution (bench/README.md: about 4% of a whole-country _entities batch).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      useDistinctErrors(),
      useTrust({ policy, db, auditFile: trust.auditFile ?? defaultAuditFile(definition.name), logger }),
      requestLog.plugin,
    ],
    includeStacktraceInErrorResponses: false,
    // run.ts owns the process's signals; Apollo's own handlers would race it and leave orphans.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: process.env.NODE_ENV !== 'development',
    formatError: maskUnexpectedErrors((error) => logger.error({ err: error }, 'unexpected error in resolver')),
  });
  await server.start();
  const createContext = isStateless(definition)
    ? definition.setup(extra)
    : definition.setup(requireDatabase(db, definition.name), extra);

  const app = express();
  app.disable('x-powered-by');
  app.get('/health/live', (_req, res) => void res.json({ status: 'live' }));
  app.get('/health/ready', async (_req, res) => {
    try {
      await db?.query('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.use(
    '/graphql',
    ...requireGatewaySignature({
      secret: trust.gatewaySecret,
      maxAgeSeconds: trust.signatureMaxAgeSeconds,
      bodyLimit,
      logger,
      nonces: nonceStoreFor(db, trust.signatureMaxAgeSeconds, logger),
    }),
    requestLog.middleware,
    expressMiddleware(server, {
      context: async ({ res }) => Object.assign(createContext(), { request: res.locals.requestContext }),
    }),
  );
  app.use(answerHttpErrors(logger));
  return { app, stop: () => server.stop() };
}

function requireDatabase(db: Database | null, name: string): Database {
  if (!db) throw new Error(`subgraph ${name} keeps data and needs a database`);
  return db;
}
