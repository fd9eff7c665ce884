import express from 'express';
import { loadGatewayConfig } from '../../../gateway/config';
import { createGateway } from '../../../gateway/gateway';
import { SUBGRAPHS } from '../../../schema/subgraphs';
import { listen, type Listening, createLogger } from '@buurtgraaf/platform';
import { postGraphQL } from '../../helpers/http';
import { createTrustFiles, headersFor } from '../../helpers/trust';
import { envPrefix } from '@buurtgraaf/protocol';

// A compromised municipality subgraph: whatever it is asked, it answers with errors that carry its
// own extensions and a stack trace. (Which messages and types a partner may send is the plan
// engine's business, gateway/execution; this is what formatError adds for every error.)
describe('errors a partner sends, as a client sees them', () => {
  let partner: Listening;
  let gateway: Listening;
  let stopGateway: () => Promise<void>;
  beforeAll(async () => {
    const app = express();
    app.post('/graphql', (_req, res) => {
      res.json({
        data: { neighbourhood: null },
        errors: [
          {
            message: 'No figures for 1850.',
            path: ['neighbourhood'],
            extensions: {
              code: 'BAD_USER_INPUT',
              argument: 'year',
              script: '<img src=x onerror=alert(1)>',
              stacktrace: ['at secret.ts:1'],
              exception: { host: '10.0.0.5' },
            },
          },
          {
            message: 'Neighbourhood.name is not available to you.',
            path: ['neighbourhood'],
            extensions: { code: 'FORBIDDEN', field: 'Neighbourhood.name', tracking: 'https://partner.example/pixel' },
          },
        ],
      });
    });
    partner = await listen(app, 0);
    const trust = createTrustFiles(SUBGRAPHS.map((entry) => entry.name));
    const running = await createGateway(
      loadGatewayConfig({
        GATEWAY_CONSUMERS_FILE: trust.consumersFile,
        GATEWAY_SUPERGRAPH_POLL_MS: '0',
        GATEWAY_SUBGRAPH_RETRIES: '0',
        SUBGRAPH_MUNICIPALITY_URL: `${partner.url}/graphql`,
        ...Object.fromEntries(
          SUBGRAPHS.map(({ name }) => [`SUBGRAPH_${envPrefix(name)}_SECRET_FILE`, trust.secretFiles[name]]),
        ),
      }),
      createLogger('test', 'silent'),
    );
    gateway = await listen(running.app, 0);
    stopGateway = () => running.stop();
  });
  afterAll(async () => {
    await gateway?.close(100);
    await stopGateway?.();
    await partner?.close(100);
  });

  test('when a partner error carries its own extensions or a stack trace, then only our known extensions reach the client', async () => {
    const response = await postGraphQL(
      `${gateway.url}/graphql`,
      { query: '{ neighbourhood(code: "BU03440112") { name } }' },
      headersFor('analyst'),
    );
    expect(response.errors).toHaveLength(2);
    const [bad, forbidden] = response.errors ?? [];
    expect(bad?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'year', serviceName: 'municipality' });
    expect(forbidden?.extensions).toEqual({
      code: 'FORBIDDEN',
      field: 'Neighbourhood.name',
      serviceName: 'municipality',
    });
    expect(JSON.stringify(response)).not.toMatch(/onerror|secret\.ts|10\.0\.0\.5|pixel/);
  });
});
