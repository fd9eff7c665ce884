import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { loadGatewayConfig } from '../../gateway/config';
import { SUBGRAPHS } from '../../schema/subgraphs';
import { makeDeploySecrets, type DeploySecrets } from '../../scripts/deploy-secrets';
import { ConfigError } from '../../subgraphs/kit/config';
import { loadSubgraphConfig } from '../../subgraphs/kit/subgraph-config';
import { OVERLAYS_DIR, ROOT, baseObjects, fromRoot, readCompose, readYaml, yamlFilesUnder, type K8sObject } from './manifests';

/**
 * The names in the manifests are checked against what the configuration modules really do, not
 * against a list: a name is read when setting it to a marker changes the outcome (the loader
 * refuses it by name, or the marker shows up in the configuration). A renamed variable fails here.
 * The marker is a file holding a short text, so that every kind of setting can take it: a secret
 * file refuses it as too short, a number or URL as malformed, a path or a name passes it on.
 */
type Loader = (env: NodeJS.ProcessEnv) => unknown;

function reads(load: Loader, baseline: NodeJS.ProcessEnv, name: string): boolean {
  let config: unknown;
  try {
    config = load({ ...baseline, [name]: marker });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.some((problem) => problem.startsWith(`${name}:`));
    throw error;
  }
  return JSON.stringify(config).includes(marker);
}

/** docker/entrypoint.sh turns <NAME>_DATABASE_URL_FILE into <NAME>_DATABASE_URL (tested in dockerfile.test.ts). */
const configName = (name: string) => name.replace(/(_DATABASE_URL)_FILE$/, '$1');

let dir: string;
let marker: string;
let secrets: DeploySecrets;
const loaders = new Map<string, { load: Loader; baseline: NodeJS.ProcessEnv }>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-env-names-'));
  secrets = makeDeploySecrets(dir);
  marker = join(dir, 'env-name-probe');
  writeFileSync(marker, 'probe');
  loaders.set('gateway/main.ts', {
    load: (env) => loadGatewayConfig(env),
    baseline: {
      GATEWAY_CONSUMERS_FILE: secrets.consumersFile,
      ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`SUBGRAPH_${name.toUpperCase()}_SECRET_FILE`, secrets.secretFiles[name]])),
    },
  });
  for (const { name, port } of SUBGRAPHS) {
    // Each partner's own settings are the `settings` its main.ts hands to runSubgraph.
    const definition = (await import(join(ROOT, 'subgraphs', name, 'subgraph.ts'))) as { settings?: z.ZodRawShape };
    loaders.set(`subgraphs/${name}/main.ts`, {
      load: (env) => loadSubgraphConfig(name, port, definition.settings ?? {}, env),
      baseline: { [`${name.toUpperCase()}_GATEWAY_SECRET_FILE`]: secrets.secretFiles[name] },
    });
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const compose = readCompose();
const composeProcesses = Object.entries(compose.services)
  .filter(([, service]) => service.command)
  .map(([name, service]) => ({ where: `compose ${name}`, entry: service.command?.[0] ?? '', names: Object.keys(service.environment ?? {}) }));

const base = baseObjects();
const k8sObjects = [
  ...base,
  ...yamlFilesUnder(OVERLAYS_DIR)
    .filter((file) => !file.endsWith('kustomization.yaml'))
    .flatMap((file) => (readYaml(file) as K8sObject[]).map((object) => ({ file, object }))),
];
const baseContainer = (object: K8sObject, name: string) =>
  base.find((b) => b.object.kind === object.kind && b.object.metadata.name === object.metadata.name)?.object.spec?.template?.spec.containers.find((c) => c.name === name);
const k8sProcesses = k8sObjects.flatMap(({ file, object }) =>
  (object.spec?.template?.spec.containers ?? []).map((container) => ({
    where: `${fromRoot(file)} ${object.kind}/${object.metadata.name}`,
    // An overlay's patch names no args: its container is the base Deployment's of the same name.
    entry: container.args?.[0] ?? baseContainer(object, container.name)?.args?.[0] ?? '',
    names: (container.env ?? []).map(({ name }) => name),
  })),
);

describe('environment variables in docker/compose.yaml and docker/k8s', () => {
  test('when the manifests start processes, then every process is the gateway or a partner and sets variables', () => {
    const entries = new Set([...composeProcesses, ...k8sProcesses].map(({ entry }) => entry));
    expect([...entries].sort()).toEqual(['gateway/main.ts', ...SUBGRAPHS.map(({ name }) => `subgraphs/${name}/main.ts`)].sort());
    for (const { names } of [...composeProcesses, ...k8sProcesses]) expect(names.length).toBeGreaterThan(0);
  });

  test.each([...composeProcesses, ...k8sProcesses].map((process) => [process.where, process] as const))(
    'when %s sets a variable, then its configuration module reads that variable',
    (_where, { entry, names }) => {
      const loader = loaders.get(entry);
      expect(loader).toBeDefined();
      const unread = names.filter((name) => !reads(loader?.load as Loader, loader?.baseline ?? {}, configName(name)));
      expect(unread).toEqual([]);
    },
  );

  test('when a name is not one the configuration reads, then the probe says so', () => {
    const gateway = loaders.get('gateway/main.ts');
    expect(reads(gateway?.load as Loader, gateway?.baseline ?? {}, 'GATEWAY_HOSTNAME')).toBe(false);
    expect(reads(gateway?.load as Loader, gateway?.baseline ?? {}, 'GATEWAY_HOST')).toBe(true);
  });
});
