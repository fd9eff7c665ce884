import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../gateway/config';
import { ConfigError } from '../../subgraphs/kit/config';
import { createTrustFiles } from '../helpers/trust';

// Reads only the small files the helper writes; no network, no database.
const trust = createTrustFiles(['municipality', 'housing', 'care', 'insights']);
const base: NodeJS.ProcessEnv = {
  GATEWAY_CONSUMERS_FILE: trust.consumersFile,
  SUBGRAPH_MUNICIPALITY_SECRET_FILE: trust.secretFiles.municipality,
  SUBGRAPH_HOUSING_SECRET_FILE: trust.secretFiles.housing,
  SUBGRAPH_CARE_SECRET_FILE: trust.secretFiles.care,
  SUBGRAPH_INSIGHTS_SECRET_FILE: trust.secretFiles.insights,
};

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
  test('when only the trust files are set, then the gateway uses the committed supergraph, the URLs in it and documented defaults', () => {
    const config = loadGatewayConfig(base);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      supergraphFile: join(__dirname, '..', '..', 'schema', 'supergraph.graphql'),
      subgraphTimeoutMs: 30_000,
      logLevel: 'info',
      trustedCallerRole: 'trusted-caller',
      introspectionRoles: ['developer'],
    });
    expect(config.partners.care).toEqual({ secret: trust.secrets.care });
  });

  test('when partner URLs are set, then they override the supergraph per partner and empty ones are ignored', () => {
    const config = loadGatewayConfig({ ...base, SUBGRAPH_CARE_URL: 'http://care:4003/graphql', SUBGRAPH_HOUSING_URL: 'https://housing.example/graphql', SUBGRAPH_MUNICIPALITY_URL: '' });
    expect(config.partners.care?.url).toBe('http://care:4003/graphql');
    expect(config.partners.housing?.url).toBe('https://housing.example/graphql');
    expect(config.partners.municipality?.url).toBeUndefined();
  });

  test('when nothing is set, then one error names the consumers file and every partner secret', () => {
    const names = configError({}).problems.map((problem) => problem.split(':')[0]).sort();
    expect(names).toEqual(['GATEWAY_CONSUMERS_FILE', 'SUBGRAPH_CARE_SECRET_FILE', 'SUBGRAPH_HOUSING_SECRET_FILE', 'SUBGRAPH_INSIGHTS_SECRET_FILE', 'SUBGRAPH_MUNICIPALITY_SECRET_FILE']);
  });

  test('when the supergraph file is missing and the care URL is bad, then one error names both', () => {
    const error = configError({ ...base, SUPERGRAPH_FILE: join(__dirname, 'no-such-supergraph.graphql'), SUBGRAPH_CARE_URL: 'care:4003/graphql' });
    expect(error.problems).toEqual([
      expect.stringMatching(/^SUPERGRAPH_FILE: .*does not exist/),
      expect.stringMatching(/^SUBGRAPH_CARE_URL: must be an http\(s\) URL/),
    ]);
  });

  test('when a partner secret is too short, then it is refused', () => {
    const shortSecretFile = join(createTrustFiles([]).dir, 'short.secret');
    writeFileSync(shortSecretFile, 'too-short');
    expect(configError({ ...base, SUBGRAPH_CARE_SECRET_FILE: shortSecretFile }).problems).toEqual([expect.stringMatching(/^SUBGRAPH_CARE_SECRET_FILE: .*at least 32/)]);
  });

  test.each(['ftp://care/graphql', 'care', 'postgres://care:4003/graphql'])('when a partner URL is %p, then it is rejected as not http(s)', (url) => {
    expect(configError({ ...base, SUBGRAPH_HOUSING_URL: url }).problems).toEqual([expect.stringMatching(/^SUBGRAPH_HOUSING_URL: /)]);
  });

  test('when the timeout and port are out of range, then both are named', () => {
    const error = configError({ ...base, GATEWAY_SUBGRAPH_TIMEOUT_MS: '0', GATEWAY_PORT: '65536' });
    expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['GATEWAY_PORT', 'GATEWAY_SUBGRAPH_TIMEOUT_MS']);
  });

  test('when the introspection roles are a list, then they are split and trimmed', () => {
    expect(loadGatewayConfig({ ...base, GATEWAY_INTROSPECTION_ROLES: 'developer, admin' }).introspectionRoles).toEqual(['developer', 'admin']);
  });
});
