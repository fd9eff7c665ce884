import { OData } from '@odata/client';
import { CONSUMERS, headersFor } from '../../helpers/trust';
import { sharedBiFederation, type SharedBiFederation } from './bi-federation';
import { getRaw, parseCsv } from './client';
import { asCsv, odataClient, odataRoot, readAll } from './odata-client';

// The OASIS OData TC's own CSDL XML to JSON converter: it fails on what is not valid CSDL.
const { xml2json } = require('odata-csdl') as {
  xml2json: (xml: string, options?: { strict?: boolean }) => Record<string, Schema>;
};
/** CSDL JSON: a schema's elements by name, each element's members by name. */
type Schema = Record<string, Record<string, unknown>>;
const members = (element: Record<string, unknown> | undefined) =>
  Object.keys(element ?? {}).filter((name) => !name.startsWith('$'));

const DATASETS = [
  // 111 neighbourhoods at 40 per internal page: three OData pages.
  { entitySet: 'NeighbourhoodIndicators', csv: 'neighbourhood-indicators.csv', pages: 3 },
  // Four rows per neighbourhood (one per target group), so 160 rows per page.
  { entitySet: 'CareDemand', csv: 'care-demand.csv', pages: 3 },
  // As many rows per neighbourhood as corporations serving it.
  { entitySet: 'SocialHousingByCorporation', csv: 'social-housing-by-corporation.csv', pages: 3 },
];

describe('the OData v4 feed read by an OData client', () => {
  let federation: SharedBiFederation;
  let root: string;
  beforeAll(async () => {
    federation = await sharedBiFederation({ pageSize: 40 });
    root = odataRoot(federation);
  });
  afterAll(() => federation?.stop());

  test.each(DATASETS)(
    'when an OData client reads every page of $entitySet for Utrecht in 2023, then it gets the same rows, in the same order, with the same values, as the CSV',
    async ({ entitySet, csv, pages }) => {
      const client = odataClient(federation);
      const options = OData.newOptions().filter("municipality_code eq 'GM0344' and year eq 2023");
      const read = await readAll(client, root, entitySet, options);
      const table = parseCsv((await getRaw(`${federation.biUrl}/${csv}?municipality=GM0344&year=2023`)).body);
      expect(read.pages).toHaveLength(pages);
      expect(read.pages.at(-1)?.['@odata.nextLink']).toBeUndefined();
      expect(table.length).toBeGreaterThan(100);
      expect(read.rows.map(asCsv)).toEqual(table);
      expect(read.pages[0]?.['@odata.context']).toBe(`$metadata#${entitySet}`);
    },
  );

  test('when the client reads the care demand of Utrecht, then a suppressed count is null beside its status, as the CSV leaves it empty', async () => {
    const { rows } = await readAll(
      odataClient(federation),
      root,
      'CareDemand',
      OData.newOptions().filter("municipality_code eq 'GM0344' and year eq 2023"),
    );
    const suppressed = rows.filter((row) => row.clients_status === 'suppressed');
    expect(suppressed.length).toBeGreaterThan(0);
    for (const row of suppressed) expect(row.clients).toBeNull();
    expect(
      rows.filter((row) => row.clients_status === 'published').every((row) => typeof row.clients === 'number'),
    ).toBe(true);
  });

  test('when a BI tool reads $metadata, then it is valid CSDL with one entity type per dataset, keyed, with the CSV columns as typed properties', async () => {
    const basic = Buffer.from(`neighbourhood-planning:${CONSUMERS.analyst.key}`).toString('base64');
    const response = await fetch(`${root}$metadata`, { headers: { authorization: `Basic ${basic}` } });
    expect([response.status, response.headers.get('content-type'), response.headers.get('odata-version')]).toEqual([
      200,
      'application/xml; charset=utf-8',
      '4.0',
    ]);
    const csdl = xml2json(await response.text(), { strict: true });
    const schema = csdl.Buurtgraaf ?? {};
    expect(members(schema.Datasets).sort()).toEqual([
      'CareDemand',
      'IndicatorSeries',
      'NeighbourhoodIndicators',
      'SocialHousingByCorporation',
    ]);
    expect(schema.Datasets?.NeighbourhoodIndicators).toEqual({
      $Collection: true,
      $Type: 'Buurtgraaf.NeighbourhoodIndicatorsRow',
    });

    const indicators = schema.NeighbourhoodIndicatorsRow ?? {};
    const table = parseCsv(
      (await getRaw(`${federation.biUrl}/neighbourhood-indicators.csv?municipality=GM0344&year=2023`)).body,
    );
    expect(members(indicators)).toEqual(Object.keys(table[0] ?? {}));
    expect(indicators.$Key).toEqual(['neighbourhood_code', 'year']);
    // CSDL JSON leaves out the defaults: Edm.String, and Nullable false.
    expect(indicators.neighbourhood_code).toEqual({});
    expect(indicators.year).toEqual({ $Type: 'Edm.Int32' });
    expect(indicators.population_total).toEqual({ $Type: 'Edm.Int32', $Nullable: true });
    expect(indicators.social_housing_average_waiting_months).toEqual({ $Type: 'Edm.Double', $Nullable: true });
    expect(indicators.social_housing_status).toEqual({});
    expect(schema.CareDemandRow?.$Key).toEqual(['neighbourhood_code', 'year', 'target_group']);
    expect(schema.SocialHousingByCorporationRow?.$Key).toEqual(['neighbourhood_code', 'year', 'corporation_id']);
    // A series row is one area in one year, whatever its level.
    expect(schema.IndicatorSeriesRow?.$Key).toEqual(['area_code', 'year']);
    expect(schema.IndicatorSeriesRow?.year).toEqual({ $Type: 'Edm.Int32' });
  });

  test('when a BI tool opens the service root, then it lists the entity sets by URL relative to the root', async () => {
    const response = await fetch(root, { headers: headersFor('analyst') });
    expect(response.headers.get('content-type')).toBe(
      'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8',
    );
    const body = (await response.json()) as {
      '@odata.context': string;
      value: { name: string; kind: string; url: string }[];
    };
    expect(body['@odata.context']).toBe('$metadata');
    expect(body.value.map(({ name, kind, url }) => [name, kind, url])).toEqual([
      ['CareDemand', 'EntitySet', 'CareDemand'],
      ['NeighbourhoodIndicators', 'EntitySet', 'NeighbourhoodIndicators'],
      ['SocialHousingByCorporation', 'EntitySet', 'SocialHousingByCorporation'],
      ['IndicatorSeries', 'EntitySet', 'IndicatorSeries'],
    ]);
  });
});
