import { care, settings as careSettings } from '../../subgraphs/care/subgraph';
import { housing } from '../../subgraphs/housing/subgraph';
import { municipality, settings as municipalitySettings } from '../../subgraphs/municipality/subgraph';
import { loadGatewayConfig } from '../../gateway/config';
import { createGateway } from '../../gateway/gateway';
import { parseEnv } from '../../subgraphs/kit/config';
import { observeQueries } from '../../subgraphs/kit/database';
import type { SubgraphDefinition } from '../../subgraphs/kit/definition';
import { listen, type Listening } from '../../subgraphs/kit/listen';
import { createLogger } from '../../subgraphs/kit/logger';
import { createSubgraph } from '../../subgraphs/kit/server';
import { createMigratedDatabase, type Engine, type TestDatabase } from './database';
import { postGraphQL, type GraphQLResponse } from './http';

const silent = createLogger('test', 'silent');

export interface RunningSubgraph {
  name: string;
  url: string;
  db: TestDatabase;
  /** Every SQL statement the subgraph ran, in order; tests clear it as they need. */
  statements: string[];
  http: Listening;
  stop(): Promise<void>;
}

/** Starts one subgraph in-process on a free port over a fresh, migrated and seeded database. */
export async function startSubgraph<C extends object, E>(
  definition: SubgraphDefinition<C, E>,
  engine: Engine,
  extra: E,
  { seed = true }: { seed?: boolean } = {},
): Promise<RunningSubgraph> {
  const db = await createMigratedDatabase(engine, definition.migrationsDir);
  if (seed) await definition.seedDemo?.(db);
  const statements: string[] = [];
  const subgraph = await createSubgraph(definition, { db: observeQueries(db, (sql) => statements.push(sql)), logger: silent, extra });
  const http = await listen(subgraph.app, 0);
  return {
    name: definition.name,
    url: `${http.url}/graphql`,
    db,
    statements,
    http,
    async stop() {
      await http.close();
      await subgraph.stop();
      await db.drop();
    },
  };
}

export interface Federation {
  gatewayUrl: string;
  subgraphs: Record<'municipality' | 'housing' | 'care', RunningSubgraph>;
  query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/** The three partners and the gateway, as in production but on free ports and fresh databases. */
export async function startFederation(engine: Engine, env: NodeJS.ProcessEnv = {}): Promise<Federation> {
  const [m, h, c] = await Promise.all([
    startSubgraph(municipality, engine, parseEnv(municipalitySettings, env)),
    startSubgraph(housing, engine, {}),
    startSubgraph(care, engine, parseEnv(careSettings, env)),
  ]);
  const subgraphs = { municipality: m, housing: h, care: c };
  const config = loadGatewayConfig({
    ...env,
    SUBGRAPH_MUNICIPALITY_URL: m.url,
    SUBGRAPH_HOUSING_URL: h.url,
    SUBGRAPH_CARE_URL: c.url,
  });
  const gateway = await createGateway(config, silent);
  const http = await listen(gateway.app, 0);
  const gatewayUrl = `${http.url}/graphql`;
  return {
    gatewayUrl,
    subgraphs,
    query: (query, variables) => postGraphQL(gatewayUrl, { query, variables }),
    async stop() {
      await http.close();
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((subgraph) => subgraph.stop()));
    },
  };
}
