import { PRIMARY_ENGINE } from '../../helpers/database';
import { startBiFederation, type BiFederation } from './bi-federation';
import { csvRowsIn, getRaw, open, parseCsv } from './client';
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

  test("when the whole country's indicator series of one year is exported, then every municipality, every district and every neighbourhood comes once, level by level in code order, for a few dozen calls to the municipality instead of two per municipality", async () => {
    const before = municipalityPath.forwarded;
    const response = await getRaw(`${federation.biUrl}/indicator-series.csv?year=2024`);
    const calls = municipalityPath.forwarded - before;
    expect({ status: response.status, body: response.status === 200 ? '' : response.body }).toEqual({
      status: 200,
      body: '',
    });
    expect(response.trailers['x-buurtgraaf-complete']).toBe('true');
    const rows = parseCsv(response.body);
    const ofLevel = (level: string) => rows.filter((row) => row.level === level);
    const [municipalities, districts, neighbourhoods] = ['municipality', 'district', 'neighbourhood'].map(ofLevel);
    expect(municipalities).toHaveLength(342);
    expect(districts!.length).toBeGreaterThan(3000);
    expect(neighbourhoods!.length).toBeGreaterThan(14_000);
    expect(rows).toEqual([...municipalities!, ...districts!, ...neighbourhoods!]);
    for (const level of [municipalities!, districts!, neighbourhoods!]) {
      const codes = level.map((row) => row.area_code);
      expect([...codes].sort()).toEqual(codes);
      expect(new Set(codes).size).toBe(codes.length);
    }
    const known = new Set(municipalities!.map((row) => row.area_code));
    expect(districts!.filter((row) => !known.has(row.municipality_code))).toEqual([]);
    expect(districts!.filter((row) => !row.area_code?.startsWith(`WK${row.municipality_code?.slice(2)}`))).toEqual([]);
    // The scope, the year's check and the municipalities are a query each; districts and
    // neighbourhoods come in pages of PAGE. Before, every municipality cost two queries a year.
    const pages = Math.ceil(districts!.length / PAGE) + Math.ceil(neighbourhoods!.length / PAGE);
    expect(calls).toBeLessThanOrEqual(3 + pages);
  }, 300_000);
});
