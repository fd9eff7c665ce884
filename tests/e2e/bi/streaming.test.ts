import { memoryLogger, type MemoryLog } from '../../helpers/logs';
import { postGraphQL } from '../../helpers/http';
import { startBiFederation, type BiFederation } from './bi-federation';
import { as, csvRowsIn, getRaw, open, parseCsv, parseJsonLines } from './client';
import type { PartnerProxy } from './partner-proxy';
import { CARE } from '../../helpers/partners';

const PAGE = 40;
/** A municipality request for any page but the first: it carries a cursor. */
const laterPage = (body: string) => body.includes('"after":"');

describe('BI exports are streamed page by page', () => {
  let federation: BiFederation;
  let municipalityPath: PartnerProxy;
  let carePath: PartnerProxy;
  let log: MemoryLog;
  let thirdPageCode: string;
  beforeAll(async () => {
    log = memoryLogger('info');
    federation = await startBiFederation({
      pageSize: PAGE,
      proxied: ['municipality', 'care'],
      logger: log.logger,
      // Retries of the failing page stay quick, and the breaker does not open between tests.
      env: { GATEWAY_SUBGRAPH_RETRY_BASE_MS: '1', GATEWAY_BREAKER_FAILURES: '100' },
    });
    municipalityPath = federation.proxies.municipality as PartnerProxy;
    carePath = federation.proxies.care as PartnerProxy;
    const { data } = await postGraphQL(
      federation.graphqlUrl,
      { query: '{ neighbourhoods(municipality: "GM0344", first: 111) { nodes { code } } }' },
      as(),
    );
    thirdPageCode = data.neighbourhoods.nodes[2 * PAGE + 5].code;
  });
  afterEach(() => {
    municipalityPath.release();
    carePath.fail(null);
  });
  afterAll(() => federation?.stop());
  const url = (path: string) => `${federation.biUrl}/${path}`;

  test("when the second page is still being fetched, then the first page's rows have already reached the client, and the rest follows", async () => {
    municipalityPath.hold(laterPage);
    const response = await open(url('neighbourhood-indicators.csv?municipality=GM0344&year=2023'));
    expect(response.status).toBe(200);
    await municipalityPath.nextHeld();
    // Page 2 cannot arrive while it is held, so these rows were sent before the export was done.
    const early = await response.until((text) => csvRowsIn(text) >= PAGE);
    expect(csvRowsIn(early)).toBe(PAGE);
    municipalityPath.release();
    const done = await response.finished();
    expect(done.complete).toBe(true);
    expect(parseCsv(done.body)).toHaveLength(111);
    expect(done.body.startsWith(early)).toBe(true);
  });

  test.each([
    ['csv', (body: string) => parseCsv(body)],
    ['jsonl', (body: string) => parseJsonLines(body)],
    ['json', (body: string) => JSON.parse(body) as unknown],
  ])(
    'when the care partner fails on the third page of a %s export, then the client sees a cut-off transfer without the completion trailer, and the file does not parse',
    async (format, parseAll) => {
      carePath.fail((body) => body.includes(thirdPageCode));
      const response = await getRaw(url(`neighbourhood-indicators.${format}?municipality=GM0344&year=2023`));
      // The status went out with the first page; what tells the client is the transfer itself.
      expect(response.status).toBe(200);
      expect(response.complete).toBe(false);
      expect(response.trailers['x-buurtgraaf-complete']).toBeUndefined();
      expect(response.body).toContain('BUURTGRAAF EXPORT FAILED: this file is incomplete');
      expect(response.body).toContain(String(response.headers['x-transaction-id']));
      expect(() => parseAll(response.body)).toThrow();
      // The rows of the first two pages did go out, as each page arrived.
      expect(response.body.match(/BU0344[0-9A-Z]{4}/g)).toHaveLength(2 * PAGE);
      expect(response.body).not.toContain(thirdPageCode);
      if (format === 'json') expect(response.body.trimEnd().endsWith(']')).toBe(false);
      expect(carePath.failed).toBeGreaterThan(0);
    },
  );

  test('when a plain fetch client reads an export that fails midway, then reading the body fails instead of returning a short file', async () => {
    carePath.fail((body) => body.includes(thirdPageCode));
    const response = await fetch(url('neighbourhood-indicators.csv?municipality=GM0344&year=2023'), { headers: as() });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  test('when the partner fails on the first page, then nothing is streamed: the client gets 503 with a plain-text message', async () => {
    carePath.fail(() => true);
    const response = await getRaw(url('neighbourhood-indicators.csv?municipality=GM0344&year=2023'));
    expect([response.status, response.headers['content-type']]).toEqual([503, 'text/plain; charset=utf-8']);
    expect(response.body).toMatch(
      new RegExp(
        `^The ${CARE} partner could not be reached; its figures are missing from this answer\\. \\(transaction [0-9a-f-]{36}\\)\\n$`,
      ),
    );
  });

  test('when the client hangs up midway, then the gateway stops paging', async () => {
    municipalityPath.hold(laterPage);
    const response = await open(url('neighbourhood-indicators.csv?municipality=GM0344&year=2023'));
    const transactionId = String(response.headers['x-transaction-id']);
    await municipalityPath.nextHeld();
    await response.until((text) => csvRowsIn(text) >= PAGE);
    response.destroy();
    await response.finished();
    municipalityPath.release();
    const line = await log.next((entry) => entry.msg === 'BI export' && entry.transactionId === transactionId);
    expect(line).toMatchObject({ outcome: 'client-gone', pages: 2 });
    const audited = await federation.subgraphs.municipality.db.query(
      'select 1 from audit_log where transaction_id = $1',
      [transactionId],
    );
    expect(audited).toHaveLength(2);
  });
});
