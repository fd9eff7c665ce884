import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { partnerToRun, type PartnerEntry } from '../../schema/subgraphs';
import { makeDeploySecrets, type DeploySecrets } from '../../scripts/deploy-secrets';
import { ConfigError } from '@buurtgraaf/platform';
import { loadSubgraphConfig } from '@buurtgraaf/subgraph-kit/subgraph-config';
import {
  COMMITTED,
  ROOT,
  deployTargets,
  fromRoot,
  manifestsOf,
  readYaml,
  yamlFilesUnder,
  type DeployTarget,
  type K8sObject,
} from './manifests';

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

/**
 * The gateway's configuration module reads one SUBGRAPH_<PARTNER>_* set per partner of
 * schema/partners.json. For a target rendered from another partners file, it is loaded afresh
 * with that file's partners, as it would run once the file is committed.
 */
function gatewayLoader(target: DeployTarget): Loader {
  if (target === COMMITTED)
    return (env) => (require('../../gateway/config') as typeof import('../../gateway/config')).loadGatewayConfig(env);
  let load: Loader | undefined;
  let IsolatedConfigError: typeof ConfigError | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../schema/subgraphs', () => ({
      ...jest.requireActual('../../schema/subgraphs'),
      SUBGRAPHS: target.partners,
    }));
    load = (require('../../gateway/config') as typeof import('../../gateway/config')).loadGatewayConfig;
    IsolatedConfigError = (require('@buurtgraaf/platform') as typeof import('@buurtgraaf/platform')).ConfigError;
    jest.dontMock('../../schema/subgraphs');
  });
  // The fresh module tree has its own ConfigError class; its refusals are passed on as this file's.
  return (env) => {
    try {
      return (load as Loader)(env);
    } catch (error) {
      if (IsolatedConfigError && error instanceof IsolatedConfigError) throw new ConfigError(error.problems);
      throw error;
    }
  };
}

/** A kind's own settings: what its main.ts hands to runSubgraph (care's are per provider, under its prefix). */
async function settingsOf(partner: PartnerEntry): Promise<z.ZodRawShape> {
  const definition = (await import(join(ROOT, 'subgraphs', partner.kind, 'subgraph.ts'))) as {
    settings?: z.ZodRawShape;
    settingsOf?: (prefix: string) => z.ZodRawShape;
  };
  return definition.settingsOf?.(partner.envPrefix) ?? definition.settings ?? {};
}

let dir: string;
let marker: string;
let secrets: Map<DeployTarget, DeploySecrets>;
const { targets, cleanup } = deployTargets();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-env-names-'));
  marker = join(dir, 'env-name-probe');
  writeFileSync(marker, 'probe');
  secrets = new Map(
    targets.map((target, index) => [target, makeDeploySecrets(join(dir, String(index)), target.partners)]),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanup();
});

interface Process {
  where: string;
  entry: string;
  /** The variables this manifest sets for the process. */
  env: Record<string, string | undefined>;
  /** Set where an overlay patches a container whose base Deployment names the partner. */
  partnerId?: string;
}

describe.each(targets.map((target) => [target.label, target] as const))(
  'environment variables in compose.yaml and k8s of %s',
  (_label, target) => {
    const manifests = manifestsOf(target);
    const compose = manifests.readCompose();
    const composeProcesses: Process[] = Object.entries(compose.services)
      .filter(([, service]) => service.command)
      .map(([name, service]) => ({
        where: `compose ${name}`,
        entry: service.command?.[0] ?? '',
        env: service.environment ?? {},
      }));

    const base = manifests.baseObjects();
    const k8sObjects = [
      ...base,
      ...yamlFilesUnder(manifests.overlaysDir)
        .filter((file) => !file.endsWith('kustomization.yaml'))
        .flatMap((file) => (readYaml(file) as K8sObject[]).map((object) => ({ file, object }))),
    ];
    const baseContainer = (object: K8sObject, name: string) =>
      base
        .find((b) => b.object.kind === object.kind && b.object.metadata.name === object.metadata.name)
        ?.object.spec?.template?.spec.containers.find((c) => c.name === name);
    const k8sProcesses: Process[] = k8sObjects.flatMap(({ file, object }) =>
      (object.spec?.template?.spec.containers ?? []).map((container) => {
        // An overlay's patch names no args and no PARTNER_ID: its container is the base Deployment's of the same name.
        const own = baseContainer(object, container.name);
        const partnerId = [...(container.env ?? []), ...(own?.env ?? [])].find(
          ({ name }) => name === 'PARTNER_ID',
        )?.value;
        return {
          where: `${fromRoot(file)} ${object.kind}/${object.metadata.name}`,
          entry: container.args?.[0] ?? own?.args?.[0] ?? '',
          env: Object.fromEntries((container.env ?? []).map(({ name, value }) => [name, value])),
          ...(partnerId ? { partnerId } : {}),
        };
      }),
    );
    const processes = [...composeProcesses, ...k8sProcesses];

    /** The partner a process runs as: PARTNER_ID, or the only partner of the entry file's kind (as partnerToRun picks it). */
    const partnerOf = (process: Process) => {
      const kind = /^subgraphs\/([^/]+)\/main\.js$/.exec(process.entry)?.[1];
      const id =
        process.partnerId ?? process.env.PARTNER_ID ?? target.partners.find((partner) => partner.kind === kind)?.name;
      return target.partners.find((partner) => partner.name === id && partner.kind === kind);
    };

    test('when the manifests start processes, then Compose and Kubernetes each run the gateway and every partner once', () => {
      const composeRuns = composeProcesses.map((process) =>
        process.entry === 'gateway/main.js' ? 'gateway' : partnerOf(process)?.name,
      );
      const k8sRuns = k8sProcesses
        .filter(({ where }) => where.includes('/base/'))
        .map((process) => (process.entry === 'gateway/main.js' ? 'gateway' : partnerOf(process)?.name));
      const expected = ['gateway', ...manifests.partnerIds].sort();
      expect(composeRuns.sort()).toEqual(expected);
      expect(k8sRuns.sort()).toEqual(expected);
      for (const { env } of processes) expect(Object.keys(env).length).toBeGreaterThan(0);
    });

    test.each(processes.map((process) => [process.where, process] as const))(
      'when %s sets a variable, then its configuration module reads that variable',
      async (_where, process) => {
        const names = Object.keys(process.env).filter((name) => name !== 'PARTNER_ID');
        const targetSecrets = secrets.get(target) as DeploySecrets;
        let load: Loader;
        let baseline: NodeJS.ProcessEnv;
        if (process.entry === 'gateway/main.js') {
          load = gatewayLoader(target);
          baseline = {
            GATEWAY_CONSUMERS_FILE: targetSecrets.consumersFile,
            ...Object.fromEntries(
              target.partners.map(({ name, envPrefix }) => [
                `SUBGRAPH_${envPrefix}_SECRET_FILE`,
                targetSecrets.secretFiles[name],
              ]),
            ),
          };
        } else {
          const partner = partnerOf(process);
          expect(partner).toBeDefined();
          const entry = partner as PartnerEntry;
          const settings = await settingsOf(entry);
          load = (env) =>
            loadSubgraphConfig(
              entry.name,
              entry.port,
              settings,
              env,
              join(__dirname, '..', '..', 'subgraphs', entry.kind, 'policy.json'),
            );
          baseline = { [`${entry.envPrefix}_GATEWAY_SECRET_FILE`]: targetSecrets.secretFiles[entry.name] };
        }
        const unread = names.filter((name) => !reads(load, baseline, configName(name)));
        expect(unread).toEqual([]);
      },
    );

    test.each(processes.filter(({ env }) => 'PARTNER_ID' in env).map((process) => [process.where, process] as const))(
      'when %s sets PARTNER_ID, then its entry file runs as that partner',
      (_where, process) => {
        const partner = partnerOf(process);
        expect({ entry: process.entry, partner: partner?.name }).toEqual({
          entry: `subgraphs/${partner?.kind}/main.js`,
          partner: process.env.PARTNER_ID,
        });
        // partnerToRun reads schema/partners.json, so it can answer for the committed partners only.
        if (target === COMMITTED)
          expect(partnerToRun(partner?.kind ?? '', { PARTNER_ID: process.env.PARTNER_ID }).self.id).toBe(
            process.env.PARTNER_ID,
          );
      },
    );
  },
);

describe('the probe', () => {
  test('when a name is not one the configuration reads, then the probe says so', () => {
    const gateway = gatewayLoader(COMMITTED);
    const baseline = (target: DeployTarget) => ({
      GATEWAY_CONSUMERS_FILE: secrets.get(target)?.consumersFile,
      ...Object.fromEntries(
        target.partners.map(({ name, envPrefix }) => [
          `SUBGRAPH_${envPrefix}_SECRET_FILE`,
          secrets.get(target)?.secretFiles[name],
        ]),
      ),
    });
    expect(reads(gateway, baseline(COMMITTED), 'GATEWAY_HOSTNAME')).toBe(false);
    expect(reads(gateway, baseline(COMMITTED), 'GATEWAY_HOST')).toBe(true);
    // The gateway of the partners file with a third corporation reads that corporation's variables; today's does not.
    const rendered = targets[1] as DeployTarget;
    expect(reads(gatewayLoader(rendered), baseline(rendered), 'SUBGRAPH_HOUSING_LEKSTROOM_URL')).toBe(true);
    expect(reads(gateway, baseline(COMMITTED), 'SUBGRAPH_HOUSING_LEKSTROOM_URL')).toBe(false);
  });
});
