import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from './database';
import { gatewaysOver, startFederation, type Federation } from './federation';
import { forgetSigner, registerSigner } from './http';
import { CARE, HOUSING } from './partners';
import { createTrustFiles, type TrustFiles } from './trust';

/**
 * One set of partners per engine for the whole e2e lane. Starting seven partners costs tens of
 * seconds under load, and many end-to-end files only read through a gateway: the e2e lane's
 * globalSetup starts the partners once (in Jest's parent process) and such a file starts only its
 * own gateway over them, with its own settings. A file that stops a partner, reads a partner's
 * database or changes a partner's settings starts a federation of its own (startFederation), and
 * so does tests/e2e/gateway/faults.test.ts: it times the gateway's recovery, and shared partners
 * answer every worker from one busy process.
 */
export const SHARED_FEDERATIONS = 'BUURTGRAAF_TEST_SHARED_FEDERATIONS';

/** A partner as a test that did not start it can reach it: where it is and what the gateway signs with. */
export interface PartnerAddress {
  name: string;
  url: string;
  secret: string;
}

export interface SharedFederation extends Omit<Federation, 'subgraphs' | 'trust'> {
  subgraphs: Record<string, PartnerAddress> & {
    municipality: PartnerAddress;
    housing: PartnerAddress;
    care: PartnerAddress;
    insights: PartnerAddress;
    combiner: PartnerAddress;
  };
  trust: Pick<TrustFiles, 'consumersFile' | 'secretFiles' | 'secrets'>;
}

type Shared = Partial<
  Record<
    Engine,
    { partners: Record<string, PartnerAddress>; trust: Pick<TrustFiles, 'consumersFile' | 'secretFiles' | 'secrets'> }
  >
>;

/** For globalSetup: starts the partners once per engine and tells the workers where they are. */
export async function startSharedPartners(engines: readonly Engine[]): Promise<() => Promise<void>> {
  const federations = await Promise.all(engines.map((engine) => startFederation(engine)));
  const shared: Shared = {};
  engines.forEach((engine, index) => {
    const { subgraphs, trust } = federations[index]!;
    const partners = Object.fromEntries(
      Object.entries(subgraphs)
        .filter(([id, subgraph]) => id === subgraph.name)
        .map(([id, { name, url, secret }]) => [id, { name, url, secret }]),
    );
    shared[engine] = {
      partners,
      trust: { consumersFile: trust.consumersFile, secretFiles: trust.secretFiles, secrets: trust.secrets },
    };
  });
  const file = join(mkdtempSync(join(tmpdir(), 'buurtgraaf-shared-')), 'partners.json');
  writeFileSync(file, JSON.stringify(shared));
  process.env[SHARED_FEDERATIONS] = file;
  return async () => {
    for (const federation of federations) await federation.stop();
  };
}

// Partner settings travel in the same env as the gateway's; only the gateway's may differ per file.
const gatewayOnly = (name: string) => name.startsWith('GATEWAY_') || name === 'SUPERGRAPH_FILE';

/**
 * The lane's partners on `engine` behind a gateway of this file's own, with `env` (gateway settings
 * only) and a consumers file with `consumersExtra`. Starts a whole federation of its own when the
 * lane's globalSetup did not start shared partners (a file run outside the e2e lane).
 */
export async function sharedFederation(
  engine: Engine,
  env: NodeJS.ProcessEnv = {},
  consumersExtra: Record<string, unknown> = {},
): Promise<SharedFederation> {
  const partnerSettings = Object.keys(env).filter((name) => !gatewayOnly(name));
  if (partnerSettings.length > 0)
    throw new Error(
      `Shared partners run with default settings; ${partnerSettings.join(', ')} needs a federation of its own (startFederation)`,
    );
  const file = process.env[SHARED_FEDERATIONS];
  const shared = file ? (JSON.parse(readFileSync(file, 'utf8')) as Shared)[engine] : undefined;
  if (!shared) return startFederation(engine, env, consumersExtra);
  const trust = {
    ...shared.trust,
    consumersFile:
      Object.keys(consumersExtra).length > 0
        ? createTrustFiles([], consumersExtra).consumersFile
        : shared.trust.consumersFile,
  };
  const { partners } = shared;
  for (const { url, secret, name } of Object.values(partners)) registerSigner(url, secret, name);
  const gateways = gatewaysOver(partners, trust, env);
  const { gatewayUrl, query } = await gateways.start({});
  return {
    gatewayUrl,
    query,
    subgraphs: { ...partners, housing: partners[HOUSING], care: partners[CARE] } as SharedFederation['subgraphs'],
    trust,
    anotherGateway: gateways.start,
    async stop() {
      await gateways.close();
      for (const { url } of Object.values(partners)) forgetSigner(url);
    },
  };
}
