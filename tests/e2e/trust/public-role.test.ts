import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { postGraphQL } from '../../helpers/http';
import { partnersOfKind } from '../../../schema/subgraphs';
import { PRIMARY_ENGINE } from '../../helpers/database';

// A deployment may open a public role for figures that are public anyway (CBS); partners'
// policies still decide, so the care provider's figures stay closed to it.
describe('a deployment that opens a public role', () => {
  let federation: SharedFederation;
  beforeAll(async () => {
    federation = await sharedFederation(
      PRIMARY_ENGINE,
      {},
      { public: { roles: ['public'], purposes: ['public-information'] } },
    );
  });
  afterAll(() => federation?.stop());

  test('when someone asks without credentials for public figures, then CBS figures arrive and care figures are forbidden', async () => {
    const { data, errors } = await postGraphQL(
      federation.gatewayUrl,
      {
        query:
          '{ neighbourhood(code: "BU03440112") { name population(year: 2023) { total source } careDemand(year: 2023) { clients } } }',
      },
      { 'x-purpose': 'public-information' },
    );
    expect(data.neighbourhood).toEqual({
      name: 'Oog in Al',
      population: { total: 4200, source: 'CBS' },
      careDemand: null,
    });
    // Every care provider refuses for itself: its figures, its masked share and the years it has.
    expect(errors?.map((error) => [error.extensions?.code, error.extensions?.field]).sort()).toEqual(
      partnersOfKind('care')
        .flatMap(() => [
          ['FORBIDDEN', 'CareContribution.figures'],
          ['FORBIDDEN', 'CareContribution.share'],
          ['FORBIDDEN', 'CareContribution.years'],
        ])
        .sort(),
    );
  });

  test('when someone without credentials declares a purpose of the known consumers, then it is refused', async () => {
    const response = await postGraphQL(
      federation.gatewayUrl,
      { query: '{ municipalities { name } }' },
      { 'x-purpose': 'neighbourhood-planning' },
    );
    expect([response.status, response.errors?.[0]?.extensions?.code]).toEqual([403, 'PURPOSE_NOT_ALLOWED']);
  });
});
