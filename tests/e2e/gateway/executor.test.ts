import type { ConsumerName } from '../../helpers/trust';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { INDICATORS, NEIGHBOURHOOD_PROFILE } from '../queries';
import { PRIMARY_ENGINE } from '../../helpers/database';

const MIXED = `query Mixed($code: ID!, $withCare: Boolean!, $skipHousing: Boolean = false) {
  __typename
  here: neighbourhood(code: $code) {
    kind: __typename
    ...Names
    ... on Neighbourhood { code district { name } }
    district { code municipality { code name } }
    care: careDemand(year: 2023) @include(if: $withCare) { targetGroup clients suppressed }
    socialHousing(year: 2023) @skip(if: $skipHousing) { dwellings careSuitable }
    insights { lackingFacilityKinds indicators(kinds: [CARE_DEMAND_RATE]) { targetGroup values { year value missing } } }
  }
  missing: neighbourhood(code: "BU99999999") { code name }
}
fragment Names on Neighbourhood { name code }`;

const ADVICE = `{ municipality(code: "GM0344") { code insights { neighbourhoods { neighbourhood { code } insights { lackingFacilityKinds } } } }
  neighbourhood(code: "BU03440112") { vacantBuildings { id destinationAdvice { candidates { rank destination score coverage reasons } missingInputs { input reason } summary } } } }`;

const PER_PARTNER = `query PerPartner($year: Int!) { district(code: "WK034401") {
  socialHousingByCorporation(year: $year) { corporation { id } status socialHousing { dwellings coverage { complete } } }
  careDemandByProvider(year: $year, targetGroup: ELDERLY) { provider { id } status careDemand { clients suppressed } }
  careDemand(year: $year) { targetGroup clients clientsBy coverage { complete included { id } } } } }`;

const CASES: [
  name: string,
  query: string,
  variables: Record<string, unknown>,
  as: ConsumerName,
  outcome: 'answered' | 'with errors',
][] = [
  ['the neighbourhood profile', NEIGHBOURHOOD_PROFILE, {}, 'analyst', 'answered'],
  [
    'the neighbourhood profile for a consumer refused care and housing',
    NEIGHBOURHOOD_PROFILE,
    {},
    'viewer',
    'with errors',
  ],
  ['a page of indicators', INDICATORS, { municipality: 'GM0344', year: 2023 }, 'analyst', 'answered'],
  ['aliases, fragments, __typename and @include', MIXED, { code: 'BU03440112', withCare: true }, 'analyst', 'answered'],
  [
    '@skip and a left-out @include',
    MIXED,
    { code: 'BU03440112', withCare: false, skipHousing: true },
    'analyst',
    'answered',
  ],
  ['insights for a municipality and destination advice', ADVICE, {}, 'analyst', 'answered'],
  // Both ask the partners for that year only (gateway/execution/narrow-years.ts).
  ['one year per corporation and per care provider', PER_PARTNER, { year: 2023 }, 'analyst', 'answered'],
  ['a year no partner has figures for', PER_PARTNER, { year: 2031 }, 'analyst', 'with errors'],
  [
    'introspection, which the stock executor answers',
    '{ __schema { queryType { name } } __type(name: "Neighbourhood") { name } }',
    {},
    'developer',
    'answered',
  ],
  [
    'an alias named __proto__',
    '{ __proto__: neighbourhood(code: "BU03440112") { code name } }',
    {},
    'analyst',
    'answered',
  ],
  ['a variable of the wrong type', INDICATORS, { municipality: 'GM0344', year: 'twenty' }, 'analyst', 'with errors'],
];

/**
 * Buurtgraaf's plan engine (gateway/execution) against @apollo/gateway's own executor on the same
 * partners: the same answer, byte for byte, for every shape of request the engine handles or
 * hands on.
 */
describe("the gateway's plan engine", () => {
  let federation: SharedFederation;
  let stock: Pick<SharedFederation, 'query'>;
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE);
    stock = await federation.anotherGateway({ GATEWAY_EXECUTOR: 'apollo' });
  });
  afterAll(() => federation?.stop());

  test.each(CASES)(
    'when asked for %s, then it answers exactly what @apollo/gateway answers',
    async (_name, query, variables, as, outcome) => {
      const [ours, theirs] = [await federation.query(query, variables, as), await stock.query(query, variables, as)];
      expect(ours.errors === undefined ? 'answered' : 'with errors').toBe(outcome);
      expect(ours.status).toBe(theirs.status);
      expect(JSON.stringify(ours.data)).toBe(JSON.stringify(theirs.data));
      // As a set: the stock executor lists partners' errors in the order the partners answered,
      // which varies from run to run when fetches run in parallel (ours lists them in plan order).
      const errors = (response: typeof ours) =>
        response.errors
          ?.map(({ message, path, extensions }) => JSON.stringify({ message, path, code: extensions?.code }))
          .sort();
      expect(errors(ours)).toEqual(errors(theirs));
    },
  );
});
