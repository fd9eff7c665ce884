import '../../../gateway/no-telemetry';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../../gateway/config';
import { createGateway } from '../../../gateway/gateway';
import { renderFor, SUBGRAPHS } from '../../../schema/subgraphs';
import { seedWorld as seedCare } from '../../../subgraphs/care/seed';
import { seedWorld as seedHousing } from '../../../subgraphs/housing/seed';
import { seedWorld as seedMunicipality } from '../../../subgraphs/municipality/seed';
import type { Database } from '@buurtgraaf/subgraph-kit/database';
import { isStateless } from '@buurtgraaf/subgraph-kit/definition';
import { buildWorld, type DemoWorld } from '@buurtgraaf/demo-data';
import { listen, createLogger, type Logger } from '@buurtgraaf/platform';
import type { Engine } from '../../helpers/database';
import {
  startStatelessSubgraph,
  startSubgraph,
  type RunningService,
  type RunningSubgraph,
} from '../../helpers/federation';
import { CARE, HOUSING, partnerDefinition } from '../../helpers/partners';
import { sharedFederation } from '../../helpers/shared-federation';
import { createTrustFiles } from '../../helpers/trust';
import { partnerProxy, type PartnerProxy } from './partner-proxy';
import { envPrefix } from '@buurtgraaf/protocol';
import { PRIMARY_ENGINE } from '../../helpers/database';

export const DATASETS_DIR = join(__dirname, '..', '..', '..', 'schema', 'datasets');

/**
 * A partner of schema/partners.json by id; `housing` and `care` also name the first corporation
 * and the first care provider, which is what most tests mean.
 */
type PartnerName = string;
const ALIASES: Record<string, string> = { housing: HOUSING, care: CARE };
const idOf = (name: PartnerName) => ALIASES[name] ?? name;

/** How each kind that keeps data seeds a share of the national world (each partner only its own share). */
const NATIONAL_SEEDS: Record<string, (db: Database, world: DemoWorld, id: string) => Promise<void>> = {
  municipality: (db, world) => seedMunicipality(db, world),
  housing: (db, world, id) => seedHousing(db, world, renderFor(id)),
  care: (db, world, id) => seedCare(db, world, renderFor(id)),
};

export interface BiFederation {
  /** http://localhost:<port>/bi/v1 */
  biUrl: string;
  graphqlUrl: string;
  /** Every partner that keeps data, by id, and `housing`/`care` for the first of their kind. */
  subgraphs: Record<string, RunningSubgraph> & {
    municipality: RunningSubgraph;
    housing: RunningSubgraph;
    care: RunningSubgraph;
  };
  /** The proxies asked for, between the gateway and those partners, by the name they were asked for with. */
  proxies: Partial<Record<PartnerName, PartnerProxy>>;
  stop(): Promise<void>;
}

type Scope = 'utrecht' | 'national' | 'national-areas';
const NATIONAL_KINDS: Record<Scope, readonly string[]> = {
  utrecht: [],
  national: Object.keys(NATIONAL_SEEDS),
  'national-areas': ['municipality'],
};

export interface BiFederationOptions {
  engine?: Engine;
  /**
   * utrecht: the demo seed (111 neighbourhoods); national: seedWorld(db, buildWorld('national'),
   * renderFor(id)) into each partner; national-areas: the whole country into the municipality only
   * (the export's rows and pages), the other partners keep their Utrecht demo.
   */
  scope?: Scope;
  pageSize?: number;
  /** Partners to reach through a proxy the test controls. */
  proxied?: PartnerName[];
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** Every partner of the partners file on fresh databases and the gateway with the BI router, all on free local ports. */
export async function startBiFederation({
  engine = PRIMARY_ENGINE,
  scope = 'utrecht',
  pageSize,
  proxied = [],
  env = {},
  logger,
}: BiFederationOptions = {}): Promise<BiFederation> {
  const trust = createTrustFiles(SUBGRAPHS.map((entry) => entry.name));
  const national = SUBGRAPHS.filter((entry) => NATIONAL_KINDS[scope].includes(entry.kind));
  const stateful: Record<string, RunningSubgraph> = {};
  const stateless: Record<string, RunningService> = {};
  await Promise.all(
    SUBGRAPHS.map(async (entry) => {
      const { definition, extra } = partnerDefinition(entry, env);
      const secret = trust.secrets[entry.name];
      if (isStateless(definition)) stateless[entry.name] = await startStatelessSubgraph(definition, extra, { secret });
      else
        stateful[entry.name] = await startSubgraph(definition, engine, extra, {
          secret,
          seed: !national.includes(entry),
        });
    }),
  );
  if (national.length > 0) {
    // Before the first request: the subgraphs read their year ranges lazily.
    const world = buildWorld('national');
    await Promise.all(
      national.map((entry) => {
        const seedWorld = NATIONAL_SEEDS[entry.kind];
        if (!seedWorld) throw new Error(`No national seed for partner kind ${entry.kind}`);
        return seedWorld(stateful[entry.name]!.db, world, entry.name);
      }),
    );
  }
  const subgraphs = { ...stateful, housing: stateful[HOUSING], care: stateful[CARE] } as BiFederation['subgraphs'];
  const proxies: Partial<Record<PartnerName, PartnerProxy>> = {};
  const proxyOf: Record<string, PartnerProxy> = {};
  for (const name of proxied) {
    const id = idOf(name);
    const target = stateful[id] ?? stateless[id];
    if (!target) throw new Error(`No partner ${name} to proxy`);
    proxies[name] = proxyOf[id] = proxyOf[id] ?? (await partnerProxy(target.url));
  }
  const config = loadGatewayConfig({
    GATEWAY_CONSUMERS_FILE: trust.consumersFile,
    GATEWAY_SUPERGRAPH_POLL_MS: '0',
    // As in startFederation: under a loaded CI machine a partner can take longer than the 5 s
    // interactive budget, and a graph answer cut short would differ from the export it is held against.
    GATEWAY_DEADLINE_MS: '30000',
    ...Object.fromEntries(
      SUBGRAPHS.flatMap(({ name }) => [
        [`SUBGRAPH_${envPrefix(name)}_URL`, proxyOf[name]?.url ?? (stateful[name] ?? stateless[name])!.url],
        [`SUBGRAPH_${envPrefix(name)}_SECRET_FILE`, trust.secretFiles[name]],
      ]),
    ),
    ...(pageSize ? { GATEWAY_BI_PAGE_SIZE: String(pageSize) } : {}),
    ...env,
  });
  const gateway = await createGateway(config, logger ?? createLogger('test', 'silent'));
  const http = await listen(gateway.app, 0);
  return {
    biUrl: `${http.url}/bi/v1`,
    graphqlUrl: `${http.url}/graphql`,
    subgraphs,
    proxies,
    async stop() {
      await http.close(0);
      await gateway.stop();
      await Promise.all(Object.values(proxyOf).map((proxy) => proxy.close()));
      await Promise.all([...Object.values(stateful), ...Object.values(stateless)].map((subgraph) => subgraph.stop()));
    },
  };
}

/**
 * The e2e lane's shared partners (tests/helpers/shared-federation.ts) behind a gateway of this
 * file's own, for files that only read exports: seven partners fewer to start per file. A file
 * that holds, stops or reads a partner starts its own with startBiFederation.
 */
export type SharedBiFederation = Pick<BiFederation, 'biUrl' | 'graphqlUrl' | 'stop'>;

export async function sharedBiFederation({
  pageSize,
}: Pick<BiFederationOptions, 'pageSize'> = {}): Promise<SharedBiFederation> {
  const federation = await sharedFederation(PRIMARY_ENGINE, pageSize ? { GATEWAY_BI_PAGE_SIZE: String(pageSize) } : {});
  return {
    biUrl: federation.gatewayUrl.replace(/\/graphql$/, '/bi/v1'),
    graphqlUrl: federation.gatewayUrl,
    stop: () => federation.stop(),
  };
}
