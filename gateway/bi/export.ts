import type { ApolloServer } from '@apollo/server';
import type { Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';
import type { GatewayContext } from '../observer';
import type { Caller } from '../trust/authenticate';
import type { Dataset } from './datasets';
import { ENCODES_ITSELF } from '../web/compression';
import { AREA_LOOKUP, askedArea } from './areas';
import { exportBody, type Encoding } from './body';
import { rowsOf } from './rows';
import { fetchSeriesPage } from './series/source';
import type { TableWriter } from './writers';

/** Refused before any byte of the table went out: the client gets this status and message. */
export class ExportRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface ExportJob {
  server: ApolloServer<GatewayContext>;
  dataset: Dataset;
  params: Record<string, string | number | null>;
  caller: Caller;
  writer: TableWriter;
  /** Neighbourhoods per internal page: what the export holds in memory at most. */
  pageSize: number;
  filename: string;
  /** How the body goes out, as negotiated with the client (identity when compression is off). */
  encoding: Encoding;
}

export interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Record<string, unknown>[];
}

export type ExportOutcome = 'complete' | 'failed' | 'client-gone';

/**
 * Pages through the dataset's connection in-process, through the same Apollo Server as /graphql
 * (so limits, policies, audit and the caller's transaction id apply to every page), and writes
 * each page's rows as soon as it arrives. Waits for the client to drain before the next page.
 *
 * The first page is fetched before anything is sent, so a refusal (bad parameter, policy, partner
 * down) is an HTTP status. A failure after that cannot change the status any more: the writer's
 * `broken` text goes out and the connection is destroyed without the final chunk, so every HTTP
 * client reports a truncated transfer, and the `X-Buurtgraaf-Complete` trailer is missing.
 */
export async function runExport(
  job: ExportJob,
  res: Response,
  logger: Logger,
): Promise<{ outcome: ExportOutcome; rows: number; pages: number }> {
  const { dataset, writer, caller } = job;
  let closed = false;
  res.once('close', () => (closed = !res.writableFinished));
  // A write to a connection the client already closed must not become an unhandled 'error'.
  res.on('error', (error) =>
    logger.debug({ err: error, transactionId: caller.transactionId }, 'BI export connection error'),
  );
  const gone = () => closed || res.destroyed || res.socket?.destroyed !== false;
  let page = await fetchPage(job, null);
  let pages = 1;
  let rows = 0;
  // A series checks its areas itself, and does not know its row count in advance.
  if (!dataset.series && page.totalCount === 0) await refuseUnknownArea(job);
  if (gone()) return { outcome: 'client-gone', rows, pages };

  // Trailers need chunked transfer, which HTTP/1.0 clients do not get (Node refuses to send them then).
  const chunked = res.req.httpVersionMajor > 1 || (res.req.httpVersionMajor === 1 && res.req.httpVersionMinor >= 1);
  res.status(200);
  res.set({
    'content-type': writer.contentType,
    'content-disposition': `attachment; filename="${job.filename}"`,
    'cache-control': 'private, no-store',
    ...(chunked ? { trailer: 'X-Buurtgraaf-Complete, X-Buurtgraaf-Rows' } : {}),
    ...(job.encoding === 'identity' ? {} : { 'content-encoding': job.encoding }),
  });
  res.locals[ENCODES_ITSELF] = true;
  const body = exportBody(res, job.encoding);
  const perNode = dataset.series ? null : dataset.unnest ? (dataset.unnest.keys?.length ?? null) : 1;
  if (perNode !== null) res.set('x-buurtgraaf-expected-rows', String(page.totalCount * perNode));
  try {
    let head = writer.head();
    for (;;) {
      let chunk = head;
      head = '';
      for (const node of page.nodes) {
        for (const cells of rowsOf(dataset, node, job.params)) {
          chunk += writer.row(cells);
          rows += 1;
        }
      }
      // Each page goes out whole (flushed through the compressor) before the next is fetched.
      await body.send(chunk);
      if (gone()) return { outcome: 'client-gone', rows, pages };
      if (!page.pageInfo.hasNextPage) break;
      const after = page.pageInfo.endCursor;
      if (!after) throw new Error('a page said there is a next one but gave no cursor');
      page = await fetchPage(job, after);
      pages += 1;
      if (gone()) return { outcome: 'client-gone', rows, pages };
    }
  } catch (error) {
    logger.warn(
      { err: error, dataset: dataset.name, transactionId: caller.transactionId, rows, pages },
      'BI export failed after it started; cutting the connection',
    );
    if (!gone()) body.cut(writer.broken(caller.transactionId));
    return { outcome: 'failed', rows, pages };
  }
  body.end(writer.tail(), chunked ? { 'X-Buurtgraaf-Complete': 'true', 'X-Buurtgraaf-Rows': String(rows) } : null);
  return { outcome: 'complete', rows, pages };
}

/** What reading a dataset's pages takes; the export and the OData feed both have it. */
export type SourceJob = Pick<ExportJob, 'server' | 'dataset' | 'params' | 'caller' | 'pageSize'>;

/** One internal page; also how the OData feed (odata/feed.ts) reads its pages. */
export async function fetchPage(job: SourceJob, after: string | null): Promise<Page> {
  const { dataset, caller } = job;
  if (dataset.series) return fetchSeriesPage(job, dataset.series, after);
  const data = await execute(job, dataset.document, dataset.operationName, {
    ...job.params,
    first: job.pageSize,
    after,
  });
  const connection = (data as Record<string, Page | null> | null | undefined)?.[dataset.connection];
  if (!connection)
    throw new ExportRefused(
      500,
      `The dataset's query returned no ${dataset.connection} (transaction ${caller.transactionId}).`,
    );
  return connection;
}

/**
 * No rows for a municipality or district: a real area without neighbourhoods is an honest empty
 * file, but an unknown code would pass for one, so ask the graph whether the area exists.
 */
async function refuseUnknownArea(job: ExportJob): Promise<void> {
  const area = askedArea(job.params);
  if (!area) return;
  const data = await execute(job, AREA_LOOKUP[area.level], 'BiAreaExists', { code: area.code });
  if ((data as { area?: unknown } | null | undefined)?.area != null) return;
  throw new ExportRefused(
    404,
    `No ${area.level} has the code ${area.code}; check the CBS code (transaction ${job.caller.transactionId}).`,
    ErrorCode.AreaNotFound,
  );
}

/** Runs one operation in-process as the caller; any error refuses the export. */
export async function execute(
  job: Pick<ExportJob, 'server' | 'caller'>,
  query: string,
  operationName: string,
  variables: Record<string, unknown>,
): Promise<unknown> {
  const { server, caller } = job;
  const response = await server.executeOperation(
    { query, operationName, variables },
    { contextValue: { caller, partnersCalled: new Set<string>() } },
  );
  if (response.body.kind !== 'single') throw new ExportRefused(500, 'The dataset answered in an unexpected form.');
  const { data, errors } = response.body.singleResult;
  // Any error means some cell would be empty for the wrong reason: never pass that off as data.
  if (errors && errors.length > 0) throw refusal(errors, response.http.status, caller.transactionId);
  return data;
}

const STATUS_BY_CODE: [string, number][] = [
  [ErrorCode.BadUserInput, 400],
  [ErrorCode.Forbidden, 403],
  [ErrorCode.PartnerUnavailable, 503],
  [ErrorCode.AuditUnavailable, 503],
  // The gateway's page size is too large for its own cost limit: the operator's to fix, not the client's.
  [ErrorCode.CostLimitExceeded, 500],
];

function refusal(
  errors: readonly GraphQLFormattedError[],
  httpStatus: number | undefined,
  transactionId: string,
): ExportRefused {
  const codes = errors.map((error) => error.extensions?.code);
  const known = STATUS_BY_CODE.find(([code]) => codes.includes(code));
  const status = known?.[1] ?? (httpStatus && httpStatus >= 400 ? httpStatus : 500);
  const messages = [...new Set(errors.map((error) => error.message))].join(' ');
  const code = known?.[0] ?? codes.find((candidate): candidate is string => typeof candidate === 'string');
  return new ExportRefused(status, `${messages} (transaction ${transactionId})`, code);
}
