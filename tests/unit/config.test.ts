import { join } from 'node:path';
import { z } from 'zod';
import { partnersOfKind } from '../../schema/subgraphs';
import { settingsOf } from '../../subgraphs/care/subgraph';
import { ConfigError, logLevel, parseEnv, port, positiveInt, postgresUrl } from '@buurtgraaf/platform';
import { loadSubgraphConfig } from '@buurtgraaf/subgraph-kit/subgraph-config';
import { createTrustFiles } from '../helpers/trust';
import { envPrefix } from '@buurtgraaf/protocol';

function configError(work: () => unknown): ConfigError {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

const shape = {
  APP_PORT: port(4000),
  APP_POOL: positiveInt(10),
  APP_DATABASE_URL: postgresUrl.optional(),
  LOG_LEVEL: logLevel,
};

describe('parseEnv', () => {
  test('when nothing is set, then every default applies', () => {
    expect(parseEnv(shape, {})).toEqual({
      APP_PORT: 4000,
      APP_POOL: 10,
      APP_DATABASE_URL: undefined,
      LOG_LEVEL: 'info',
    });
  });

  test('when variables are set, then they are coerced to their types', () => {
    expect(
      parseEnv(shape, {
        APP_PORT: '5000',
        APP_POOL: '3',
        APP_DATABASE_URL: 'postgresql://u:p@db:5432/app',
        LOG_LEVEL: 'debug',
      }),
    ).toEqual({
      APP_PORT: 5000,
      APP_POOL: 3,
      APP_DATABASE_URL: 'postgresql://u:p@db:5432/app',
      LOG_LEVEL: 'debug',
    });
  });

  test('when variables are set to the empty string, then they count as unset and the defaults apply', () => {
    expect(parseEnv(shape, { APP_PORT: '', APP_POOL: '', APP_DATABASE_URL: '', LOG_LEVEL: '' })).toEqual({
      APP_PORT: 4000,
      APP_POOL: 10,
      APP_DATABASE_URL: undefined,
      LOG_LEVEL: 'info',
    });
  });

  test('when several variables are wrong, then one ConfigError names every one of them', () => {
    const error = configError(() =>
      parseEnv(shape, { APP_PORT: '70000', APP_POOL: '0', APP_DATABASE_URL: 'mysql://db/app', LOG_LEVEL: 'loud' }),
    );
    expect(error.problems).toHaveLength(4);
    for (const name of ['APP_PORT', 'APP_POOL', 'APP_DATABASE_URL', 'LOG_LEVEL']) {
      expect(error.problems.filter((problem) => problem.startsWith(`${name}:`))).toHaveLength(1);
      expect(error.message).toContain(name);
    }
  });

  test.each(['localhost:5432/app', 'http://db:5432/app', 'not a url', 'db.example.org'])(
    'when the database URL is %p, then it is rejected with an example of the right form',
    (url) => {
      const error = configError(() => parseEnv(shape, { APP_DATABASE_URL: url }));
      expect(error.problems).toEqual([expect.stringMatching(/^APP_DATABASE_URL: must be a URL like postgres:\/\//)]);
    },
  );

  test('when a port is not a number, then the error names the variable', () => {
    expect(configError(() => parseEnv(shape, { APP_PORT: 'eighty' })).problems).toEqual([
      expect.stringMatching(/^APP_PORT: /),
    ]);
  });

  test('when a port holds only whitespace, then it is not silently taken as port 0 (a random port)', () => {
    // An operator's `APP_PORT= ` with a trailing space: either the default or a ConfigError, never 0.
    let outcome: number | 'rejected';
    try {
      outcome = parseEnv(shape, { APP_PORT: ' ' }).APP_PORT;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      outcome = 'rejected';
    }
    expect(outcome).not.toBe(0);
  });

  test('when variables outside the shape are set, then they are ignored', () => {
    expect(parseEnv({ APP_PORT: port(4000) }, { APP_PORT: '1', PATH: '/usr/bin', OTHER: 'x' })).toEqual({
      APP_PORT: 1,
    });
  });
});

// Each subgraph needs the secret it shares with the gateway; the helper writes real files. Two
// care providers and two corporations run the same code, each under its own id and prefix.
const [CARE = '', OTHER_CARE = ''] = partnersOfKind('care').map((entry) => entry.name);
const [HOUSING = '', OTHER_HOUSING = ''] = partnersOfKind('housing').map((entry) => entry.name);
const C = envPrefix(CARE);
const H = envPrefix(HOUSING);
const careSettings = settingsOf(C);
const careConfig = (env: NodeJS.ProcessEnv) =>
  loadSubgraphConfig(CARE, 4003, careSettings, env, join(__dirname, '..', '..', 'subgraphs', 'care', 'policy.json'));
// A stateless partner's audit file is another engineer's work in progress; these tests are about the rest.
const withoutAuditFile = (config: object) =>
  Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'auditFile'));
const housingConfig = <E extends z.ZodRawShape>(env: NodeJS.ProcessEnv, extra: E = {} as E) =>
  loadSubgraphConfig(HOUSING, 4002, extra, env, join(__dirname, '..', '..', 'subgraphs', 'housing', 'policy.json'));
const trust = createTrustFiles([CARE, HOUSING]);
const careSecret = { [`${C}_GATEWAY_SECRET_FILE`]: trust.secretFiles[CARE] };
const housingSecret = { [`${H}_GATEWAY_SECRET_FILE`]: trust.secretFiles[HOUSING] };
const defaultTrust = (name: string, kind: string) => ({
  gatewaySecret: trust.secrets[name],
  signatureMaxAgeSeconds: 60,
  policyFile: join(__dirname, '..', '..', 'subgraphs', kind, 'policy.json'),
  migrationDatabaseUrl: null,
  tls: null,
  executor: 'graphql-jit',
});

describe('loadSubgraphConfig', () => {
  test('when a partner id has a hyphen, then its variables take an underscore instead', () => {
    expect(CARE).toMatch(/^care-/);
    expect(C).toBe(CARE.replaceAll('-', '_').toUpperCase());
  });

  test('when the secret file is not where the variable says, then start-up stops with the variable named, not a file-system error', () => {
    expect(() => housingConfig({ [`${H}_GATEWAY_SECRET_FILE`]: '/nonexistent/housing.secret' })).toThrow(
      new ConfigError([`${H}_GATEWAY_SECRET_FILE: file does not exist`]),
    );
  });

  test("when a subgraph runs without configuration, then it listens on localhost on its own port over its own data folder, with its kind's policy", () => {
    expect(withoutAuditFile(careConfig(careSecret))).toEqual({
      ...defaultTrust(CARE, 'care'),
      name: CARE,
      host: '127.0.0.1',
      port: 4003,
      database: { dataDir: join('.data', CARE) },
      databasePoolSize: 10,
      seedDemoData: false,
      logLevel: 'info',
      extra: { [`${C}_DISCLOSURE_THRESHOLD`]: 10, [`${C}_DISCLOSURE_ROUND_TO`]: 5 },
    });
  });

  test("when its prefixed variables are set, then they configure it and other subgraphs' variables do not, not even another provider's", () => {
    const config = careConfig({
      ...careSecret,
      [`${C}_HOST`]: '0.0.0.0',
      [`${C}_PORT`]: '5003',
      [`${C}_DATABASE_URL`]: 'postgres://care@db:5432/care',
      [`${C}_DATABASE_POOL_SIZE`]: '4',
      [`${C}_SEED`]: 'demo',
      [`${C}_DISCLOSURE_THRESHOLD`]: '20',
      LOG_LEVEL: 'warn',
      [`${H}_PORT`]: 'not a port',
      MUNICIPALITY_SEED: 'yes',
      [`${envPrefix(OTHER_CARE)}_DISCLOSURE_THRESHOLD`]: '50',
      [`${envPrefix(OTHER_HOUSING)}_PORT`]: 'not a port either',
      CARE_DISCLOSURE_THRESHOLD: '99',
      CARE_PORT: '1',
    });
    expect(withoutAuditFile(config)).toEqual({
      ...defaultTrust(CARE, 'care'),
      name: CARE,
      host: '0.0.0.0',
      port: 5003,
      database: { url: 'postgres://care@db:5432/care' },
      databasePoolSize: 4,
      seedDemoData: true,
      logLevel: 'warn',
      extra: { [`${C}_DISCLOSURE_THRESHOLD`]: 20, [`${C}_DISCLOSURE_ROUND_TO`]: 5 },
    });
  });

  test('when the executor is named, then graphql-js may be chosen for comparisons, and anything else is refused by name', () => {
    expect(careConfig({ ...careSecret, [`${C}_EXECUTOR`]: 'graphql-js' }).executor).toBe('graphql-js');
    expect(() => careConfig({ ...careSecret, [`${C}_EXECUTOR`]: 'graphql-ruby' })).toThrow(/_EXECUTOR/);
  });

  test('when both a database URL and a data folder are set, then the URL wins', () => {
    expect(
      housingConfig({
        ...housingSecret,
        [`${H}_DATABASE_URL`]: 'postgres://h@db/housing',
        [`${H}_DATA_DIR`]: '/var/lib/housing',
      }).database,
    ).toEqual({ url: 'postgres://h@db/housing' });
  });

  test('when the database URL is empty, then the data folder is used', () => {
    expect(
      housingConfig({ ...housingSecret, [`${H}_DATABASE_URL`]: '', [`${H}_DATA_DIR`]: '/var/lib/housing' }).database,
    ).toEqual({ dataDir: '/var/lib/housing' });
  });

  test("when the subgraph's own and its extra variables are wrong, then one ConfigError names all of them", () => {
    const error = configError(() =>
      careConfig({
        ...careSecret,
        [`${C}_PORT`]: '-1',
        [`${C}_SEED`]: 'national',
        [`${C}_DATABASE_URL`]: 'care-db:5432',
        [`${C}_DISCLOSURE_THRESHOLD`]: '0',
      }),
    );
    expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      `${C}_DATABASE_URL`,
      `${C}_DISCLOSURE_THRESHOLD`,
      `${C}_PORT`,
      `${C}_SEED`,
    ]);
  });

  test('when a subgraph declares its own extra variable, then it comes back validated and typed', () => {
    const extra = { [`${H}_FEATURE`]: z.enum(['on', 'off']).default('off') };
    expect(housingConfig({ ...housingSecret, [`${H}_FEATURE`]: 'on' }, extra).extra).toEqual({
      [`${H}_FEATURE`]: 'on',
    });
  });
});

describe('loadSubgraphConfig and the trust settings', () => {
  test('when the gateway secret is missing, then start-up names the variable and what it needs', () => {
    expect(configError(() => careConfig({})).problems).toEqual([
      expect.stringMatching(new RegExp(`^${C}_GATEWAY_SECRET_FILE: is required`)),
    ]);
  });

  test('when only part of the mutual TLS files is given, then start-up asks for all three', () => {
    const error = configError(() => careConfig({ ...careSecret, [`${C}_TLS_CERT_FILE`]: trust.consumersFile }));
    expect(error.problems).toEqual([
      expect.stringContaining(`${C}_TLS_CERT_FILE, ${C}_TLS_KEY_FILE and ${C}_TLS_CLIENT_CA_FILE go together`),
    ]);
  });
});
