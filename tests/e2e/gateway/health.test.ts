import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { PRIMARY_ENGINE } from '../../helpers/database';

describe('health endpoints', () => {
  let federation: SharedFederation;
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE);
  });
  afterAll(() => federation?.stop());

  test('when an orchestrator probes the gateway and the partners without credentials, then they are live and ready', async () => {
    const bases = [federation.gatewayUrl, ...Object.values(federation.subgraphs).map((subgraph) => subgraph.url)].map(
      (url) => url.replace(/\/graphql$/, ''),
    );
    for (const base of bases) {
      for (const probe of ['live', 'ready']) {
        const response = await fetch(`${base}/health/${probe}`);
        expect([base, probe, response.status]).toEqual([base, probe, 200]);
        expect(await response.json()).toEqual({ status: probe });
      }
    }
  });
});
