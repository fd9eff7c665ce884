import { writeFileSync } from 'node:fs';
import { SUBGRAPHS, type PartnerEntry } from '../../schema/subgraphs';
import { loadGatewayConfig } from '../../gateway/config';
import { createGateway } from '../../gateway/gateway';
import { observeQueries, type Database } from '@buurtgraaf/subgraph-kit/database';
import {
  isStateless,
  type AnySubgraphDefinition,
  type StatelessSubgraphDefinition,
  type SubgraphDefinition,
} from '@buurtgraaf/subgraph-kit/definition';
import { listen, type Listening, createLogger, type TlsFiles } from '@buurtgraaf/platform';
import { createSubgraph } from '@buurtgraaf/subgraph-kit/server';
import { createMigratedDatabase, createSeededDatabase, type Engine, type TestDatabase } from './database';
import { forgetSigner, postGraphQL, registerSigner, type GraphQLResponse } from './http';
import { CARE, HOUSING, partnerDefinition } from './partners';
import { createTrustFiles, headersFor, pairSecretsEnv, type ConsumerName, type TrustFiles } from './trust';
import { envPrefix } from '@buurtgraaf/protocol';

const silent = createLogger('test', (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent');

export interface RunningService {
  name: string;
  url: string;
  /** The secret the gateway signs with; tests forge and replay with it. */
  secret: string;
  http: Listening;
  stop(): Promise<void>;
}

export interface RunningSubgraph extends RunningService {
  db: TestDatabase;
  /** Every SQL statement the subgraph ran, in order; tests clear it as they need. */
  statements: string[];
}

interface ServeOptions {
  secret?: string;
  policyFile?: string;
  tls?: TlsFiles | null;
}

async function serve<C extends object, E>(
  definition: AnySubgraphDefinition<C, E>,
  db: Database | null,
  extra: E,
  { secret, policyFile, tls = null }: ServeOptions,
): Promise<RunningService> {
  const gatewaySecret = secret ?? createTrustFiles([definition.name]).secrets[definition.name] ?? '';
  const subgraph = await createSubgraph(definition, {
    db,
    logger: silent,
    extra,
    trust: { gatewaySecret, signatureMaxAgeSeconds: 60, policyFile: policyFile ?? definition.policyFile },
  });
  const http = await listen(subgraph.app, 0, '127.0.0.1', tls);
  const url = `${http.url}/graphql`;
  registerSigner(url, gatewaySecret, definition.name);
  return {
    name: definition.name,
    url,
    secret: gatewaySecret,
    http,
    async stop() {
      forgetSigner(url);
      await http.close();
      await subgraph.stop();
    },
  };
}

/** Starts one subgraph in-process on a free port over a fresh, migrated and seeded database. */
export async function startSubgraph<C extends object, E>(
  definition: SubgraphDefinition<C, E>,
  engine: Engine,
  extra: E,
  {
    seed = true,
    partners = SUBGRAPHS,
    ...options
  }: ServeOptions & { seed?: boolean; partners?: readonly PartnerEntry[] } = {},
): Promise<RunningSubgraph> {
  // `partners`: the partners file `definition` was rendered with (see createSeededDatabase).
  const db = seed
    ? await createSeededDatabase(engine, definition, partners)
    : await createMigratedDatabase(engine, definition.migrationsDir);
  await definition.prepare?.(db, extra);
  const statements: string[] = [];
  // Statement counts are about the partner's data; the audit record of each request is not.
  const record = (sql: string) => void (sql.trimStart().startsWith('insert into audit_log') || statements.push(sql));
  const service = await serve(definition, observeQueries(db, record), extra, options);
  return {
    ...service,
    db,
    statements,
    async stop() {
      await service.stop();
      await db.drop();
    },
  };
}

/** Serves a subgraph over a database the test prepared (migrated, with its own data); dropped on stop. */
async function serveDatabase<C extends object, E>(
  definition: SubgraphDefinition<C, E>,
  db: TestDatabase,
  extra: E,
  options: ServeOptions,
): Promise<RunningSubgraph> {
  await definition.prepare?.(db, extra);
  const service = await serve(definition, db, extra, options);
  return {
    ...service,
    db,
    statements: [],
    async stop() {
      await service.stop();
      await db.drop();
    },
  };
}

/** Starts a subgraph that keeps no data (insights) in-process on a free port. */
export function startStatelessSubgraph<C extends object, E>(
  definition: StatelessSubgraphDefinition<C, E>,
  extra: E,
  options: ServeOptions = {},
) {
  return serve(definition, null, extra, options);
}

export interface Federation {
  gatewayUrl: string;
  /**
   * Every partner of schema/partners.json by id; `housing` and `care` also name the first
   * corporation and the first care provider, which is what most tests mean.
   */
  subgraphs: Record<string, RunningSubgraph> & {
    municipality: RunningSubgraph;
    housing: RunningSubgraph;
    care: RunningSubgraph;
    insights: RunningService;
    combiner: RunningService;
  };
  trust: TrustFiles;
  /** Asks the gateway as a known consumer (the analyst unless said otherwise), with its purpose. */
  query(
    query: string,
    variables?: Record<string, unknown>,
    as?: ConsumerName | Record<string, string>,
  ): Promise<GraphQLResponse>;
  /** Another gateway on the same partners, with these settings on top; stopped with the federation. */
  anotherGateway(env: NodeJS.ProcessEnv): Promise<Pick<Federation, 'gatewayUrl' | 'query'>>;
  stop(): Promise<void>;
}

/** Every partner of the partners file and the gateway, as in production but on free ports and fresh databases. */
export async function startFederation(
  engine: Engine,
  env: NodeJS.ProcessEnv = {},
  consumersExtra: Record<string, unknown> = {},
  tls: Partial<Record<string, TlsFiles>> = {},
  /** Secrets of partners started outside, that the gateway reaches through SUBGRAPH_<ID>_URL. */
  outsideSecrets: Partial<Record<string, string>> = {},
  /** Another partners file's entries (with a partner joining); the gateway then needs its SUPERGRAPH_FILE in env. */
  partners: readonly PartnerEntry[] = SUBGRAPHS,
  /** A database per partner that the test prepared itself (loaded its own data), used instead of a fresh seeded one. */
  databases: Partial<Record<string, TestDatabase>> = {},
): Promise<Federation> {
  const PARTNERS = partners.map((entry) => entry.name);
  const trust = createTrustFiles(PARTNERS, consumersExtra);
  // Every care provider and the combiner get their pair secrets for the secure sum, as at
  // onboarding; a test's own env (a missing or wrong folder) comes last and wins.
  env = { ...pairSecretsEnv(trust.dir, partners), ...env };
  for (const [name, secret] of Object.entries(outsideSecrets))
    writeFileSync(trust.secretFiles[name] ?? '', secret ?? '');
  const started = await Promise.all(
    partners.map(async (entry) => {
      const { definition, extra } = partnerDefinition(entry, env, partners);
      const options = { secret: trust.secrets[entry.name], tls: tls[entry.name] ?? null };
      const own = databases[entry.name];
      const service = isStateless(definition)
        ? await startStatelessSubgraph(definition, extra, options)
        : own
          ? await serveDatabase(definition, own, extra, options)
          : await startSubgraph(definition, engine, extra, { ...options, partners });
      return [entry.name, service] as const;
    }),
  );
  const byId: Record<string, RunningService> = Object.fromEntries(started);
  const subgraphs = { ...byId, housing: byId[HOUSING], care: byId[CARE] } as Federation['subgraphs'];
  const gateways = gatewaysOver(byId, trust, env);
  const { gatewayUrl, query } = await gateways.start({});
  return {
    gatewayUrl,
    subgraphs,
    trust,
    query,
    anotherGateway: gateways.start,
    async stop() {
      await gateways.close();
      await Promise.all(Object.values(byId).map((subgraph) => subgraph.stop()));
    },
  };
}

/**
 * Gateways in this process on free ports, over partners already running at `partners`' URLs with
 * the secrets in `trust`; `env` and then each start's own settings come on top.
 */
export function gatewaysOver(
  partners: Record<string, { url: string }>,
  trust: Pick<TrustFiles, 'consumersFile' | 'secretFiles'>,
  env: NodeJS.ProcessEnv,
) {
  const names = Object.keys(partners);
  const gatewayEnv = {
    GATEWAY_CONSUMERS_FILE: trust.consumersFile,
    // Two test files share the two cores with seven partners each, so a page that takes 1 s alone
    // can take more than the 5 s interactive budget; tests/e2e/gateway/faults.test.ts sets 5 s
    // itself to test the deadline.
    GATEWAY_DEADLINE_MS: '30000',
    ...Object.fromEntries(
      names.flatMap((name) => [
        [`SUBGRAPH_${envPrefix(name)}_URL`, partners[name]?.url],
        [`SUBGRAPH_${envPrefix(name)}_SECRET_FILE`, trust.secretFiles[name]],
      ]),
    ),
    ...env,
  };
  const running: { close(): Promise<void> }[] = [];
  const start = async (extra: NodeJS.ProcessEnv): Promise<Pick<Federation, 'gatewayUrl' | 'query'>> => {
    const gateway = await createGateway(loadGatewayConfig({ ...gatewayEnv, ...extra }, names), silent);
    const http = await listen(gateway.app, 0);
    running.push({
      close: async () => {
        await http.close();
        await gateway.stop();
      },
    });
    const gatewayUrl = `${http.url}/graphql`;
    const query: Federation['query'] = (query, variables, as = 'analyst') =>
      postGraphQL(gatewayUrl, { query, variables }, typeof as === 'string' ? headersFor(as) : as);
    return { gatewayUrl, query };
  };
  return {
    start,
    async close() {
      for (const gateway of running.splice(0)) await gateway.close();
    },
  };
}
