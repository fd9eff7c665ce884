import type { Response } from 'express';
import type { FeedPage } from './feed';
import type { EntitySet } from './model';
import { encodeToken, type FeedQuery } from './query';

/**
 * The JSON of one page. `@odata.nextLink` repeats `$filter`, `$select`, `$count` and `purpose` and carries
 * the position in `$skiptoken`; it is relative, so it resolves against the URL the tool asked,
 * whatever scheme and host a proxy in front of the gateway shows it.
 */
export function pageBody(set: EntitySet, query: FeedQuery, page: FeedPage) {
  const properties = query.select ?? set.properties;
  const value = page.rows.map((cells) =>
    Object.fromEntries(properties.map((property) => [property.name, cells[set.properties.indexOf(property)] ?? null])),
  );
  const selected = query.select ? `(${query.select.map((property) => property.name).join(',')})` : '';
  let nextLink: string | undefined;
  if (page.next) {
    const options: [string, string][] = [];
    if (query.filter !== null) options.push(['$filter', query.filter]);
    if (query.select) options.push(['$select', query.select.map((property) => property.name).join(',')]);
    if (query.count) options.push(['$count', 'true']);
    if (query.purpose !== null) options.push(['purpose', query.purpose]);
    options.push(['$skiptoken', encodeToken(page.next)]);
    nextLink = `${set.name}?${options.map(([name, text]) => `${name}=${encodeURIComponent(text)}`).join('&')}`;
  }
  return {
    '@odata.context': `$metadata#${set.name}${selected}`,
    ...(query.count && page.total !== null ? { '@odata.count': page.total } : {}),
    value,
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
  };
}

const MAX_PAGE_SIZE = /(?:^|[,;\s])odata\.maxpagesize\s*=\s*(\d{1,9})/i;

/** `Prefer: odata.maxpagesize=N` asks for smaller pages; larger ones are bounded by the internal page anyway. */
export function preferredPageSize(prefer: string | undefined, res: Response): number {
  const wanted = prefer ? MAX_PAGE_SIZE.exec(prefer)?.[1] : undefined;
  if (wanted === undefined || Number(wanted) < 1) return Number.POSITIVE_INFINITY;
  res.set('preference-applied', `odata.maxpagesize=${wanted}`);
  return Number(wanted);
}
