import { setTimeout as sleep } from 'node:timers/promises';
import { flakyPartner } from '../../helpers/flaky-partner';
import { startFederation, startSubgraph, type Federation, type RunningSubgraph } from '../../helpers/federation';
import { CARE, careOf, careSettings } from '../../helpers/partners';
import { envPrefix } from '@buurtgraaf/protocol';
import { PRIMARY_ENGINE } from '../../helpers/database';

// The misbehaving partner is the first care provider. The public care figures are the combining
// subgraph's sum over every provider, so without it they still come, marked incomplete.
const QUERY =
  '{ neighbourhood(code: "BU03440112") { name careDemand(year: 2023, targetGroup: ELDERLY) { targetGroup coverage { complete missing { partner { id } status } } } } }';
const complete = [{ targetGroup: 'ELDERLY', coverage: { complete: true, missing: [] } }];
const withoutCare = [
  {
    targetGroup: 'ELDERLY',
    coverage: { complete: false, missing: [{ partner: { id: CARE }, status: 'UNAVAILABLE' }] },
  },
];

describe('when a partner misbehaves', () => {
  let careSubgraph: RunningSubgraph;
  let partner: Awaited<ReturnType<typeof flakyPartner>>;
  let federation: Federation;
  beforeAll(async () => {
    // The care subgraph behind a path the test controls; the gateway only knows the path.
    careSubgraph = await startSubgraph(careOf(), PRIMARY_ENGINE, careSettings());
    partner = await flakyPartner(careSubgraph.url);
    federation = await startFederation(
      PRIMARY_ENGINE,
      {
        [`SUBGRAPH_${envPrefix(CARE)}_URL`]: partner.url,
        GATEWAY_SUBGRAPH_TIMEOUT_MS: '1000',
        GATEWAY_SUBGRAPH_RETRY_BASE_MS: '20',
        GATEWAY_BREAKER_FAILURES: '3',
        GATEWAY_BREAKER_HALF_OPEN_MS: '500',
      },
      {},
      {},
      { [CARE]: careSubgraph.secret },
    );
  });
  afterAll(async () => {
    await federation?.stop();
    await partner?.close();
    await careSubgraph?.stop();
  });
  beforeEach(() => {
    partner.set('pass');
    partner.state.attempts = 0;
  });

  const expectCareMissing = (response: Awaited<ReturnType<Federation['query']>>) => {
    expect(response.data.neighbourhood).toEqual({ name: 'Oog in Al', careDemand: withoutCare });
    expect(response.errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: CARE }),
    ]);
    expect(JSON.stringify(response.errors)).not.toMatch(/127\.0\.0\.1|localhost|ECONN|timeout of|:\d{4,5}/i);
  };

  test('when it answers 503 twice, then the gateway retries and the client gets full data', async () => {
    partner.set('unavailable', 2);
    const response = await federation.query(QUERY);
    expect(response.errors).toBeUndefined();
    expect(response.data.neighbourhood.careDemand).toEqual(complete);
    expect(partner.state.attempts).toBe(3);
  });

  test('when it hangs, then the timeout ends the wait and the other partners still answer', async () => {
    partner.set('hang', 1);
    expectCareMissing(await federation.query(QUERY));
  });

  test('when it is down, then the breaker opens and fails fast, and closes again by itself after recovery', async () => {
    partner.set('down');
    // The first query's attempt and its retries fail; the third consecutive failure opens the breaker.
    expectCareMissing(await federation.query(QUERY));
    const attemptsWhileClosed = partner.state.attempts;
    expect(attemptsWhileClosed).toBeGreaterThanOrEqual(1);
    expectCareMissing(await federation.query(QUERY));
    expect(partner.state.attempts).toBe(attemptsWhileClosed);
    partner.set('pass');
    await sleep(600);
    const recovered = await federation.query(QUERY);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data.neighbourhood.careDemand).toEqual(complete);
  });
});
