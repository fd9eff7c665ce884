import '../../../gateway/no-telemetry';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../../gateway/config';
import { createGateway } from '../../../gateway/gateway';
import { seedWorld as seedCare } from '../../../subgraphs/care/seed';
import { care, settings as careSettings } from '../../../subgraphs/care/subgraph';
import { seedWorld as seedHousing } from '../../../subgraphs/housing/seed';
import { housing } from '../../../subgraphs/housing/subgraph';
import { seedWorld as seedMunicipality } from '../../../subgraphs/municipality/seed';
import { municipality, settings as municipalitySettings } from '../../../subgraphs/municipality/subgraph';
import { parseEnv } from '../../../subgraphs/kit/config';
import { buildWorld } from '../../../subgraphs/kit/demo/world';
import { listen } from '../../../subgraphs/kit/listen';
import { createLogger, type Logger } from '../../../subgraphs/kit/logger';
import type { Engine } from '../../helpers/database';
import { startStatelessSubgraph, startSubgraph, type RunningService, type RunningSubgraph } from '../../helpers/federation';
import { insights, settings as insightsSettings } from '../../../subgraphs/insights/subgraph';
import { createTrustFiles } from '../../helpers/trust';
import { partnerProxy, type PartnerProxy } from './partner-proxy';

export const DATASETS_DIR = join(__dirname, '..', '..', '..', 'schema', 'datasets');
const PARTNERS = ['municipality', 'housing', 'care'] as const;
type Partner = (typeof PARTNERS)[number];

export interface BiFederation {
  /** http://localhost:<port>/bi/v1 */
  biUrl: string;
  graphqlUrl: string;
  subgraphs: Record<Partner, RunningSubgraph>;
  /** The proxies asked for, between the gateway and those partners. */
  proxies: Partial<Record<Partner, PartnerProxy>>;
  stop(): Promise<void>;
}

export interface BiFederationOptions {
  engine?: Engine;
  /** utrecht: the demo seed (111 neighbourhoods); national: seedWorld(db, buildWorld('national')) into each partner. */
  scope?: 'utrecht' | 'national';
  pageSize?: number;
  /** Partners to reach through a proxy the test controls. */
  proxied?: Partner[];
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** Three partners on fresh databases and the gateway with the BI router, all on free local ports. */
export async function startBiFederation({ engine = 'pglite', scope = 'utrecht', pageSize, proxied = [], env = {}, logger }: BiFederationOptions = {}): Promise<BiFederation> {
  const trust = createTrustFiles([...PARTNERS, 'insights']);
  const seed = scope === 'utrecht';
  const options = (name: Partner) => ({ secret: trust.secrets[name], seed });
  const [m, h, c] = await Promise.all([
    startSubgraph(municipality, engine, parseEnv(municipalitySettings, env), options('municipality')),
    startSubgraph(housing, engine, {}, options('housing')),
    startSubgraph(care, engine, parseEnv(careSettings, env), options('care')),
  ]);
  const subgraphs = { municipality: m, housing: h, care: c };
  // No dataset reads insights yet, but the gateway serves the whole supergraph and needs them all.
  const derived: RunningService = await startStatelessSubgraph(insights, parseEnv(insightsSettings, env), { secret: trust.secrets.insights });
  if (scope === 'national') {
    // Before the first request: the subgraphs read their year ranges lazily.
    const world = buildWorld('national');
    await Promise.all([seedMunicipality(m.db, world), seedHousing(h.db, world), seedCare(c.db, world)]);
  }
  const proxies: Partial<Record<Partner, PartnerProxy>> = {};
  for (const name of proxied) proxies[name] = await partnerProxy(subgraphs[name].url);
  const config = loadGatewayConfig({
    GATEWAY_CONSUMERS_FILE: trust.consumersFile,
    GATEWAY_SUPERGRAPH_POLL_MS: '0',
    ...Object.fromEntries(PARTNERS.flatMap((name) => [
      [`SUBGRAPH_${name.toUpperCase()}_URL`, proxies[name]?.url ?? subgraphs[name].url],
      [`SUBGRAPH_${name.toUpperCase()}_SECRET_FILE`, trust.secretFiles[name]],
    ])),
    SUBGRAPH_INSIGHTS_URL: derived.url,
    SUBGRAPH_INSIGHTS_SECRET_FILE: trust.secretFiles.insights,
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
      await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
      await Promise.all([...Object.values(subgraphs), derived].map((subgraph) => subgraph.stop()));
    },
  };
}
