import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postGraphQL } from '../../helpers/http';
import { DATASETS_DIR, startBiFederation, type BiFederation } from './bi-federation';
import { as, getRaw, parseCsv, parseJsonLines, type Row } from './client';

const INDICATOR_COLUMNS = (
  JSON.parse(readFileSync(join(DATASETS_DIR, 'neighbourhood-indicators.json'), 'utf8')) as {
    columns: { name: string }[];
  }
).columns.map((c) => c.name);
const GROUPS = ['DISABILITY', 'ELDERLY', 'MENTAL_HEALTH', 'YOUTH'];

// The figures as the graph gives them, to hold the flat table against.
const GRAPH = /* GraphQL */ `
  query Check {
    neighbourhoods(municipality: "GM0344", first: 200) {
      nodes {
        code name district { code name } municipality { code name }
        population(year: 2023) { total age65Plus households source }
        socialHousing(year: 2023) { dwellings averageWaitingMonths source }
        careDemand(year: 2023) { targetGroup clients suppressed waitingList waitingListSuppressed source }
      }
    }
  }
`;
interface GraphNode {
  code: string;
  name: string;
  district: { code: string; name: string };
  municipality: { code: string; name: string };
  population: { total: number | null; age65Plus: number | null; households: number | null; source: string } | null;
  socialHousing: { dwellings: number; averageWaitingMonths: number | null; source: string } | null;
  careDemand: {
    targetGroup: string;
    clients: number | null;
    suppressed: boolean;
    waitingList: number | null;
    waitingListSuppressed: boolean;
    source: string;
  }[];
}

// One engine is enough: these tests are about the gateway's tables, not the partners' SQL.
describe('BI datasets as flat tables', () => {
  let federation: BiFederation;
  let graph: Map<string, GraphNode>;
  beforeAll(async () => {
    // 40 neighbourhoods per internal page: Utrecht's 111 take three pages.
    federation = await startBiFederation({ pageSize: 40 });
    const { data, errors } = await postGraphQL(federation.graphqlUrl, { query: GRAPH }, as());
    expect(errors).toBeUndefined();
    graph = new Map((data.neighbourhoods.nodes as GraphNode[]).map((node) => [node.code, node]));
  });
  afterAll(() => federation?.stop());
  const url = (path: string) => `${federation.biUrl}/${path}`;
  const cell = (value: number | string | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  const byCode = (rows: Row[], code: string) => rows.find((row) => row.neighbourhood_code === code) ?? {};

  test('when an analyst downloads neighbourhood indicators as CSV, then it is RFC 4180 with a header row and one row per neighbourhood in code order, over three internal pages, and says it is complete', async () => {
    const response = await getRaw(url('neighbourhood-indicators.csv?municipality=GM0344&year=2023'));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.body.startsWith('neighbourhood_code,neighbourhood_name,')).toBe(true);
    expect(response.body.split('\r\n')[0]?.split(',')).toEqual(INDICATOR_COLUMNS);
    const rows = parseCsv(response.body);
    const codes = rows.map((row) => row.neighbourhood_code);
    expect(codes).toHaveLength(111);
    expect(codes).toEqual([...graph.keys()]);
    expect([...codes].sort()).toEqual(codes);
    expect(response.complete).toBe(true);
    expect(response.headers['x-buurtgraaf-expected-rows']).toBe('111');
    expect(response.trailers).toMatchObject({ 'x-buurtgraaf-complete': 'true', 'x-buurtgraaf-rows': '111' });
    // One audited neighbourhoods request per internal page, all under the response's transaction id.
    const pages = await federation.subgraphs.municipality.db.query<{ fields_read: string[] }>(
      'select fields_read from audit_log where transaction_id = $1',
      [response.headers['x-transaction-id']],
    );
    expect(pages).toHaveLength(3);
  });

  test("when the table is held against the graph, then every cell is the graph's value, hidden counts are empty with status suppressed, and areas without care are no_data", async () => {
    const rows = parseCsv((await getRaw(url('neighbourhood-indicators.csv?municipality=GM0344&year=2023'))).body);
    for (const row of rows) {
      const node = graph.get(row.neighbourhood_code ?? '') as GraphNode;
      expect(row).toMatchObject({
        neighbourhood_name: node.name,
        district_code: node.district.code,
        district_name: node.district.name,
        municipality_name: node.municipality.name,
        year: '2023',
        population_total: cell(node.population?.total),
        population_age_65_plus: cell(node.population?.age65Plus),
        households: cell(node.population?.households),
        population_source: cell(node.population?.source),
        social_housing_status: node.socialHousing ? 'published' : 'no_data',
        social_housing_dwellings: cell(node.socialHousing?.dwellings),
        social_housing_average_waiting_months: cell(node.socialHousing?.averageWaitingMonths),
        social_housing_source: cell(node.socialHousing?.source),
      });
      for (const group of GROUPS) {
        const item = node.careDemand.find((entry) => entry.targetGroup === group);
        const prefix = `care_${group.toLowerCase()}`;
        expect([
          row.neighbourhood_code,
          group,
          row[`${prefix}_clients`],
          row[`${prefix}_clients_status`],
          row[`${prefix}_waiting_list`],
          row[`${prefix}_waiting_list_status`],
        ]).toEqual([
          node.code,
          group,
          cell(item?.clients),
          !item ? 'no_data' : item.suppressed ? 'suppressed' : 'published',
          cell(item?.waitingList),
          !item ? 'no_data' : item.waitingListSuppressed ? 'suppressed' : 'published',
        ]);
      }
    }
    // Known rows (see the README's examples).
    expect(byCode(rows, 'BU03440111')).toMatchObject({
      neighbourhood_name: 'Welgelegen, Den Hommel',
      district_code: 'WK034401',
      district_name: 'Wijk 01 West',
      municipality_code: 'GM0344',
      municipality_name: 'Utrecht',
      population_total: '1810',
      population_age_0_14: '200',
      population_age_65_plus: '360',
      households: '1070',
      single_person_households: '630',
      population_source: 'CBS',
      social_housing_dwellings: '0',
      social_housing_average_waiting_months: '',
      care_elderly_clients: '45',
      care_elderly_clients_status: 'published',
      care_elderly_waiting_list: '',
      care_elderly_waiting_list_status: 'suppressed',
      care_source: 'GENERATED',
    });
    expect(byCode(rows, 'BU03440122')).toMatchObject({
      care_disability_clients: '',
      care_disability_clients_status: 'suppressed',
      care_mental_health_clients: '',
      care_mental_health_clients_status: 'suppressed',
      care_youth_clients: '',
      care_youth_clients_status: 'suppressed',
      social_housing_dwellings: '277',
      social_housing_step_free: '102',
    });
    expect(byCode(rows, 'BU03440911')).toMatchObject({
      care_elderly_clients: '',
      care_elderly_clients_status: 'no_data',
      care_youth_waiting_list_status: 'no_data',
      care_source: '',
      social_housing_dwellings: '5',
    });
  });

  test('when the semicolon variant is asked for, then Dutch Excel gets the same table with semicolons, decimal commas and a byte order mark', async () => {
    const comma = parseCsv((await getRaw(url('neighbourhood-indicators.csv?municipality=GM0344&year=2023'))).body);
    const response = await getRaw(
      url('neighbourhood-indicators.csv?municipality=GM0344&year=2023&delimiter=semicolon'),
    );
    expect(response.status).toBe(200);
    expect(response.body.startsWith('\uFEFFneighbourhood_code;neighbourhood_name;')).toBe(true);
    const semicolon = parseCsv(response.body, ';');
    const decimal = comma.find((row) => row.social_housing_average_waiting_months?.includes('.'));
    expect(decimal).toBeDefined();
    const dutch = (row: Row) => ({
      ...row,
      social_housing_average_waiting_months: row.social_housing_average_waiting_months?.replace('.', ','),
    });
    expect(semicolon).toEqual(comma.map(dutch));
    expect(response.body).toContain('"Welgelegen, Den Hommel"');
  });

  test('when JSON Lines are asked for, then each line is one row object with numbers as numbers and null where a value is hidden', async () => {
    const response = await getRaw(url('neighbourhood-indicators.jsonl?municipality=GM0344&year=2023'));
    expect(response.headers['content-type']).toBe('application/jsonl; charset=utf-8');
    const rows = parseJsonLines(response.body);
    expect(rows).toHaveLength(111);
    expect(Object.keys(rows[0] ?? {})).toEqual(INDICATOR_COLUMNS);
    expect(rows.find((row) => row.neighbourhood_code === 'BU03440122')).toMatchObject({
      year: 2023,
      population_total: 1170,
      care_elderly_clients: null,
      care_elderly_clients_status: 'suppressed',
      care_mental_health_clients: null,
    });
    expect(response.trailers['x-buurtgraaf-complete']).toBe('true');
  });

  test('when a JSON array is asked for, then it holds the same rows as JSON Lines and ends with its closing bracket', async () => {
    const lines = parseJsonLines(
      (await getRaw(url('neighbourhood-indicators.jsonl?municipality=GM0344&year=2023'))).body,
    );
    const response = await getRaw(url('neighbourhood-indicators.json?municipality=GM0344&year=2023'));
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body.trimEnd().endsWith(']')).toBe(true);
    expect(JSON.parse(response.body)).toEqual(lines);
  });

  test('when care demand is downloaded, then every neighbourhood has four rows, one per target group, also where the provider has no data', async () => {
    const response = await getRaw(url('care-demand.csv?municipality=GM0344&year=2023'));
    expect(response.status).toBe(200);
    const rows = parseCsv(response.body);
    expect(rows).toHaveLength(111 * 4);
    expect(response.headers['x-buurtgraaf-expected-rows']).toBe(String(111 * 4));
    expect(
      rows.slice(0, 4).map((row) => [row.neighbourhood_code, row.target_group, row.clients, row.clients_status]),
    ).toEqual([
      ['BU03440111', 'DISABILITY', '', 'suppressed'],
      ['BU03440111', 'ELDERLY', '45', 'published'],
      ['BU03440111', 'MENTAL_HEALTH', '35', 'published'],
      ['BU03440111', 'YOUTH', '', 'suppressed'],
    ]);
    const leidseweg = rows
      .filter((row) => row.neighbourhood_code === 'BU03440122')
      .map((row) => [row.target_group, row.clients, row.clients_status]);
    expect(leidseweg).toEqual([
      ['DISABILITY', '', 'suppressed'],
      ['ELDERLY', '', 'suppressed'],
      ['MENTAL_HEALTH', '', 'suppressed'],
      ['YOUTH', '', 'suppressed'],
    ]);
    const wetering = rows.filter((row) => row.neighbourhood_code === 'BU03440911');
    expect(
      wetering.map((row) => [row.target_group, row.clients, row.clients_status, row.waiting_list_status, row.source]),
    ).toEqual(GROUPS.map((group) => [group, '', 'no_data', 'no_data', '']));
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'neighbourhood_code',
      'neighbourhood_name',
      'district_code',
      'district_name',
      'municipality_code',
      'municipality_name',
      'year',
      'target_group',
      'clients',
      'clients_status',
      'waiting_list',
      'waiting_list_status',
      'source',
    ]);
  });

  test('when one district is asked for, then only its neighbourhoods come back', async () => {
    const rows = parseCsv((await getRaw(url('neighbourhood-indicators.csv?district=WK034401&year=2024'))).body);
    expect(rows).toHaveLength(11);
    expect(rows.every((row) => row.district_code === 'WK034401' && row.year === '2024')).toBe(true);
  });

  // An empty table marked complete would pass an unknown code off as an area without neighbourhoods (areas.test.ts).
  test.each(['csv', 'json'])(
    'when a municipality code that no area has is asked for as %s, then no table is sent but a 404',
    async (format) => {
      const response = await getRaw(url(`neighbourhood-indicators.${format}?municipality=GM9999&year=2023`));
      expect(response.status).toBe(404);
      expect(response.headers['x-buurtgraaf-error-code']).toBe('AREA_NOT_FOUND');
      expect(response.trailers['x-buurtgraaf-complete']).toBeUndefined();
    },
  );

  test('when the catalogue is read, then it lists both datasets with columns, units, parameters, sources, licences and URL templates under /bi/v1', async () => {
    const response = await fetch(url('catalogue'), { headers: as() });
    expect(response.status).toBe(200);
    const catalogue = (await response.json()) as {
      statusValues: Record<string, string>;
      datasets: {
        name: string;
        columns: { name: string; description: string; unit?: string; statusOf?: string[] }[];
        parameters: { name: string; required: boolean; pattern?: string }[];
        sources: { name: string; licence: string; attribution?: string; appliesTo: string }[];
        urlTemplates: Record<string, string>;
        example: string;
      }[];
    };
    expect(catalogue.datasets.map((dataset) => dataset.name).sort()).toEqual([
      'care-demand',
      'indicator-series',
      'neighbourhood-indicators',
      'social-housing-by-corporation',
    ]);
    expect(Object.keys(catalogue.statusValues)).toEqual(['published', 'suppressed', 'no_data', 'partial']);
    const indicators = catalogue.datasets.find((dataset) => dataset.name === 'neighbourhood-indicators');
    expect(indicators?.columns.map((column) => column.name)).toEqual(INDICATOR_COLUMNS);
    expect(indicators?.columns.every((column) => column.description.length > 10)).toBe(true);
    expect(indicators?.columns.find((column) => column.name === 'population_total')).toMatchObject({ unit: 'persons' });
    expect(indicators?.columns.find((column) => column.name === 'care_elderly_clients_status')).toMatchObject({
      statusOf: ['care_elderly_clients'],
    });
    expect(indicators?.parameters).toEqual([
      expect.objectContaining({ name: 'municipality', required: false, pattern: 'GM[0-9]{4}' }),
      expect.objectContaining({ name: 'district', required: false }),
      expect.objectContaining({ name: 'year', required: true }),
    ]);
    expect(indicators?.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ licence: 'CC BY 4.0', attribution: 'Bron: CBS' }),
        expect.objectContaining({ appliesTo: expect.stringMatching(/GENERATED.*not real/) }),
      ]),
    );
    expect(indicators?.urlTemplates).toEqual({
      csv: '/bi/v1/neighbourhood-indicators.csv{?municipality,district,year,purpose}',
      'csv-semicolon': '/bi/v1/neighbourhood-indicators.csv?delimiter=semicolon{&municipality,district,year,purpose}',
      jsonl: '/bi/v1/neighbourhood-indicators.jsonl{?municipality,district,year,purpose}',
      json: '/bi/v1/neighbourhood-indicators.json{?municipality,district,year,purpose}',
    });
    // The example URL works as it stands.
    const example = await getRaw(`${federation.biUrl.replace(/\/bi\/v1$/, '')}${indicators?.example}`);
    expect([indicators?.example, example.status]).toEqual([
      '/bi/v1/neighbourhood-indicators.csv?municipality=GM0344&year=2023',
      200,
    ]);
  });
});
