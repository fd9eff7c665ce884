import express, { type Request, type Response, type Router } from 'express';
import { ErrorCode } from '@buurtgraaf/platform';
import type { Caller } from '../../trust/authenticate';
import { loadDatasets } from '../datasets';
import { ExportRefused } from '../export';
import { DEFAULT_PAGE_SIZE, type BiRouterOptions } from '../router';
import { odataGuard } from './auth';
import { countOrRefuse, readPage } from './feed';
import { metadataXml, serviceDocument } from './metadata';
import { entitySets, type EntitySet } from './model';
import { pageBody, preferredPageSize } from './page';
import { parseQuery } from './query';
import { ODataError, sendError, sendJson, sendXml } from './respond';

/**
 * OData v4 over the BI datasets (mounted at /bi/odata/v4), for Power BI's and Excel's own OData
 * connectors: the service document, $metadata, and one entity set per dataset with $filter on the
 * dataset's parameters, $select, $top/$skip, $count and server-driven paging. Every page runs
 * through the same Apollo Server as /graphql and /bi/v1: same keys, purposes, policies and audit.
 * URLs in answers are relative to the service root, never built from the client's Host header.
 */
export function odataRouter(options: BiRouterOptions): Router {
  const { server, logger } = options;
  const sets = entitySets(loadDatasets(options.datasetsDir, options.trustedDocuments).values());
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const metadata = metadataXml(sets.values());
  const router = express.Router();
  router.use(odataGuard(options.authenticate));

  router.get('/', (_req, res) => sendJson(res, serviceDocument(sets.values())));

  router.get('/:segment', async (req, res) => {
    const segment = String(req.params.segment);
    if (segment === '$metadata') return sendXml(res, metadata);
    const set = sets.get(segment) ?? notFound(segment, sets);
    const caller = res.locals.caller as Caller;
    const started = performance.now();
    const log = {
      entitySet: set.name,
      transactionId: caller.transactionId,
      consumer: caller.consumer.id,
      purpose: caller.purpose,
    };
    try {
      const query = parseQuery(searchOf(req), set);
      if (query.count) countOrRefuse(set);
      const maxRows = preferredPageSize(req.get('prefer'), res);
      const page = await readPage({ server, set, params: query.params, caller, pageSize }, query.start, maxRows);
      sendJson(res, pageBody(set, query, page));
      logger.info(
        {
          ...log,
          rows: page.rows.length,
          pages: page.internalPages,
          last: page.next === null,
          durationMs: Math.round(performance.now() - started),
        },
        'OData page',
      );
    } catch (error) {
      if (error instanceof ODataError) return sendError(res, error);
      if (error instanceof ExportRefused) {
        logger.info({ ...log, outcome: 'refused', status: error.status }, 'OData page');
        return sendError(
          res,
          new ODataError(
            error.status,
            error.code ?? (error.status >= 500 ? ErrorCode.Internal : ErrorCode.BadUserInput),
            error.message,
          ),
        );
      }
      logger.error({ ...log, err: error }, 'OData page failed');
      return sendError(
        res,
        new ODataError(500, ErrorCode.Internal, `The page could not be read (transaction ${caller.transactionId}).`),
      );
    }
  });

  router.use((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(
        res.set('allow', 'GET, HEAD'),
        new ODataError(405, ErrorCode.BadUserInput, 'This feed is read-only: use GET.'),
      );
    sendError(
      res,
      new ODataError(
        404,
        ErrorCode.BadUserInput,
        'Not found. The service root lists the entity sets; $metadata describes them.',
      ),
    );
  });
  // A refusal thrown before the try (an unknown entity set) still answers in OData's shape.
  router.use((error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) =>
    error instanceof ODataError ? sendError(res, error) : next(error),
  );
  return router;
}

/** The raw query string: Express's parser would turn `$filter` with brackets or commas into objects. */
const searchOf = (req: Request) => new URL(req.originalUrl, 'http://localhost').searchParams;

function notFound(name: string, sets: Map<string, EntitySet>): never {
  throw new ODataError(
    404,
    ErrorCode.BadUserInput,
    `There is no entity set "${name}"; there are ${[...sets.keys()].join(', ')}.`,
  );
}
