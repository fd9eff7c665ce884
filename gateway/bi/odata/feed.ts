import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../../observer';
import type { Caller } from '../../trust/authenticate';
import { fetchPage, type Page } from '../export';
import type { Params } from '../parameters';
import { rowsOf, type Cell } from '../rows';
import type { EntitySet } from './model';
import type { Position } from './query';
import { notSupported } from './respond';

export interface FeedJob {
  server: ApolloServer<GatewayContext>;
  set: EntitySet;
  params: Params;
  caller: Caller;
  /** Neighbourhoods per internal page, as for /bi/v1. */
  pageSize: number;
}

export interface FeedPage {
  rows: Cell[][];
  /** Where the next page starts; null on the last one. */
  next: Position | null;
  /** Rows in the whole collection (all pages), when it can be told from the first internal page. */
  total: number | null;
  internalPages: number;
}

/**
 * One OData page is the rows of at most one internal GraphQL page (the same page size as the CSV
 * export, so the same memory bound), from `start` on. The position of the next page goes into
 * `$skiptoken`: the gateway keeps no state between a client's pages, so a refresh that is
 * interrupted, or spread over several gateway instances, simply follows the links again.
 */
export async function readPage(job: FeedJob, start: Position, maxRows: number): Promise<FeedPage> {
  const { set, params } = job;
  const source = { ...job, dataset: set.dataset };
  let after = start.after;
  let skip = start.skip;
  let page: Page = await fetchPage(source, after);
  let internalPages = 1;
  const total = totalRows(job.set, page);
  let rows = rowsOfPage(set, page, params);
  // $skip past whole internal pages: fetched and dropped, as the graph pages only by cursor.
  while (skip >= rows.length && page.pageInfo.hasNextPage && page.pageInfo.endCursor) {
    skip -= rows.length;
    after = page.pageInfo.endCursor;
    page = await fetchPage(source, after);
    internalPages += 1;
    rows = rowsOfPage(set, page, params);
  }
  const limit = Math.min(maxRows, start.left ?? Number.POSITIVE_INFINITY);
  const served = rows.slice(skip, skip + limit);
  const consumed = skip + served.length;
  const left = start.left === null ? null : start.left - served.length;
  let next: Position | null = null;
  if (left !== 0) {
    if (consumed < rows.length) next = { after, skip: consumed, left };
    else if (page.pageInfo.hasNextPage && page.pageInfo.endCursor)
      next = { after: page.pageInfo.endCursor, skip: 0, left };
  }
  return { rows: served, next, total, internalPages };
}

const rowsOfPage = (set: EntitySet, page: Page, params: Params) =>
  page.nodes.flatMap((node) => rowsOf(set.dataset, node, params));

/** With a fixed number of rows per node the count is known up front; otherwise only by reading everything. */
function totalRows(set: EntitySet, page: Page): number | null {
  if (set.dataset.series) return null;
  const unnest = set.dataset.unnest;
  if (!unnest) return page.totalCount;
  return unnest.keys ? page.totalCount * unnest.keys.length : null;
}

export function countOrRefuse(set: EntitySet): void {
  if (set.dataset.series)
    throw notSupported(
      `$count is not available for ${set.name}: a series is only counted by reading it. Leave out $count.`,
      '$count',
    );
  if (set.dataset.unnest && !set.dataset.unnest.keys) {
    throw notSupported(
      `$count is not available for ${set.name}: its rows per neighbourhood are only known by reading them all. Leave out $count.`,
      '$count',
    );
  }
}
