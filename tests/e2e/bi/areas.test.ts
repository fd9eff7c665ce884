import { sharedBiFederation, type SharedBiFederation } from './bi-federation';
import { getRaw, parseCsv } from './client';

/**
 * An export of an area that does not exist used to be a 200 with zero rows marked complete: a
 * typo in a CBS code looked like an area without neighbourhoods. These pin the honest answers.
 */
describe('BI exports of an unknown or inconsistent area', () => {
  let federation: SharedBiFederation;
  beforeAll(async () => {
    federation = await sharedBiFederation();
  });
  afterAll(() => federation?.stop());
  const url = (query: string) => `${federation.biUrl}/neighbourhood-indicators.csv?year=2023&${query}`;

  test.each([
    ['municipality=GM9999', 'No municipality has the code GM9999'],
    ['district=WK999901', 'No district has the code WK999901'],
    ['municipality=GM0344&district=WK034499', 'No district has the code WK034499'],
  ])(
    'when an analyst exports %s, which no area has, then the answer is a 404 with a one-line reason and the code AREA_NOT_FOUND, not an empty file',
    async (query, reason) => {
      const response = await getRaw(url(query));
      expect(response.status).toBe(404);
      expect(response.headers['x-buurtgraaf-error-code']).toBe('AREA_NOT_FOUND');
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body).toContain(reason);
      expect(response.body.trimEnd().split('\n')).toHaveLength(1);
      expect(response.trailers['x-buurtgraaf-complete']).toBeUndefined();
    },
  );

  test("when an analyst exports a district together with a municipality it does not lie in, then the answer is a 400 naming the district's own municipality", async () => {
    const response = await getRaw(url('municipality=GM0344&district=WK036301'));
    expect(response.status).toBe(400);
    expect(response.headers['x-buurtgraaf-error-code']).toBe('BAD_USER_INPUT');
    expect(response.body).toBe(
      'District WK036301 lies in municipality GM0363, not in GM0344: give a district of GM0344, or leave out municipality.\n',
    );
  });

  test("when an analyst exports a district of the municipality given with it, then the district's neighbourhoods arrive, marked complete", async () => {
    const response = await getRaw(url('municipality=GM0344&district=WK034401'));
    expect(response.status).toBe(200);
    const rows = parseCsv(response.body);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.district_code === 'WK034401')).toBe(true);
    expect(response.trailers).toMatchObject({
      'x-buurtgraaf-complete': 'true',
      'x-buurtgraaf-rows': String(rows.length),
    });
  });
});
