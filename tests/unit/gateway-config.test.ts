import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../gateway/config';
import { partnersOfKind, SUBGRAPHS } from '../../schema/subgraphs';
import { ConfigError } from '@buurtgraaf/platform';
import { createTrustFiles } from '../helpers/trust';
import { envPrefix } from '@buurtgraaf/protocol';

// Reads only the small files the helper writes; no network, no database. Every partner of
// schema/partners.json has its own variables; an id's hyphen becomes an underscore in them.
const IDS = SUBGRAPHS.map((entry) => entry.name);
const [CARE = '', OTHER_CARE = ''] = partnersOfKind('care').map((entry) => entry.name);
const [HOUSING = ''] = partnersOfKind('housing').map((entry) => entry.name);
const CARE_URL = `SUBGRAPH_${envPrefix(CARE)}_URL`;
const CARE_SECRET_FILE = `SUBGRAPH_${envPrefix(CARE)}_SECRET_FILE`;
const HOUSING_URL = `SUBGRAPH_${envPrefix(HOUSING)}_URL`;
const trust = createTrustFiles(IDS);
const base: NodeJS.ProcessEnv = {
  GATEWAY_CONSUMERS_FILE: trust.consumersFile,
  ...Object.fromEntries(IDS.map((id) => [`SUBGRAPH_${envPrefix(id)}_SECRET_FILE`, trust.secretFiles[id]])),
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
    expect(Object.keys(config.partners).sort()).toEqual([...IDS].sort());
    expect(config.partners[CARE]).toEqual({ secret: trust.secrets[CARE] });
  });

  test('when partner URLs are set, then they override the supergraph per partner and empty ones are ignored', () => {
    const config = loadGatewayConfig({
      ...base,
      [CARE_URL]: 'http://care:4003/graphql',
      [HOUSING_URL]: 'https://housing.example/graphql',
      SUBGRAPH_MUNICIPALITY_URL: '',
    });
    expect(config.partners[CARE]?.url).toBe('http://care:4003/graphql');
    expect(config.partners[HOUSING]?.url).toBe('https://housing.example/graphql');
    expect(config.partners.municipality?.url).toBeUndefined();
    // Another care provider is another partner: it keeps the supergraph's URL.
    expect(config.partners[OTHER_CARE]?.url).toBeUndefined();
  });

  test('when nothing is set, then one error names the consumers file and every partner secret', () => {
    const names = configError({})
      .problems.map((problem) => problem.split(':')[0])
      .sort();
    expect(names).toEqual(
      ['GATEWAY_CONSUMERS_FILE', ...IDS.map((id) => `SUBGRAPH_${envPrefix(id)}_SECRET_FILE`)].sort(),
    );
    expect(names).toContain('SUBGRAPH_HOUSING_DOMSTAD_SECRET_FILE');
  });

  test('when the public URL and the contact address are not a URL and an e-mail address, then one error names both; given well, they reach the BI settings', () => {
    const names = configError({ ...base, GATEWAY_PUBLIC_URL: 'buurtgraaf.example.nl', GATEWAY_CONTACT_EMAIL: 'data' })
      .problems.map((problem) => problem.split(':')[0])
      .sort();
    expect(names).toEqual(['GATEWAY_CONTACT_EMAIL', 'GATEWAY_PUBLIC_URL']);
    const { bi } = loadGatewayConfig({
      ...base,
      GATEWAY_PUBLIC_URL: 'https://buurtgraaf.example.nl',
      GATEWAY_CONTACT_EMAIL: 'data@gemeente.example.nl',
    });
    expect(bi).toMatchObject({ publicUrl: 'https://buurtgraaf.example.nl', contactEmail: 'data@gemeente.example.nl' });
  });

  test('when the supergraph file is missing and the care URL is bad, then one error names both', () => {
    const error = configError({
      ...base,
      SUPERGRAPH_FILE: join(__dirname, 'no-such-supergraph.graphql'),
      [CARE_URL]: 'care:4003/graphql',
    });
    expect(error.problems).toEqual([
      expect.stringMatching(/^SUPERGRAPH_FILE: .*does not exist/),
      expect.stringMatching(new RegExp(`^${CARE_URL}: must be an http\\(s\\) URL`)),
    ]);
  });

  test('when a partner secret is too short, then it is refused', () => {
    const shortSecretFile = join(createTrustFiles([]).dir, 'short.secret');
    writeFileSync(shortSecretFile, 'too-short');
    expect(configError({ ...base, [CARE_SECRET_FILE]: shortSecretFile }).problems).toEqual([
      expect.stringMatching(new RegExp(`^${CARE_SECRET_FILE}: .*at least 32`)),
    ]);
  });

  test.each(['ftp://care/graphql', 'care', 'postgres://care:4003/graphql'])(
    'when a partner URL is %p, then it is rejected as not http(s)',
    (url) => {
      expect(configError({ ...base, [HOUSING_URL]: url }).problems).toEqual([
        expect.stringMatching(new RegExp(`^${HOUSING_URL}: `)),
      ]);
    },
  );

  test('when the timeout and port are out of range, then both are named', () => {
    const error = configError({ ...base, GATEWAY_SUBGRAPH_TIMEOUT_MS: '0', GATEWAY_PORT: '65536' });
    expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'GATEWAY_PORT',
      'GATEWAY_SUBGRAPH_TIMEOUT_MS',
    ]);
  });

  test('when the introspection roles are a list, then they are split and trimmed', () => {
    expect(loadGatewayConfig({ ...base, GATEWAY_INTROSPECTION_ROLES: 'developer, admin' }).introspectionRoles).toEqual([
      'developer',
      'admin',
    ]);
  });

  test('when GATEWAY_COMPRESSION is left out it is on, off turns it off, and anything else is refused by name', () => {
    expect(loadGatewayConfig(base).compression).toBe(true);
    expect(loadGatewayConfig({ ...base, GATEWAY_COMPRESSION: 'off' }).compression).toBe(false);
    expect(configError({ ...base, GATEWAY_COMPRESSION: 'gzip' }).problems).toEqual([
      expect.stringMatching(/^GATEWAY_COMPRESSION: /),
    ]);
  });
});
