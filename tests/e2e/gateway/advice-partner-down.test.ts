import { SUBGRAPHS } from '../../../schema/subgraphs';
import { startFederation, type Federation } from '../../helpers/federation';
import { PRIMARY_ENGINE } from '../../helpers/database';

// Issue 13: with care or housing down, destinationAdvice failed with INTERNAL_SERVER_ERROR. The
// gateway sent insights a representation whose `neighbourhood` was null (one @requires input
// inside it was missing), and insights cannot advise on no neighbourhood at all. Now a fetch that
// fails leaves its fields null, so insights gets the neighbourhood with those figures missing and
// says so, as the indicators do.
const QUERY = `{ neighbourhood(code: "BU03440111") {
  insights { indicators { kind values { missing } } }
  vacantBuildings { id destinationAdvice { summary missingInputs { input reason } } } } }`;

const ofKind = (kind: string) => SUBGRAPHS.filter((partner) => partner.kind === kind).map((partner) => partner.name);

// One federation for both (each start is the cost of this file): care down first, then housing too.
describe('when partners whose figures insights @requires are down', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation(PRIMARY_ENGINE, { GATEWAY_SUBGRAPH_RETRIES: '0' });
  });
  afterAll(() => federation?.stop());

  test.each([['care'], ['housing']])(
    'when every %s partner is down, then destinationAdvice reports the missing inputs as PARTNER_UNAVAILABLE, as the indicators do',
    async (kind) => {
      for (const name of ofKind(kind)) await federation.subgraphs[name]?.http.close(100);
      const response = await federation.query(QUERY);
      expect(new Set(response.errors?.map((error) => error.extensions?.code))).toEqual(
        new Set(['PARTNER_UNAVAILABLE']),
      );
      const [building] = response.data.neighbourhood.vacantBuildings;
      expect(building.destinationAdvice).not.toBeNull();
      // The inputs of that kind ("care demand ELDERLY", "waiting time for social housing") are missing because the partner is.
      const unavailable = building.destinationAdvice.missingInputs.filter(
        (input: { input: string; reason: string }) =>
          input.reason === 'PARTNER_UNAVAILABLE' && input.input.includes(kind),
      );
      expect(unavailable.length).toBeGreaterThan(0);
      const indicatorsMissing = response.data.neighbourhood.insights.indicators.flatMap(
        (indicator: { values: { missing: string | null }[] }) => indicator.values.map((value) => value.missing),
      );
      expect(indicatorsMissing).toContain('PARTNER_UNAVAILABLE');
    },
  );
});
