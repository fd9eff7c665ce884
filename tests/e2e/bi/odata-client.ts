import { OData } from '@odata/client';
import { CONSUMERS, type ConsumerName } from '../../helpers/trust';
import type { SharedBiFederation } from './bi-federation';
import type { Row } from './client';

/** The OData service root of a test federation (the gateway mounts it beside /bi/v1). */
export const odataRoot = (federation: SharedBiFederation) =>
  `${federation.biUrl.replace(/\/bi\/v1$/, '/bi/odata/v4')}/`;

/**
 * An OData v4 client from the registry, set up as Power BI's and Excel's connectors are: Basic
 * credentials with the purpose as user name and the API key as password, no custom header.
 */
export function odataClient(
  federation: SharedBiFederation,
  consumer: ConsumerName = 'analyst',
  purpose = 'neighbourhood-planning',
) {
  return OData.New4({
    serviceEndpoint: odataRoot(federation),
    credential: { username: purpose, password: CONSUMERS[consumer].key },
  });
}

export interface ODataPage {
  '@odata.context'?: string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value?: Record<string, unknown>[];
  error?: { code: string; message: string };
}

/**
 * Every page of an entity set, following `@odata.nextLink` as an OData consumer must (the library
 * reads one page per call). The link is resolved against the URL of the page that carried it.
 */
export async function readAll(
  client: ReturnType<typeof odataClient>,
  root: string,
  entitySet: string,
  options: ReturnType<typeof OData.newOptions>,
) {
  const pages: ODataPage[] = [(await client.newRequest({ collection: entitySet, params: options })) as ODataPage];
  let url = new URL(entitySet, root).href;
  for (let next = pages[0]?.['@odata.nextLink']; next; next = pages.at(-1)?.['@odata.nextLink']) {
    url = new URL(next, url).href;
    if (!url.startsWith(root)) throw new Error(`the next link ${next} leads out of the service (${url})`);
    // The library takes a path below its service root: the link's, with its query as given.
    pages.push(
      (await client.newRequest({ collection: url.slice(root.length), params: OData.newOptions() })) as ODataPage,
    );
    if (pages.length > 50) throw new Error('more than 50 pages: the feed keeps giving next links');
  }
  const errors = pages.flatMap((page) => (page.error ? [page.error] : []));
  if (errors.length > 0) throw new Error(`OData error: ${JSON.stringify(errors[0])}`);
  return { pages, rows: pages.flatMap((page) => page.value ?? []) };
}

/** A row as the CSV shows it: every value as text, empty for null. */
export const asCsv = (row: Record<string, unknown>): Row =>
  Object.fromEntries(Object.entries(row).map(([name, value]) => [name, value === null ? '' : String(value)]));
