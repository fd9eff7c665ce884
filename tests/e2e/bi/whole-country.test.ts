import { PRIMARY_ENGINE } from '../../helpers/database';
import { startBiFederation, type BiFederation } from './bi-federation';
import { csvRowsIn, open, parseCsv } from './client';
import type { PartnerProxy } from './partner-proxy';

/**
 * The whole country's 14,600 neighbourhoods come from the municipality, which pages them; the
 * corporations and care providers keep their Utrecht demo and answer each page's areas (mostly
 * with nothing). Seeding the whole country into them too took about two minutes of a test run for
 * no more paging; the benchmark's whole-country pull (bench/) runs on every partner's national data.
 */
const PAGE = 1000;
const ENGINE = PRIMARY_ENGINE;

describe(`a whole-country export, on ${ENGINE}`, () => {
  let federation: BiFederation;
  let municipalityPath: PartnerProxy;
  beforeAll(async () => {
    federation = await startBiFederation({
      engine: ENGINE,
      scope: 'national-areas',
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
    expect(expected).toBeGreaterThan(14_000);
    expect(expected).toBeLessThan(15_500);
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
    expect(municipalities.size).toBe(342);
  }, 300_000);
});
