import { startBiFederation, type BiFederation } from './bi-federation';
import { csvRowsIn, open, parseCsv } from './client';
import type { PartnerProxy } from './partner-proxy';

/**
 * The whole-country export runs on the national data set (about 14,600 neighbourhoods, seeded
 * into each partner's own PostgreSQL database, which takes about a minute) when TEST_DATABASE_URL
 * is set. Without it, the national set would have to go into three PGlite databases, which takes
 * several minutes; the same checks then run on Utrecht's 111 neighbourhoods with pages of 10, so
 * the export still spans a dozen pages.
 */
const NATIONAL = Boolean(process.env.TEST_DATABASE_URL);
const PAGE = NATIONAL ? 1000 : 10;
const SETTING = NATIONAL
  ? 'the national data set on PostgreSQL'
  : "Utrecht's 111 neighbourhoods, because TEST_DATABASE_URL is not set and seeding the national set into PGlite takes minutes";

describe(`a whole-country export, on ${SETTING}`, () => {
  let federation: BiFederation;
  let municipalityPath: PartnerProxy;
  beforeAll(async () => {
    federation = await startBiFederation({
      engine: NATIONAL ? 'postgres' : 'pglite',
      scope: NATIONAL ? 'national' : 'utrecht',
      pageSize: PAGE,
      proxied: ['municipality'],
    });
    municipalityPath = federation.proxies.municipality as PartnerProxy;
  }, 600_000);
  afterAll(() => federation?.stop());

  test('when every neighbourhood of the country is exported, then the first rows arrive while later pages are still being fetched, and every neighbourhood arrives once, in order', async () => {
    // Hold the second page at the municipality, read the first page's rows, then let the rest go.
    municipalityPath.hold((body) => body.includes('"after":"'));
    const response = await open(`${federation.biUrl}/neighbourhood-indicators.csv?year=2024`);
    expect(response.status).toBe(200);
    const expected = Number(response.headers['x-buurtgraaf-expected-rows']);
    if (NATIONAL) {
      expect(expected).toBeGreaterThan(14_000);
      expect(expected).toBeLessThan(15_500);
    } else expect(expected).toBe(111);
    await municipalityPath.nextHeld();
    const early = await response.until((text) => csvRowsIn(text) >= PAGE);
    expect(csvRowsIn(early)).toBe(PAGE);
    municipalityPath.release();

    const done = await response.finished();
    expect(done.complete).toBe(true);
    expect(done.trailers).toMatchObject({ 'x-buurtgraaf-complete': 'true', 'x-buurtgraaf-rows': String(expected) });
    const codes = parseCsv(done.body).map((row) => row.neighbourhood_code ?? '');
    expect(codes).toHaveLength(expected);
    expect(new Set(codes).size).toBe(expected);
    expect([...codes].sort()).toEqual(codes);
    const municipalities = new Set(codes.map((code) => code.slice(2, 6)));
    expect(municipalities.size).toBe(NATIONAL ? 342 : 1);
  }, 300_000);
});
