import { OData } from '@odata/client';
import { sharedBiFederation, type SharedBiFederation } from './bi-federation';
import { as, getRaw, parseCsv, type Row } from './client';
import { fetchEncoded } from './encoded-client';
import { asCsv, odataClient, odataRoot, readAll } from './odata-client';

/** The figures a series row shares with neighbourhood-indicators, by the same column names. */
const FIGURES = [
  'population_total',
  'social_housing_status',
  'social_housing_dwellings',
  'care_elderly_clients',
  'care_elderly_clients_status',
  'care_source',
];
const pick = (row: Row, names: string[]) => Object.fromEntries(names.map((name) => [name, row[name]]));

describe('the indicator series: every year and every level in one table', () => {
  let federation: SharedBiFederation;
  let utrecht: Row[];
  beforeAll(async () => {
    federation = await sharedBiFederation({ pageSize: 40 });
    const response = await getRaw(`${federation.biUrl}/indicator-series.csv?municipality=GM0344`);
    expect(response.status).toBe(200);
    expect(response.trailers['x-buurtgraaf-complete']).toBe('true');
    utrecht = parseCsv(response.body);
  });
  afterAll(() => federation?.stop());
  const url = (query: string) => `${federation.biUrl}/indicator-series.csv?${query}`;

  test('when an analyst asks for Utrecht without a year or level, then every year has a municipality row, its district rows and its neighbourhood rows, each with its CBS code and level', async () => {
    const years = [...new Set(utrecht.map((row) => Number(row.year)))];
    expect(years.length).toBeGreaterThan(2);
    expect(years).toEqual([...years].sort());
    for (const year of years) {
      const ofYear = utrecht.filter((row) => Number(row.year) === year);
      expect(ofYear[0]).toMatchObject({
        level: 'municipality',
        area_code: 'GM0344',
        municipality_code: 'GM0344',
        district_code: '',
      });
      expect(ofYear.filter((row) => row.level === 'municipality')).toHaveLength(1);
      for (const row of ofYear.filter((row) => row.level === 'district')) expect(row.area_code).toMatch(/^WK0344/);
      expect(ofYear.filter((row) => row.level === 'neighbourhood').length).toBeGreaterThan(100);
    }
  });

  test("when the series' 2023 neighbourhood rows are set beside the 2023 neighbourhood-indicators export, then their figures and status columns are the same", async () => {
    const single = parseCsv(
      (await getRaw(`${federation.biUrl}/neighbourhood-indicators.csv?municipality=GM0344&year=2023`)).body,
    );
    const series = utrecht.filter((row) => row.year === '2023' && row.level === 'neighbourhood');
    expect(series.map((row) => row.area_code)).toEqual(single.map((row) => row.neighbourhood_code));
    expect(series.map((row) => pick(row, FIGURES))).toEqual(single.map((row) => pick(row, FIGURES)));
    expect(
      series.some((row) => row.care_elderly_clients_status === 'suppressed' && row.care_elderly_clients === ''),
    ).toBe(true);
  });

  test('when an analyst asks for districts in a range of years, then only district rows of those years come, one per district and year', async () => {
    const rows = parseCsv((await getRaw(url('municipality=GM0344&level=district&year=2022-2023'))).body);
    expect(new Set(rows.map((row) => row.level))).toEqual(new Set(['district']));
    expect(new Set(rows.map((row) => row.year))).toEqual(new Set(['2022', '2023']));
    const districts = utrecht.filter((row) => row.level === 'district' && row.year === '2023');
    expect(rows.filter((row) => row.year === '2023')).toEqual(districts);
    expect(districts.every((row) => row.population_total !== '')).toBe(true);
  });

  test.each([
    ['year=2024-2019', 400, 'BAD_USER_INPUT', 'runs backwards'],
    ['year=last', 400, 'BAD_USER_INPUT', 'is not a valid year'],
    ['level=wijk', 400, 'BAD_USER_INPUT', 'is not a valid level'],
    ['year=1990-2023', 400, 'YEAR_NOT_AVAILABLE', '1990 is not available'],
    ['municipality=GM9999', 404, 'AREA_NOT_FOUND', 'No municipality has the code GM9999'],
    ['district=WK034499', 404, 'AREA_NOT_FOUND', 'No district has the code WK034499'],
  ])(
    'when an analyst asks for %s, then the answer is %s with the code %s and a one-line reason',
    async (query, status, code, reason) => {
      const response = await getRaw(
        url(`municipality=GM0344&${query}`.replace(/^municipality=GM0344&(?=(municipality|district)=)/, '')),
      );
      expect(response.status).toBe(status);
      expect(response.headers['x-buurtgraaf-error-code']).toBe(code);
      expect(response.body).toContain(reason);
      expect(response.body.trimEnd().split('\n')).toHaveLength(1);
    },
  );

  test('when the series is downloaded with gzip, then it arrives compressed and decodes to the same table, with its completion trailers', async () => {
    const response = await fetchEncoded(url('municipality=GM0344'), { ...as(), 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.trailers['x-buurtgraaf-complete']).toBe('true');
    expect(response.wire.length).toBeLessThan(response.decoded.length / 3);
    expect(parseCsv(response.decoded.toString('utf8'))).toEqual(utrecht);
  });

  test('when an OData client filters the series on level and a range of years, then it gets the same rows as the CSV', async () => {
    const options = OData.newOptions().filter(
      "municipality_code eq 'GM0344' and level eq 'district' and year ge 2022 and year le 2023",
    );
    const read = await readAll(odataClient(federation), odataRoot(federation), 'IndicatorSeries', options);
    const csv = parseCsv((await getRaw(url('municipality=GM0344&level=district&year=2022-2023'))).body);
    expect(read.rows.map(asCsv)).toEqual(csv);
    expect(read.pages.length).toBeGreaterThan(1);
  });
});
