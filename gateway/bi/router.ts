import type { ApolloServer } from '@apollo/server';
import express, { type RequestHandler, type Response, type Router } from 'express';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';
import type { GatewayContext } from '../observer';
import { PURPOSE_HEADER, type Caller } from '../trust/authenticate';
import { catalogue } from './catalogue';
import { dcatCatalogue } from './dcat';
import { negotiateEncoding } from './body';
import { loadDatasets } from './datasets';
import { ExportRefused, runExport } from './export';
import { parseParameters, secretInQuery } from './parameters';
import { FORMATS, writerFor, type Format } from './writers';

export interface BiRouterOptions {
  /** The gateway's own Apollo Server: every page runs through it in-process, never over HTTP. */
  server: ApolloServer<GatewayContext>;
  /** The same authentication middleware as /graphql (API key or JWT, purpose, transaction id). */
  authenticate: RequestHandler;
  /** Folder with one <name>.json mapping per dataset (schema/datasets). */
  datasetsDir: string;
  /** The trusted documents manifest (id to body); a dataset whose document is not in it does not load. */
  trustedDocuments: ReadonlyMap<string, string>;
  logger: Logger;
  /** Neighbourhoods per internal page (default 1000): bounds the memory of one export. */
  pageSize?: number;
  /** Whether exports are compressed when the client asks for it (GATEWAY_COMPRESSION). */
  compression?: boolean;
  /** Where the OData feed is mounted, for the DCAT description (default /bi/odata/v4). */
  odataPath?: string;
  /** The gateway's public base URL (GATEWAY_PUBLIC_URL): makes the DCAT description's IRIs absolute. */
  publicUrl?: string;
  /** The datasets' contact address (GATEWAY_CONTACT_EMAIL), for the DCAT description. */
  contactEmail?: string;
}

export const DEFAULT_PAGE_SIZE = 1000;

/**
 * Flat tables for BI tools, mounted at /bi/v1: GET /catalogue, and GET /<dataset>.<csv|jsonl|json>
 * with the dataset's parameters in the query string. Same rules as /graphql: key and purpose,
 * partners' policies and audit; refusals are an HTTP status with a plain-text message.
 */
export function biRouter(options: BiRouterOptions): Router {
  const { server, logger } = options;
  const datasets = loadDatasets(options.datasetsDir, options.trustedDocuments);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const router = express.Router();
  const guard = [keysStayOutOfUrls, purposeFromQuery, inPlainText(options.authenticate)];

  // Metadata only, for catalogue harvesters: no key, as a harvester has none (bi/dcat.ts).
  router.get('/catalogue.jsonld', (req, res) => {
    const paths = { bi: req.baseUrl, odata: options.odataPath ?? '/bi/odata/v4' };
    res
      .set({ 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=3600' })
      .send(JSON.stringify(dcatCatalogue(datasets.values(), paths, options)));
  });

  router.get(
    '/catalogue',
    ...guard,
    (req, res) => void res.set('cache-control', 'private, no-store').json(catalogue(datasets.values(), req.baseUrl)),
  );

  router.get('/:file', ...guard, async (req, res) => {
    const match = /^([a-z][a-z0-9-]*)\.([a-z]+)$/.exec(String(req.params.file));
    const dataset = match ? datasets.get(match[1] ?? '') : undefined;
    const format = match?.[2] as Format | undefined;
    if (!dataset || !format || !FORMATS.includes(format)) {
      return plain(
        res,
        404,
        `There is no dataset "${String(req.params.file)}". ${req.baseUrl}/catalogue lists the datasets; add .csv, .jsonl or .json to a name.`,
      );
    }
    const parsed = parseParameters(dataset, req.query as Record<string, unknown>, format);
    if (!parsed.ok) return plain(res, 400, parsed.message, ErrorCode.BadUserInput);
    const writer = writerFor(format, dataset.columns, parsed.delimiter);
    if (req.method === 'HEAD') return void res.status(200).type(writer.contentType).end();
    const caller = res.locals.caller as Caller;
    const started = performance.now();
    const log = {
      dataset: dataset.name,
      format,
      transactionId: caller.transactionId,
      consumer: caller.consumer.id,
      purpose: caller.purpose,
    };
    const filename = [dataset.name, ...Object.values(parsed.params).filter((value) => value !== null)]
      .join('-')
      .replace(/[^A-Za-z0-9-]/g, '_');
    try {
      const encoding = negotiateEncoding(req, options.compression ?? false);
      // Caches must not hand a gzip export to a client that did not ask for one.
      if (options.compression) res.vary('Accept-Encoding');
      const result = await runExport(
        {
          server,
          dataset,
          params: parsed.params,
          caller,
          writer,
          pageSize,
          filename: `${filename}.${format}`,
          encoding,
        },
        res,
        logger,
      );
      logger.info({ ...log, ...result, encoding, durationMs: Math.round(performance.now() - started) }, 'BI export');
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof ExportRefused) {
        logger.info({ ...log, outcome: 'refused', status: error.status }, 'BI export');
        return plain(res, error.status, error.message, error.code);
      }
      logger.error({ ...log, err: error }, 'BI export could not start');
      return plain(res, 500, `The export could not start (transaction ${caller.transactionId}).`);
    }
  });

  router.use((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res.set('allow', 'GET, HEAD'), 405, 'Datasets are read with GET.');
    plain(res, 404, `Not found. ${req.baseUrl}/catalogue lists the datasets.`);
  });
  return router;
}

/** The code, where there is one, is that of the error reference, for clients that branch on it. */
function plain(res: Response, status: number, message: string, code?: string): void {
  if (code) res.set('x-buurtgraaf-error-code', code);
  res
    .status(status)
    .set({
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    })
    .send(`${message}\n`);
}

/** A key in the URL ends up in proxy logs and BI tools' history; refuse before anything else. */
const keysStayOutOfUrls: RequestHandler = (req, res, next) => {
  const name = secretInQuery(req.query as Record<string, unknown>);
  if (name)
    return plain(res, 400, `Do not put credentials in the URL ("${name}"): send the API key in the x-api-key header.`);
  next();
};

/** Some BI tools can set one header only: they may send the purpose as ?purpose= instead. */
const purposeFromQuery: RequestHandler = (req, res, next) => {
  const purpose = (req.query as Record<string, unknown>).purpose;
  if (purpose === undefined) return next();
  if (typeof purpose !== 'string' || purpose === '') return plain(res, 400, 'Give purpose once.');
  const header = req.get(PURPOSE_HEADER);
  if (header !== undefined && header !== purpose)
    return plain(res, 400, `The ${PURPOSE_HEADER} header and ?purpose= differ; send the purpose once.`);
  req.headers[PURPOSE_HEADER] = purpose;
  next();
};

/**
 * The graph's authentication middleware answers refusals in GraphQL's JSON error shape; BI tools
 * show a plain-text body best. Only this request's `res.json` is swapped, and only until
 * authentication has decided; its status and headers (www-authenticate, x-transaction-id) stay.
 */
function inPlainText(authenticate: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const json = res.json;
    res.json = ((body: { errors?: { message?: string }[] } | undefined) => {
      res.json = json;
      plain(res, res.statusCode, body?.errors?.[0]?.message ?? 'Refused.');
      return res;
    }) as Response['json'];
    const proceed = (error?: unknown) => {
      res.json = json;
      next(error);
    };
    Promise.resolve(authenticate(req, res, proceed)).catch(proceed);
  };
}
