import { join } from 'node:path';
import { loadGatewayConfig } from '../../gateway/config';
import { ConfigError } from '../../subgraphs/kit/config';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadGatewayConfig', () => {
  test('when nothing is set, then the gateway uses the committed supergraph and the URLs in it', () => {
    expect(loadGatewayConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4000,
      supergraphFile: join(__dirname, '..', '..', 'schema', 'supergraph.graphql'),
      subgraphTimeoutMs: 30_000,
      logLevel: 'info',
      subgraphUrls: {},
    });
  });

  test('when partner URLs are set, then they override the supergraph per partner and empty ones are ignored', () => {
    const config = loadGatewayConfig({ SUBGRAPH_CARE_URL: 'http://care:4003/graphql', SUBGRAPH_HOUSING_URL: 'https://housing.example/graphql', SUBGRAPH_MUNICIPALITY_URL: '' });
    expect(config.subgraphUrls).toEqual({ care: 'http://care:4003/graphql', housing: 'https://housing.example/graphql' });
  });

  test('when the supergraph file is missing and the care URL is bad, then one error names both', () => {
    const error = configError({ SUPERGRAPH_FILE: join(__dirname, 'no-such-supergraph.graphql'), SUBGRAPH_CARE_URL: 'care:4003/graphql' });
    expect(error.problems).toEqual([
      expect.stringMatching(/^SUPERGRAPH_FILE: .*does not exist/),
      expect.stringMatching(/^SUBGRAPH_CARE_URL: must be an http\(s\) URL/),
    ]);
    expect(error.message).toContain('SUPERGRAPH_FILE');
    expect(error.message).toContain('SUBGRAPH_CARE_URL');
  });

  test.each(['ftp://care/graphql', 'care', 'postgres://care:4003/graphql'])('when a partner URL is %p, then it is rejected as not http(s)', (url) => {
    expect(configError({ SUBGRAPH_HOUSING_URL: url }).problems).toEqual([expect.stringMatching(/^SUBGRAPH_HOUSING_URL: /)]);
  });

  test('when the timeout and port are out of range, then both are named', () => {
    const error = configError({ GATEWAY_SUBGRAPH_TIMEOUT_MS: '0', GATEWAY_PORT: '65536' });
    expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['GATEWAY_PORT', 'GATEWAY_SUBGRAPH_TIMEOUT_MS']);
  });
});
