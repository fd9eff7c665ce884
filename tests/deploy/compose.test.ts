import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Ajv from 'ajv';
import composeSpec from 'docker-compose/schema/compose-spec.json';
import { makeDeploySecrets } from '../../scripts/deploy-secrets';
import { deployTargets, manifestsOf, readYaml } from './manifests';
import { envPrefix } from '@buurtgraaf/protocol';

const { targets, cleanup } = deployTargets();
afterAll(cleanup);

describe.each(targets.map((target) => [target.label, manifestsOf(target)] as const))(
  'compose.yaml in %s',
  (_label, manifests) => {
    const { partnerIds, dataPartners, statelessPartners } = manifests;
    const compose = manifests.readCompose();
    const services = Object.entries(compose.services);
    const membersOf = (network: string) =>
      services
        .filter(([, service]) => service.networks?.includes(network))
        .map(([name]) => name)
        .sort();
    const buurtgraafServices = services.filter(([, service]) => service.build?.dockerfile === 'docker/Dockerfile');

    test('when validated against the Compose Specification schema, then it conforms', () => {
      // The schema names draft-07 by an https URL Ajv does not know (its content is plain draft-07), and
      // it is written loosely about types, which Ajv's strict mode would only warn about.
      const { $schema: _draft, ...schema } = composeSpec as Record<string, unknown>;
      const validate = new Ajv({ allErrors: true, strictTypes: false }).compile(schema);
      const valid = validate(readYaml(manifests.composeFile)[0]);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    test('when the services are listed, then there is the gateway, every partner and one database per data-holding partner', () => {
      const expected = ['gateway', ...partnerIds, ...dataPartners.map((name) => `${name}-db`)];
      expect(services.map(([name]) => name).sort()).toEqual(expected.sort());
      expect(statelessPartners).toEqual(expect.arrayContaining(['insights', 'combiner']));
    });

    test.each(dataPartners)(
      'when %s keeps data, then its database is on an internal network with its subgraph only',
      (partner) => {
        const network = `${partner}-db`;
        expect(compose.networks[network]?.internal).toBe(true);
        expect(membersOf(network)).toEqual([partner, network].sort());
        expect(compose.services[network]?.networks).toEqual([network]);
        expect(compose.services.gateway?.networks).not.toContain(network);
      },
    );

    test.each(partnerIds)(
      'when %s runs, then it shares an internal network with the gateway and no other partner',
      (partner) => {
        expect(compose.networks[partner]?.internal).toBe(true);
        expect(membersOf(partner)).toEqual(['gateway', partner].sort());
        const ownNetworks = dataPartners.includes(partner) ? [partner, `${partner}-db`] : [partner];
        expect([...(compose.services[partner]?.networks ?? [])].sort()).toEqual(ownNetworks.sort());
      },
    );

    test('when ports are published, then only the gateway publishes one, on loopback', () => {
      const publishing = services.filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
      expect(publishing).toEqual(['gateway']);
      expect(compose.services.gateway?.ports?.every((port) => port.startsWith('127.0.0.1:'))).toBe(true);
    });

    test('when a service starts, then it has a health check, and a subgraph waits for its own database to be healthy', () => {
      for (const [name, service] of services) {
        expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({ name, test: expect.stringMatching(/^CMD/) });
      }
      for (const partner of dataPartners)
        expect(compose.services[partner]?.depends_on).toEqual({ [`${partner}-db`]: { condition: 'service_healthy' } });
      for (const partner of statelessPartners) expect(compose.services[partner]?.depends_on).toBeUndefined();
    });

    test('when one partner is sick, then the gateway still starts: it follows the partners once they have started, not once they are healthy', () => {
      const dependencies = compose.services.gateway?.depends_on ?? {};
      expect(Object.keys(dependencies).sort()).toEqual([...partnerIds].sort());
      for (const [partner, dependency] of Object.entries(dependencies)) {
        expect({ partner, ...dependency }).toEqual({ partner, condition: 'service_started', required: false });
      }
    });

    test('when a Buurtgraaf service checks its health, then it asks its own /health/ready on its own port', () => {
      for (const [name, service] of buurtgraafServices) {
        const port = service.environment?.[`${envPrefix(name)}_PORT`];
        expect({ name, check: service.healthcheck?.test.at(-1) }).toEqual({
          name,
          check: `http://127.0.0.1:${port}/health/ready`,
        });
      }
    });

    test('when a partner of a kind with several members runs, then PARTNER_ID says which one it is', () => {
      const shared = manifests.partners.filter(
        ({ kind }) => manifests.partners.filter((other) => other.kind === kind).length > 1,
      );
      expect(shared.length).toBeGreaterThanOrEqual(4);
      for (const partner of shared) {
        expect({ name: partner.name, id: compose.services[partner.name]?.environment?.PARTNER_ID }).toEqual({
          name: partner.name,
          id: partner.name,
        });
        expect(compose.services[partner.name]?.command).toEqual([`subgraphs/${partner.kind}/main.js`]);
      }
    });

    test('when a Buurtgraaf service runs, then its file system is read-only, it holds no capabilities and its memory and CPU are limited', () => {
      expect(buurtgraafServices.map(([name]) => name).sort()).toEqual(['gateway', ...partnerIds].sort());
      for (const [name, service] of buurtgraafServices) {
        expect({ name, readOnly: service.read_only, capDrop: service.cap_drop }).toEqual({
          name,
          readOnly: true,
          capDrop: ['ALL'],
        });
      }
      for (const [name, service] of services) {
        expect({ name, limits: service.deploy?.resources?.limits }).toEqual({
          name,
          limits: { cpus: expect.stringMatching(/^\d/), memory: expect.stringMatching(/^\d+[MG]$/) },
        });
      }
    });

    test('when the partners start, then they load the demo data unless BUURTGRAAF_SEED says otherwise', () => {
      for (const partner of dataPartners) {
        expect({ partner, seed: compose.services[partner]?.environment?.[`${envPrefix(partner)}_SEED`] }).toEqual({
          partner,
          seed: '${BUURTGRAAF_SEED:-demo}',
        });
      }
    });

    test('when a service needs a secret, then its environment holds only the path of a secret it mounts', () => {
      for (const [name, service] of services) {
        for (const [key, value] of Object.entries(service.environment ?? {})) {
          const where = `${name}.${key}`;
          expect({ where, value }).not.toEqual({ where, value: expect.stringMatching(/:\/\/[^/@]*:[^/@]*@/) });
          if (/(SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL|CONSUMERS)/.test(key)) {
            expect({ where, key }).toEqual({ where, key: expect.stringMatching(/(_FILE|_SECRETS_DIR)$/) });
          }
          // A folder of secrets: every file the subgraph reads there is a secret mounted into it.
          if (key.endsWith('_SECRETS_DIR')) {
            const mountedThere = (service.secrets ?? []).filter(
              (secret): secret is { source: string; target: string } =>
                typeof secret === 'object' && secret.target.startsWith(`${value}/`),
            );
            // Every other party of the secure sum: at least the combiner and one more provider.
            expect({ where, mounted: mountedThere.length >= 2 }).toEqual({ where, mounted: true });
          }
          // A stateless partner's audit file is where it writes, not a secret it reads.
          if (key.endsWith('_FILE') && !key.endsWith('_AUDIT_FILE')) {
            expect({ where, value }).toEqual({ where, value: expect.stringMatching(/^\/run\/secrets\//) });
            expect(service.secrets).toContain(basename(value as string));
          }
        }
      }
    });

    test('when the secrets are made by scripts/deploy-secrets.ts, then every secret file compose mounts exists', () => {
      const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-compose-secrets-'));
      try {
        makeDeploySecrets(dir, manifests.partners);
        const made = new Set(readdirSync(dir, { recursive: true }) as string[]);
        for (const [name, { file }] of Object.entries(compose.secrets)) {
          expect({ name, file }).toEqual({ name, file: expect.stringMatching(/^\.\/secrets\//) });
          expect({ name, made: made.has(file.slice('./secrets/'.length)) }).toEqual({ name, made: true });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('when a data-holding partner connects, then its database URL names the role and database its PostgreSQL creates', () => {
      const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-compose-urls-'));
      try {
        const { databases } = makeDeploySecrets(dir, manifests.partners);
        for (const partner of dataPartners) {
          const url = new URL(readFileSync(databases[partner]?.urlFile ?? '', 'utf8'));
          const db = compose.services[`${partner}-db`]?.environment ?? {};
          expect({ partner, host: url.host, user: url.username, database: url.pathname }).toEqual({
            partner,
            host: `${partner}-db:5432`,
            user: db.POSTGRES_USER,
            database: `/${db.POSTGRES_DB}`,
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("when a partner's secret is mounted, then only that partner's subgraph and the gateway mount it", () => {
      for (const partner of partnerIds) {
        const holders = services
          .filter(([, service]) => service.secrets?.includes(`${partner}-secret`))
          .map(([name]) => name);
        expect(holders.sort()).toEqual(['gateway', partner].sort());
      }
    });
  },
);
