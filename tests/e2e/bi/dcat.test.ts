import jsonld from 'jsonld';
import { sharedBiFederation, type SharedBiFederation } from './bi-federation';
import { getRaw } from './client';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const CC_BY = 'https://creativecommons.org/licenses/by/4.0/';
type Node = Record<string, unknown> & { '@id': string; '@type'?: string[] };

/** Values of a property of a flattened node: literals as text, references as their IRI. */
const values = (node: Node | undefined, property: string): string[] =>
  ((node?.[property] as { '@value'?: unknown; '@id'?: string }[] | undefined) ?? []).map((value) =>
    String(value['@id'] ?? value['@value']),
  );

describe('the datasets described in DCAT-AP for catalogue harvesters', () => {
  let federation: SharedBiFederation;
  let url: string;
  let graph: Map<string, Node>;
  const ofType = (type: string) => [...graph.values()].filter((node) => node['@type']?.includes(type));
  beforeAll(async () => {
    federation = await sharedBiFederation();
    url = `${federation.biUrl}/catalogue.jsonld`;
    // No key and no purpose: a harvester has neither.
    const response = await getRaw(url, {});
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    // As a harvester reads it: relative IRIs against the document's URL, and no context fetched from the network.
    const flat = await jsonld.flatten(JSON.parse(response.body), null, {
      base: url,
      documentLoader: async (iri) => {
        throw new Error(`the description made the reader fetch ${iri}`);
      },
    });
    graph = new Map(flat.map((node) => [String(node['@id']), node as Node]));
  });
  afterAll(() => federation?.stop());

  test('when a harvester reads the catalogue without a key, then it finds a dcat:Catalog with every BI dataset, each with a title, description, publisher, temporal and spatial coverage and a yearly update frequency', async () => {
    const [catalogue] = ofType(`${DCAT}Catalog`);
    const datasets = values(catalogue, `${DCAT}dataset`).map((iri) => graph.get(iri));
    expect(datasets.map((dataset) => values(dataset, `${DCT}identifier`)[0]).sort()).toEqual([
      'care-demand',
      'indicator-series',
      'neighbourhood-indicators',
      'social-housing-by-corporation',
    ]);
    for (const dataset of datasets) {
      expect(values(dataset, `${DCT}title`)[0]).toBeTruthy();
      expect(values(dataset, `${DCT}description`)[0]).toBeTruthy();
      expect(
        values(graph.get(values(dataset, `${DCT}publisher`)[0] ?? ''), 'http://xmlns.com/foaf/0.1/name'),
      ).toHaveLength(1);
      expect(values(dataset, `${DCT}accrualPeriodicity`)).toEqual([
        'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
      ]);
      expect(values(dataset, `${DCT}spatial`)).toContain(
        'http://publications.europa.eu/resource/authority/country/NLD',
      );
      const period = graph.get(values(dataset, `${DCT}temporal`)[0] ?? '');
      expect(values(period, `${DCAT}startDate`)).toEqual(['2019-01-01']);
      expect(values(period, `${DCAT}endDate`)).toEqual(['2024-12-31']);
    }
  });

  test('when a harvester reads the distributions of a dataset, then there are CSV, JSON Lines and OData ones whose URLs the gateway serves', async () => {
    const dataset = graph.get(`${url}#neighbourhood-indicators`);
    const distributions = values(dataset, `${DCAT}distribution`).map((iri) => graph.get(iri));
    expect(distributions.map((d) => values(d, `${DCAT}mediaType`)[0]?.split('/media-types/')[1]).sort()).toEqual([
      'application/json',
      'application/jsonl',
      'text/csv',
    ]);
    const access = distributions.map((d) => values(d, `${DCAT}accessURL`)[0] ?? '');
    expect(access).toContain(`${federation.biUrl}/neighbourhood-indicators.csv`);
    expect(access).toContain(`${federation.biUrl.replace('/bi/v1', '/bi/odata/v4')}/NeighbourhoodIndicators`);
    const service = graph.get(values(distributions.at(-1), `${DCAT}accessService`)[0] ?? '');
    expect(values(service, `${DCAT}endpointDescription`)[0]).toMatch(/\/bi\/odata\/v4\/\$metadata$/);
    // Without a key the data itself is still refused: only the description is open.
    expect((await getRaw(`${access[0]}?year=2023`, {})).status).toBe(401);
  });

  test('when a harvester reads where the figures come from, then CBS is a source under CC BY 4.0 credited "Bron: CBS", and generated data is a source of its own, labelled generated', async () => {
    const dataset = graph.get(`${url}#neighbourhood-indicators`);
    const sources = values(dataset, `${DCT}source`).map((iri) => graph.get(iri));
    const cbs = sources.find((source) => values(source, `${DCT}title`)[0]?.startsWith('CBS StatLine'));
    expect(values(cbs, `${DCT}license`)).toEqual([CC_BY]);
    expect(values(cbs, `${DCT}bibliographicCitation`)).toEqual(['Bron: CBS']);
    const generated = sources.find((source) => values(source, `${DCT}description`)[0]?.includes('GENERATED'));
    expect(values(generated, `${DCT}license`)).toEqual([]);
    expect(values(graph.get(values(generated, `${DCT}rights`)[0] ?? ''), `${DCT}description`)[0]).toMatch(/generated/);
  });
});
