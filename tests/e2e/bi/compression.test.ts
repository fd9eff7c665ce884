import { startBiFederation, type BiFederation } from './bi-federation';
import { as, csvRowsIn, getRaw, parseCsv } from './client';
import { fetchEncoded, openDecoding } from './encoded-client';
import { CONSUMERS } from '../../helpers/trust';
import { odataRoot } from './odata-client';
import type { PartnerProxy } from './partner-proxy';

const PAGE = 40;
const laterPage = (body: string) => body.includes('"after":"');
/** About 10 KB of JSON: well over the 1 KB below which nothing is compressed. */
const LARGE = JSON.stringify({
  query: '{ neighbourhoods(municipality: "GM0344", first: 111) { nodes { code name district { code name } } } }',
});
const SMALL = JSON.stringify({ query: '{ municipality(code: "GM0344") { code } }' });
const graphqlHeaders = (encoding?: string) => ({
  ...as(),
  'content-type': 'application/json',
  ...(encoding ? { 'accept-encoding': encoding } : {}),
});

describe('compressed answers, negotiated by Accept-Encoding', () => {
  let federation: BiFederation;
  let municipalityPath: PartnerProxy;
  let carePath: PartnerProxy;
  let plainAnswer: unknown;
  let plainCsv: Buffer;
  beforeAll(async () => {
    federation = await startBiFederation({
      pageSize: PAGE,
      proxied: ['municipality', 'care'],
      env: { GATEWAY_SUBGRAPH_RETRY_BASE_MS: '1', GATEWAY_BREAKER_FAILURES: '100' },
    });
    municipalityPath = federation.proxies.municipality as PartnerProxy;
    carePath = federation.proxies.care as PartnerProxy;
    plainAnswer = JSON.parse(
      (await fetchEncoded(federation.graphqlUrl, graphqlHeaders(), LARGE)).decoded.toString('utf8'),
    );
    plainCsv = (await fetchEncoded(csvUrl(), as())).wire;
  });
  afterEach(() => {
    municipalityPath.release();
    carePath.fail(null);
  });
  afterAll(() => federation?.stop());
  const csvUrl = () => `${federation.biUrl}/neighbourhood-indicators.csv?municipality=GM0344&year=2023`;

  test.each(['gzip', 'br'])(
    'when a client asks for %s, then a GraphQL answer arrives in it, smaller, and decodes to the same JSON as without',
    async (encoding) => {
      const response = await fetchEncoded(federation.graphqlUrl, graphqlHeaders(encoding), LARGE);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.wire.length).toBeLessThan(response.decoded.length / 3);
      expect(JSON.parse(response.decoded.toString('utf8'))).toEqual(plainAnswer);
    },
  );

  test('when a client asks for no encoding, then the GraphQL answer is sent as is', async () => {
    const response = await fetchEncoded(federation.graphqlUrl, graphqlHeaders(), LARGE);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(response.wire.toString('utf8'))).toEqual(plainAnswer);
  });

  test('when the answer is under 1 KB, then it is not compressed even if the client asks', async () => {
    const response = await fetchEncoded(federation.graphqlUrl, graphqlHeaders('gzip, br'), SMALL);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(response.wire.toString('utf8'))).toEqual({ data: { municipality: { code: 'GM0344' } } });
  });

  test.each(['gzip', 'br'])(
    'when an analyst downloads a CSV export with %s, then it decodes to the same bytes as the plain export and still ends with the completion trailers',
    async (encoding) => {
      const response = await fetchEncoded(csvUrl(), { ...as(), 'accept-encoding': encoding });
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers['transfer-encoding']).toBe('chunked');
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.complete).toBe(true);
      expect(response.trailers).toMatchObject({ 'x-buurtgraaf-complete': 'true', 'x-buurtgraaf-rows': '111' });
      expect(response.decoded.equals(plainCsv)).toBe(true);
      expect(response.wire.length).toBeLessThan(plainCsv.length / 3);
    },
  );

  test('when an analyst downloads a CSV export without asking for an encoding, then it is sent as is, with its trailers', async () => {
    const response = await getRaw(csvUrl());
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.trailers).toMatchObject({ 'x-buurtgraaf-complete': 'true', 'x-buurtgraaf-rows': '111' });
    expect(parseCsv(response.body)).toHaveLength(111);
  });

  test("when the second page of a gzip export is still being fetched, then the first page's rows can already be decoded by the client", async () => {
    municipalityPath.hold(laterPage);
    const response = await openDecoding(csvUrl(), { ...as(), 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    await municipalityPath.nextHeld();
    // Page 2 cannot arrive while it is held, so these rows were flushed before the export was done.
    const early = await response.until((text) => csvRowsIn(text) >= PAGE);
    expect(csvRowsIn(early)).toBe(PAGE);
    municipalityPath.release();
    const done = await response.finished();
    expect(done.complete).toBe(true);
    expect(done.trailers['x-buurtgraaf-complete']).toBe('true');
    expect(Buffer.from(done.text, 'utf8').equals(plainCsv)).toBe(true);
  });

  test('when a compressed export fails midway, then the client decodes the failure line and sees a cut-off transfer without the completion trailer', async () => {
    // The third page's care call fails: its first neighbourhood is the 81st in code order.
    const thirdPageCode = parseCsv(plainCsv.toString('utf8'))[2 * PAGE]?.neighbourhood_code ?? '';
    carePath.fail((body) => body.includes(thirdPageCode));
    const response = await openDecoding(csvUrl(), { ...as(), 'accept-encoding': 'br' });
    const done = await response.finished();
    expect(done.complete).toBe(false);
    expect(done.trailers['x-buurtgraaf-complete']).toBeUndefined();
    expect(done.text).toContain('BUURTGRAAF EXPORT FAILED: this file is incomplete');
    expect(done.text.match(/^BU0344[0-9A-Z]{4},/gm)).toHaveLength(2 * PAGE);
  });
});

describe('compressed OData pages, negotiated by Accept-Encoding', () => {
  let federation: BiFederation;
  let plainPage: unknown;
  beforeAll(async () => {
    federation = await startBiFederation({ pageSize: PAGE });
    plainPage = JSON.parse((await fetchEncoded(pageUrl(), odataHeaders())).decoded.toString('utf8'));
  });
  afterAll(() => federation?.stop());
  const pageUrl = () =>
    `${odataRoot(federation)}NeighbourhoodIndicators?$filter=${encodeURIComponent("municipality_code eq 'GM0344' and year eq 2023")}`;
  /** As Power BI sends it: Basic credentials, the purpose as user name. */
  const odataHeaders = (encoding?: string) => ({
    authorization: `Basic ${Buffer.from(`neighbourhood-planning:${CONSUMERS.analyst.key}`).toString('base64')}`,
    ...(encoding ? { 'accept-encoding': encoding } : {}),
  });

  test.each(['gzip', 'br'])(
    'when Power BI asks for %s, then an OData page arrives in it, smaller, and decodes to the same rows and next link as without',
    async (encoding) => {
      const response = await fetchEncoded(pageUrl(), odataHeaders(encoding));
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.headers['odata-version']).toBe('4.0');
      expect(response.wire.length).toBeLessThan(response.decoded.length / 3);
      expect(JSON.parse(response.decoded.toString('utf8'))).toEqual(plainPage);
      expect((plainPage as { value: unknown[] }).value).toHaveLength(PAGE);
    },
  );

  test('when the client asks for no encoding, then the OData page is sent as is', async () => {
    const response = await fetchEncoded(pageUrl(), odataHeaders());
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(response.wire.toString('utf8'))).toEqual(plainPage);
  });

  test('when $metadata is asked for with gzip, then it arrives compressed too', async () => {
    const response = await fetchEncoded(`${odataRoot(federation)}$metadata`, odataHeaders('gzip'));
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.decoded.toString('utf8')).toContain('<edmx:Edmx');
  });
});
