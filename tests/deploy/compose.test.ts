import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Ajv from 'ajv';
import composeSpec from 'docker-compose/schema/compose-spec.json';
import { makeDeploySecrets } from '../../scripts/deploy-secrets';
import { COMPOSE_FILE, DATA_PARTNERS, PARTNERS, readCompose, readYaml } from './manifests';

const compose = readCompose();
const services = Object.entries(compose.services);
const membersOf = (network: string) => services.filter(([, service]) => service.networks?.includes(network)).map(([name]) => name).sort();
const buurtgraafServices = services.filter(([, service]) => service.build?.dockerfile === 'docker/Dockerfile');

describe('docker/compose.yaml', () => {
  test('when validated against the Compose Specification schema, then it conforms', () => {
    // The schema names draft-07 by an https URL Ajv does not know (its content is plain draft-07), and
    // it is written loosely about types, which Ajv's strict mode would only warn about.
    const { $schema: _draft, ...schema } = composeSpec as Record<string, unknown>;
    const validate = new Ajv({ allErrors: true, strictTypes: false }).compile(schema);
    const valid = validate(readYaml(COMPOSE_FILE)[0]);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('when the services are listed, then there is the gateway, every partner and one database per data-holding partner', () => {
    const expected = ['gateway', ...PARTNERS, ...DATA_PARTNERS.map((name) => `${name}-db`)];
    expect(services.map(([name]) => name).sort()).toEqual(expected.sort());
    expect(DATA_PARTNERS).not.toContain('insights');
  });

  test.each(DATA_PARTNERS)('when %s keeps data, then its database is on an internal network with its subgraph only', (partner) => {
    const network = `${partner}-db`;
    expect(compose.networks[network]?.internal).toBe(true);
    expect(membersOf(network)).toEqual([partner, network].sort());
    expect(compose.services[network]?.networks).toEqual([network]);
    expect(compose.services.gateway?.networks).not.toContain(network);
  });

  test.each(PARTNERS)('when %s runs, then it shares an internal network with the gateway and no other partner', (partner) => {
    expect(compose.networks[partner]?.internal).toBe(true);
    expect(membersOf(partner)).toEqual(['gateway', partner].sort());
    const ownNetworks = DATA_PARTNERS.includes(partner) ? [partner, `${partner}-db`] : [partner];
    expect([...(compose.services[partner]?.networks ?? [])].sort()).toEqual(ownNetworks.sort());
  });

  test('when ports are published, then only the gateway publishes one, on loopback', () => {
    const publishing = services.filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
    expect(publishing).toEqual(['gateway']);
    expect(compose.services.gateway?.ports?.every((port) => port.startsWith('127.0.0.1:'))).toBe(true);
  });

  test('when a service starts, then it has a health check and waits for healthy dependencies', () => {
    for (const [name, service] of services) {
      expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({ name, test: expect.stringMatching(/^CMD/) });
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
      }
    }
    expect(Object.keys(compose.services.gateway?.depends_on ?? {}).sort()).toEqual([...PARTNERS].sort());
    for (const partner of DATA_PARTNERS) expect(Object.keys(compose.services[partner]?.depends_on ?? {})).toEqual([`${partner}-db`]);
  });

  test('when a Buurtgraaf service checks its health, then it asks its own /health/ready on its own port', () => {
    for (const [name, service] of buurtgraafServices) {
      const port = service.environment?.[`${name.toUpperCase()}_PORT`];
      expect({ name, check: service.healthcheck?.test.at(-1) }).toEqual({ name, check: `http://127.0.0.1:${port}/health/ready` });
    }
  });

  test('when a Buurtgraaf service runs, then its file system is read-only and it holds no capabilities', () => {
    expect(buurtgraafServices.map(([name]) => name).sort()).toEqual(['gateway', ...PARTNERS].sort());
    for (const [name, service] of buurtgraafServices) {
      expect({ name, readOnly: service.read_only, capDrop: service.cap_drop }).toEqual({ name, readOnly: true, capDrop: ['ALL'] });
    }
  });

  test('when a service needs a secret, then its environment holds only the path of a secret it mounts', () => {
    for (const [name, service] of services) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const where = `${name}.${key}`;
        expect({ where, value }).not.toEqual({ where, value: expect.stringMatching(/:\/\/[^/@]*:[^/@]*@/) });
        if (/(SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL|CONSUMERS)/.test(key)) {
          expect({ where, key }).toEqual({ where, key: expect.stringMatching(/_FILE$/) });
        }
        if (key.endsWith('_FILE')) {
          expect({ where, value }).toEqual({ where, value: expect.stringMatching(/^\/run\/secrets\//) });
          expect(service.secrets).toContain(basename(value));
        }
      }
    }
  });

  test('when the secrets are made by scripts/deploy-secrets.ts, then every secret file compose mounts exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-compose-secrets-'));
    try {
      makeDeploySecrets(dir);
      const made = new Set(readdirSync(dir));
      for (const [name, { file }] of Object.entries(compose.secrets)) {
        expect({ name, file }).toEqual({ name, file: expect.stringMatching(/^\.\/secrets\//) });
        expect({ name, made: made.has(basename(file)) }).toEqual({ name, made: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("when a partner's secret is mounted, then only that partner's subgraph and the gateway mount it", () => {
    for (const partner of PARTNERS) {
      const holders = services.filter(([, service]) => service.secrets?.includes(`${partner}-secret`)).map(([name]) => name);
      expect(holders.sort()).toEqual(['gateway', partner].sort());
    }
  });
});
