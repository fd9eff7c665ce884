import './no-telemetry';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express, type RequestHandler } from 'express';
import { maskUnexpectedErrors, answerHttpErrors, type Logger } from '@buurtgraaf/platform';
import type { GatewayConfig } from './config';
import { biRouter } from './bi/router';
import { odataRouter } from './bi/odata/router';
import { PartnerDataSource } from './data-source';
import { requestDeadline } from './deadline';
import { FastGateway } from './execution/fast-gateway';
import { NO_OBSERVER, type GatewayContext, type PartnerObserver } from './observer';
import { useCostLimit } from './plugins/cost';
import { useIntrospectionRoles } from './plugins/introspection';
import { combineObservers, createMetrics, type Metrics } from './plugins/metrics';
import { recordRefusals } from './plugins/refusals';
import { useRequestLog } from './plugins/request-log';
import { requiresAliasRule } from './plugins/requires-aliases';
import { createRateLimiter } from './trust/rate-limit';
import { limitRules } from './plugins/limits';
import { supergraphFromFile } from './supergraph-source';
import { loadTrustedDocuments, trustedDocuments } from './trust/trusted-documents';
import { authenticate, type Caller } from './trust/authenticate';
import { loadConsumers } from './trust/consumers';
import { explorerRouter } from './explorer/explorer';
import { compress } from './web/compression';
import { cors } from './web/cors';

/** graphql-js stops validating after this many errors and adds one saying so. */
const MAX_VALIDATION_ERRORS = 5;

export interface Gateway {
  app: Express;
  /** The Prometheus registry behind GET /metrics. */
  metrics: Metrics;
  /** The Apollo Server behind /graphql; /bi/v1 runs its pages through it in-process. */
  server: ApolloServer<GatewayContext>;
  stop(): Promise<void>;
}

/**
 * Builds the gateway app on the committed supergraph. Composition happened before deploy; the
 * gateway never introspects partners at run time.
 */
export async function createGateway(
  config: GatewayConfig,
  logger: Logger,
  observer: PartnerObserver = NO_OBSERVER,
): Promise<Gateway> {
  const consumers = loadConsumers(config.consumersFile);
  const metrics = createMetrics();
  const rateLimiter = createRateLimiter(config.rateLimits, logger);
  await rateLimiter.ready();
  const partnerObserver = combineObservers(metrics.observer, observer);
  const documents = loadTrustedDocuments(config.trustedDocumentsFile);
  const partnerOptions = {
    timeoutMs: config.subgraphTimeoutMs,
    maxSockets: config.subgraphMaxSockets,
    maxResponseBytes: config.subgraphMaxResponseBytes,
    bulkDeadlineMs: config.bulkDeadlineMs,
    resilience: config.resilience,
  };
  const services = new Map<string, PartnerDataSource>();
  const supergraph = supergraphFromFile(config.supergraphFile, config.supergraphPollMs, logger);
  const apolloGateway = new ApolloGateway({
    supergraphSdl: supergraph,
    buildService: ({ name, url }) => {
      const connection = config.partners[name];
      if (!connection) throw new Error(`The supergraph names a partner "${name}" this gateway has no secret for`);
      const service = new PartnerDataSource(
        name,
        connection.url ?? url ?? '',
        connection,
        partnerOptions,
        logger,
        partnerObserver,
      );
      services.set(name, service);
      return service;
    },
    logger,
  });
  const server = new ApolloServer<GatewayContext>({
    gateway: config.executor === 'buurtgraaf' ? new FastGateway(apolloGateway, services, logger) : apolloGateway,
    // Allowed here, then limited to the introspection roles by the plugin.
    introspection: true,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      useIntrospectionRoles(config.introspectionRoles),
      useCostLimit(config.limits.maxCost, rateLimiter.chargeCost),
      metrics.plugin,
      useRequestLog(logger),
    ],
    validationRules: [...limitRules(config.limits), requiresAliasRule(supergraph.accepted)],
    // graphql-js reports every unknown directive, field, ... separately (up to 100): a few are enough to fix a document.
    validationOptions: { maxErrors: MAX_VALIDATION_ERRORS },
    parseOptions: { maxTokens: config.limits.maxTokens },
    allowBatchedHttpRequests: config.limits.allowBatchedRequests,
    // Documents by id come from the trusted manifest only; Apollo's APQ cache would let anyone register one.
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the process's signals; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: process.env.NODE_ENV !== 'development',
    formatError: maskUnexpectedErrors((error) => logger.error({ err: error }, 'unexpected error in gateway')),
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  // First, so every answer below can be compressed; BI exports compress their own stream.
  if (config.compression) app.use(compress());
  app.get('/health/live', (_req, res) => void res.json({ status: 'live' }));
  // The supergraph is loaded once server.start() has returned, so a started gateway is ready.
  app.get('/health/ready', (_req, res) => void res.json({ status: 'ready' }));
  // Not behind authenticate: scrapers carry no API key. Keep /metrics internal (see plugins/metrics.ts).
  app.get('/metrics', metrics.handler);
  // Who asks, then whether they are within their requests per minute (trust/rate-limit.ts).
  const authenticateOnly = authenticate(consumers, config.trustedCallerRole);
  const authenticateCaller: RequestHandler = (req, res, next) =>
    void Promise.resolve(
      authenticateOnly(req, res, (error?: unknown) => (error ? next(error) : rateLimiter.requests(req, res, next))),
    ).catch(next);
  const refusals = recordRefusals(logger, metrics);
  // Browser apps of the allowed origins (GATEWAY_CORS_ORIGINS); preflights answered before authentication.
  const allowBrowsers = cors(config.corsOrigins);
  app.use('/graphql', allowBrowsers);
  app.use('/bi/v1', allowBrowsers);
  app.use('/bi/odata/v4', allowBrowsers);
  // The offline explorer (GATEWAY_EXPLORER=on): a static page; what it runs is checked like any client's.
  if (config.explorer) app.use(explorerRouter());
  app.use(
    '/bi/v1',
    refusals,
    biRouter({
      server,
      authenticate: authenticateCaller,
      datasetsDir: config.bi.datasetsDir,
      trustedDocuments: documents,
      logger,
      pageSize: config.bi.pageSize,
      compression: config.compression,
      publicUrl: config.bi.publicUrl,
      contactEmail: config.bi.contactEmail,
    }),
  );
  app.use(
    '/bi/odata/v4',
    refusals,
    odataRouter({
      server,
      authenticate: authenticateCaller,
      datasetsDir: config.bi.datasetsDir,
      trustedDocuments: documents,
      logger,
      pageSize: config.bi.pageSize,
    }),
  );
  app.use(
    '/graphql',
    refusals,
    authenticateCaller,
    express.json({ limit: '1mb' }),
    trustedDocuments(documents, config.anyDocumentRoles),
    // From here on the request-log and metrics plugins account for the request.
    (_req, res, next) => {
      res.locals.reachedApollo = true;
      next();
    },
    // Each /graphql operation gets a deadline its partner calls inherit (deadline.ts).
    expressMiddleware(server, {
      context: async ({ req, res }) => ({
        caller: res.locals.caller as Caller,
        partnersCalled: new Set<string>(),
        deadline: requestDeadline(req.get('prefer'), config.deadlineMs, config.bulkDeadlineMs),
      }),
    }),
  );
  // Last: errors before GraphQL (bad JSON, too large) answer as GraphQL-shaped JSON, not Express's HTML.
  app.use(answerHttpErrors(logger));
  return {
    app,
    metrics,
    server,
    stop: async () => {
      await server.stop();
      await rateLimiter.close();
    },
  };
}
