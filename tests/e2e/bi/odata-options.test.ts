import { CONSUMERS, headersFor } from '../../helpers/trust';
import { startBiFederation, type BiFederation } from './bi-federation';
import { getRaw, parseCsv, type Row } from './client';
import { asCsv, odataRoot, type ODataPage } from './odata-client';

const UTRECHT = "$filter=municipality_code eq 'GM0344' and year eq 2023";
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('OData query options, refusals and trust', () => {
  let federation: BiFederation;
  let csv: Row[];
  beforeAll(async () => {
    federation = await startBiFederation({ pageSize: 40 });
    csv = parseCsv(
      (await getRaw(`${federation.biUrl}/neighbourhood-indicators.csv?municipality=GM0344&year=2023`)).body,
    );
  });
  afterAll(() => federation?.stop());
  const get = async (query: string, headers: Record<string, string> = headersFor('analyst')) => {
    const response = await fetch(`${odataRoot(federation)}NeighbourhoodIndicators?${query}`, { headers });
    return { status: response.status, headers: response.headers, body: (await response.json()) as ODataPage };
  };
  /** Follows the next links from `query` on, as an OData consumer does. */
  const all = async (query: string, headers?: Record<string, string>) => {
    const pages = [await get(query, headers)];
    for (let next = pages[0]?.body['@odata.nextLink']; next; next = pages.at(-1)?.body['@odata.nextLink'])
      pages.push(await get(next.replace(/^NeighbourhoodIndicators\?/, ''), headers));
    return { pages, rows: pages.flatMap((page) => page.body.value ?? []) };
  };

  test('when a district is filtered on as well, then the rows are the CSV of that district', async () => {
    const { rows } = await all(`${UTRECHT} and (district_code eq 'WK034401')`);
    const district = parseCsv(
      (await getRaw(`${federation.biUrl}/neighbourhood-indicators.csv?district=WK034401&year=2023`)).body,
    );
    expect(district.length).toBeGreaterThan(0);
    expect(rows.map(asCsv)).toEqual(district);
  });

  test('when columns are selected, then every row has just those, and the next links keep the selection', async () => {
    const { pages, rows } = await all(`${UTRECHT}&$select=neighbourhood_code,population_total`);
    expect(pages).toHaveLength(3);
    expect(pages[0]?.body['@odata.context']).toBe(
      '$metadata#NeighbourhoodIndicators(neighbourhood_code,population_total)',
    );
    expect(rows.map(asCsv)).toEqual(
      csv.map((row) => ({ neighbourhood_code: row.neighbourhood_code, population_total: row.population_total })),
    );
  });

  test('when $skip and $top cross an internal page boundary, then the rows are that slice of the CSV', async () => {
    const { pages, rows } = await all(`${UTRECHT}&$skip=35&$top=10`);
    expect(pages.map((page) => page.body.value?.length)).toEqual([5, 5]);
    expect(rows.map(asCsv)).toEqual(csv.slice(35, 45));
  });

  test('when $count=true, then every page says how many rows there are in all', async () => {
    const { pages, rows } = await all(`${UTRECHT}&$count=true`);
    expect(pages.map((page) => page.body['@odata.count'])).toEqual([111, 111, 111]);
    expect(rows).toHaveLength(111);
  });

  test('when the tool prefers smaller pages, then it gets them and is told so', async () => {
    const { pages, rows } = await all(UTRECHT, { ...headersFor('analyst'), prefer: 'odata.maxpagesize=25' });
    expect(pages.map((page) => page.body.value?.length)).toEqual([25, 15, 25, 15, 25, 6]);
    expect(pages[0]?.headers.get('preference-applied')).toBe('odata.maxpagesize=25');
    expect(rows.map(asCsv)).toEqual(csv);
  });

  test.each([
    [
      'no year',
      "$filter=municipality_code eq 'GM0344'",
      'BAD_USER_INPUT',
      /needs a \$filter on year, e\.g\. \$filter=year eq 2023/,
    ],
    ['a comparison other than eq', '$filter=year gt 2020', 'QUERY_OPTION_NOT_SUPPORTED', /only eq, not "gt"/],
    ['or', '$filter=year eq 2023 or year eq 2024', 'QUERY_OPTION_NOT_SUPPORTED', /only and, not or/],
    [
      'a column that is not a parameter',
      '$filter=year eq 2023 and population_total eq 100',
      'QUERY_OPTION_NOT_SUPPORTED',
      /cannot use population_total; filter on municipality_code, district_code, year/,
    ],
    [
      'a function',
      "$filter=year eq 2023 and startswith(municipality_code,'GM')",
      'QUERY_OPTION_NOT_SUPPORTED',
      /functions such as startswith\(\)/,
    ],
    ['a year in quotes', "$filter=year eq '2023'", 'BAD_USER_INPUT', /year takes a whole number, as in year eq 2023/],
    [
      'a malformed area code',
      "$filter=year eq 2023 and municipality_code eq 'GM344'",
      'BAD_USER_INPUT',
      /"GM344" is not a valid municipality/,
    ],
    [
      'an unknown property to select',
      '$filter=year eq 2023&$select=inhabitants',
      'BAD_USER_INPUT',
      /no property "inhabitants" to \$select/,
    ],
    ['$orderby', '$filter=year eq 2023&$orderby=year', 'QUERY_OPTION_NOT_SUPPORTED', /\$orderby is not supported/],
    ['a misspelt option', '$filter=year eq 2023&$tpo=5', 'BAD_USER_INPUT', /Unknown query option "\$tpo"/],
    ['a negative $top', '$filter=year eq 2023&$top=-1', 'BAD_USER_INPUT', /\$top must be a whole number/],
    [
      'a forged $skiptoken',
      '$filter=year eq 2023&$skiptoken=bm90LWEtdG9rZW4',
      'BAD_USER_INPUT',
      /not one this feed gave out/,
    ],
  ])(
    'when the query has %s, then it is 400 with an OData error that says what to fix',
    async (_, query, code, message) => {
      const response = await get(query);
      expect([response.status, response.body.error?.code]).toEqual([400, code]);
      expect(response.body.error?.message).toMatch(message);
    },
  );

  test('when Power BI sends Basic credentials, then the user name is the purpose and the password the API key, and every page is audited under its transaction id', async () => {
    const response = await get(UTRECHT, basic('neighbourhood-planning', CONSUMERS.analyst.key));
    expect(response.body.value).toHaveLength(40);
    const audit = await federation.subgraphs.care.db.query<{ consumer: string; purpose: string }>(
      'select consumer, purpose from audit_log where transaction_id = $1',
      [response.headers.get('x-transaction-id')],
    );
    expect(audit).toEqual([{ consumer: 'analyst', purpose: 'neighbourhood-planning' }]);
  });

  test.each([
    ['no credentials', {}, 401, 'UNAUTHENTICATED'],
    ['a wrong password', basic('neighbourhood-planning', 'not-a-key-0123456789abcdef'), 401, 'UNAUTHENTICATED'],
    [
      'a purpose the consumer may not use as user name',
      basic('care-planning', CONSUMERS.analyst.key),
      403,
      'PURPOSE_NOT_ALLOWED',
    ],
  ])("when a request has %s, then it is refused in OData's error shape", async (_, headers, status, code) => {
    const response = await get(UTRECHT, headers);
    expect([response.status, response.body.error?.code]).toEqual([status, code]);
    if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="buurtgraaf"/);
  });

  test('when a consumer whose role the housing and care partners do not admit asks, then it is 403 FORBIDDEN naming the fields, as for the CSV', async () => {
    const response = await get(UTRECHT, headersFor('viewer', 'neighbourhood-planning'));
    expect([response.status, response.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect(response.body.error?.message).toMatch(/HousingContribution\.figures is not available to woonbond/);
  });

  test('when the API key is put in the URL, then it is refused before it is used', async () => {
    const response = await get(`${UTRECHT}&api_key=${CONSUMERS.analyst.key}`);
    expect([response.status, response.body.error?.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(response.body.error?.message).toMatch(/Do not put credentials in the URL/);
  });
});
