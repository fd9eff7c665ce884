import { CONSUMERS, headersFor } from '../../helpers/trust';
import { startBiFederation, type BiFederation } from './bi-federation';
import { getRaw, parseCsv } from './client';

const INDICATORS = 'neighbourhood-indicators.csv?municipality=GM0344&year=2023';

interface AuditRow {
  consumer: string;
  organisation: string;
  purpose: string;
  operation_name: string | null;
  document_hash: string | null;
  outcome: string;
}

describe('BI datasets follow the same rules as the graph', () => {
  let federation: BiFederation;
  beforeAll(async () => {
    federation = await startBiFederation({ pageSize: 40 });
  });
  afterAll(() => federation?.stop());
  const url = (path: string) => `${federation.biUrl}/${path}`;
  const expectPlain = (response: Awaited<ReturnType<typeof getRaw>>, status: number, message: RegExp) => {
    expect([response.status, response.headers['content-type'], response.body]).toEqual([
      status,
      'text/plain; charset=utf-8',
      expect.stringMatching(message),
    ]);
  };

  test.each([
    ['no API key', 401, { 'x-purpose': 'neighbourhood-planning' }, /x-api-key header/],
    [
      'an API key the gateway does not know',
      401,
      { 'x-api-key': 'not-a-key-0123456789abcdef', 'x-purpose': 'neighbourhood-planning' },
      /not valid/,
    ],
    ['no purpose', 400, { 'x-api-key': CONSUMERS.analyst.key }, /x-purpose header.*neighbourhood-planning/],
    ['a purpose the federation does not know', 403, headersFor('analyst', 'marketing'), /"marketing" is not a purpose/],
    [
      'a purpose the consumer may not use',
      403,
      headersFor('analyst', 'care-planning'),
      /may not use this graph for "care-planning"/,
    ],
  ])('when a request has %s, then it gets HTTP %s with a plain-text message', async (_, status, headers, message) => {
    for (const path of [INDICATORS, 'catalogue']) {
      const response = await getRaw(url(path), headers);
      expectPlain(response, status, message);
      if (status === 401) expect(response.headers['www-authenticate']).toContain('x-api-key');
    }
  });

  test('when the tool can only set the key header and sends the purpose as ?purpose=, then the export runs for that purpose', async () => {
    const response = await getRaw(url(`${INDICATORS}&purpose=neighbourhood-planning`), {
      'x-api-key': CONSUMERS.analyst.key,
    });
    expect(response.status).toBe(200);
    expect(parseCsv(response.body)).toHaveLength(111);
    const [row] = await federation.subgraphs.care.db.query<AuditRow>(
      'select * from audit_log where transaction_id = $1 limit 1',
      [response.headers['x-transaction-id']],
    );
    expect(row?.purpose).toBe('neighbourhood-planning');
    expectPlain(
      await getRaw(url(`${INDICATORS}&purpose=care-planning`), { 'x-api-key': CONSUMERS.analyst.key }),
      403,
      /may not use/,
    );
  });

  test('when the x-purpose header and ?purpose= differ, then the request is refused rather than one of them guessed', async () => {
    expectPlain(await getRaw(url(`${INDICATORS}&purpose=public-information`), headersFor('analyst')), 400, /differ/);
  });

  test('when the API key is put in the URL, then it is refused before it is used', async () => {
    for (const name of ['api_key', 'x-api-key', 'key', 'token']) {
      expectPlain(
        await getRaw(url(`${INDICATORS}&${name}=${CONSUMERS.analyst.key}`), headersFor('analyst')),
        400,
        /Do not put credentials in the URL/,
      );
    }
  });

  test.each([
    ['no year', 400, 'neighbourhood-indicators.csv?municipality=GM0344', /year is required/],
    [
      'a malformed municipality code',
      400,
      'neighbourhood-indicators.csv?municipality=GM344&year=2023',
      /"GM344" is not a valid municipality/,
    ],
    [
      'a year that is not a number',
      400,
      'neighbourhood-indicators.csv?year=twenty',
      /year must be a whole number from 2000 to 2100/,
    ],
    [
      'a misspelt parameter',
      400,
      'neighbourhood-indicators.csv?muncipality=GM0344&year=2023',
      /Unknown parameter "muncipality"; this dataset takes: municipality, district, year, purpose, delimiter/,
    ],
    ['a parameter twice', 400, 'neighbourhood-indicators.csv?year=2023&year=2024', /Give year once/],
    ['its own page size', 400, 'neighbourhood-indicators.csv?year=2023&first=10', /the gateway pages for you/],
    [
      'a delimiter on JSON',
      400,
      'neighbourhood-indicators.json?year=2023&delimiter=semicolon',
      /delimiter only applies to \.csv/,
    ],
    ['an unknown delimiter', 400, 'neighbourhood-indicators.csv?year=2023&delimiter=tab', /comma or semicolon/],
    [
      "a year outside the partners' data",
      400,
      'neighbourhood-indicators.csv?municipality=GM0344&year=2031',
      /No figures for 2031: this partner has figures for 2019 to 2024\..*transaction/,
    ],
    [
      'a dataset that does not exist',
      404,
      'household-income.csv?year=2023',
      /no dataset "household-income\.csv".*catalogue/,
    ],
    ['a format that does not exist', 404, 'neighbourhood-indicators.xlsx?year=2023', /no dataset/],
  ])(
    'when a request names %s, then it gets HTTP %s with a plain-text message that says what to fix',
    async (_, status, path, message) => {
      expectPlain(await getRaw(url(path)), status, message);
    },
  );

  test('when a consumer whose role the housing and care partners do not admit asks, then it gets 403 naming the fields, and no table', async () => {
    const response = await getRaw(url(INDICATORS), headersFor('viewer', 'neighbourhood-planning'));
    expectPlain(
      response,
      403,
      /HousingContribution\.figures is not available to woonbond for purpose "neighbourhood-planning"/,
    );
    expect(response.body).toMatch(/CareContribution\.figures is not available to woonbond/);
  });

  test('when an export runs over several internal pages, then every partner audits each page under the one transaction id the response carries', async () => {
    const response = await getRaw(url(INDICATORS));
    const transactionId = response.headers['x-transaction-id'];
    expect(transactionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const partner of ['municipality', 'housing', 'care'] as const) {
      const rows = await federation.subgraphs[partner].db.query<AuditRow>(
        'select * from audit_log where transaction_id = $1',
        [transactionId],
      );
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row).toMatchObject({
          consumer: 'analyst',
          organisation: 'gemeente-utrecht',
          purpose: 'neighbourhood-planning',
          operation_name: 'NeighbourhoodIndicatorsDataset',
          outcome: 'OK',
        });
      }
    }
  });

  test("when a trusted caller brings its own transaction id, then the export and every page use it; anyone else's is replaced", async () => {
    const own = 'bi-refresh-2026-11-29-0002';
    const trusted = await getRaw(url(INDICATORS), { ...headersFor('trusted'), 'x-transaction-id': own });
    expect(trusted.headers['x-transaction-id']).toBe(own);
    expect(
      await federation.subgraphs.care.db.query('select 1 from audit_log where transaction_id = $1', [own]),
    ).toHaveLength(3);
    const forged = await getRaw(url(INDICATORS), {
      ...headersFor('analyst'),
      'x-transaction-id': 'forged-transaction-id-02',
    });
    expect(forged.headers['x-transaction-id']).not.toBe('forged-transaction-id-02');
  });

  test('when a tool probes a dataset with HEAD, then it learns the content type and no export runs', async () => {
    const response = await fetch(url(INDICATORS), { method: 'HEAD', headers: headersFor('analyst') });
    expect([response.status, response.headers.get('content-type')]).toEqual([
      200,
      'text/csv; charset=utf-8; header=present',
    ]);
    expect(
      await federation.subgraphs.municipality.db.query('select 1 from audit_log where transaction_id = $1', [
        response.headers.get('x-transaction-id'),
      ]),
    ).toHaveLength(0);
  });

  test('when anything but GET is sent, then it is 405', async () => {
    const response = await fetch(url(INDICATORS), { method: 'POST', headers: headersFor('analyst') });
    expect([response.status, response.headers.get('allow'), await response.text()]).toEqual([
      405,
      'GET, HEAD',
      'Datasets are read with GET.\n',
    ]);
  });
});
