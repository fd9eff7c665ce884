import { startFederation, type Federation } from '../helpers/federation';
import { CARE } from '../helpers/partners';
import { PRIMARY_ENGINE } from '../helpers/database';

// One engine is enough here: these tests are about the gateway's behaviour, not the SQL.
describe('when things go wrong', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation(PRIMARY_ENGINE);
  });
  afterAll(() => federation?.stop());

  test.each([
    ['a malformed neighbourhood code', '{ neighbourhood(code: "BU12") { name } }', 'code'],
    ['a year outside the data', '{ neighbourhood(code: "BU03440112") { population(year: 1850) { total } } }', 'year'],
    ['a page size over the maximum', '{ neighbourhoods(first: 50000) { totalCount } }', 'first'],
    ['a forged cursor', '{ neighbourhoods(after: "bm9wZQ") { totalCount } }', 'after'],
    [
      'a year outside the care data',
      '{ neighbourhood(code: "BU03440112") { careDemand(year: 2031) { clients } } }',
      'year',
    ],
  ])('when a client sends %s, then it gets BAD_USER_INPUT naming the argument', async (_, query, argument) => {
    const { errors } = await federation.query(query);
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  test('when a well-formed code does not exist, then the answer is null without an error', async () => {
    const { data, errors } = await federation.query(
      '{ neighbourhood(code: "BU99999999") { name } municipality(code: "GM9999") { name } }',
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ neighbourhood: null, municipality: null });
  });

  test('when a year is wrong for every neighbourhood of a page, then the client gets one error, not one per neighbourhood', async () => {
    const { errors } = await federation.query(
      '{ neighbourhoods(municipality: "GM0344", first: 111) { nodes { socialHousing(year: 1999) { dwellings } } } }',
    );
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  test('when a care provider is down, then the others still answer and the error names the partner, not its address', async () => {
    const care = federation.subgraphs.care;
    await care.http.close();
    try {
      const { data, errors } = await federation.query(
        '{ neighbourhood(code: "BU03440112") { name socialHousing(year: 2023) { dwellings } careDemand(year: 2023) { clients coverage { complete } } } }',
      );
      expect(data.neighbourhood.name).toBe('Oog in Al');
      expect(data.neighbourhood.socialHousing.dwellings).toEqual(expect.any(Number));
      // The other provider's figures arrive, marked as not the whole.
      expect(
        data.neighbourhood.careDemand.every((cell: { coverage: { complete: boolean } }) => !cell.coverage.complete),
      ).toBe(true);
      expect(errors).toHaveLength(1);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'PARTNER_UNAVAILABLE', partner: CARE });
      const everything = JSON.stringify(errors);
      expect(everything).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED|:\d{4,5}\b|stack/i);
    } finally {
      await care.http.server.listen(care.http.port, '127.0.0.1');
    }
  });
});
