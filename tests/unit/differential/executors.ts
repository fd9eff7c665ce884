import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { GraphQLSchema } from 'graphql';
import { FastGateway } from '../../../gateway/execution/fast-gateway';
import type { GatewayContext } from '../../../gateway/observer';
import { maskUnexpectedErrors, createLogger } from '@buurtgraaf/platform';
import { scriptedPartners, type ScriptedPartners } from './partners';

export interface Answer {
  status: number;
  data?: unknown;
  errors?: { message: string; path?: readonly (string | number)[]; code?: unknown }[];
}

export interface Executors {
  apiSchema: GraphQLSchema;
  partners: ScriptedPartners;
  /** The same request through Apollo Server with Buurtgraaf's plan engine, and with @apollo/gateway's executor. */
  ask(query: string, variables?: Record<string, unknown>): Promise<{ engine: Answer; stock: Answer }>;
  stop(): Promise<void>;
}

const silent = createLogger('differential', 'silent');
export const SUPERGRAPH_FILE = join(__dirname, '..', '..', '..', 'schema', 'supergraph.graphql');

/** Both executors in-process on the supergraph in the tree, over one set of scripted partners. */
export async function startExecutors(supergraphSdl = readFileSync(SUPERGRAPH_FILE, 'utf8')): Promise<Executors> {
  const partners = scriptedPartners(supergraphSdl);
  const gateway = () =>
    new ApolloGateway({
      supergraphSdl,
      buildService: ({ name }) => partners.services.get(name) as never,
      logger: silent,
    });
  const server = (gatewayInterface: GatewayInterface) =>
    new ApolloServer<GatewayContext>({
      gateway: gatewayInterface,
      introspection: true,
      includeStacktraceInErrorResponses: false,
      stopOnTerminationSignals: false,
      // DIFFERENTIAL_DEBUG=1 prints what the mask hides (a crash in either executor).
      formatError: maskUnexpectedErrors(
        (error) =>
          void (process.env.DIFFERENTIAL_DEBUG && process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)),
      ),
    });
  const stockGateway = gateway();
  const engine = server(new FastGateway(gateway(), partners.services, silent));
  const stock = server(stockGateway);
  await Promise.all([engine.start(), stock.start()]);
  const apiSchema = stockGateway.schema as GraphQLSchema;
  const context = (): GatewayContext => ({
    caller: {
      consumer: { id: 'differential', organisation: 'Buurtgraaf', roles: ['analyst'], purposes: ['research'] },
      purpose: 'research',
      transactionId: 'differential-0001',
    },
    partnersCalled: new Set(),
  });
  const run = async (
    target: ApolloServer<GatewayContext>,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Answer> => {
    const response = await target.executeOperation({ query, variables }, { contextValue: context() });
    if (response.body.kind !== 'single') throw new Error('an incremental answer');
    const { data, errors } = response.body.singleResult;
    return {
      status: response.http.status ?? 200,
      ...(data !== undefined ? { data } : {}),
      ...(errors
        ? {
            errors: errors.map(({ message, path, extensions }) => ({
              message,
              ...(path ? { path } : {}),
              code: extensions?.code,
            })),
          }
        : {}),
    };
  };
  return {
    apiSchema,
    partners,
    ask: async (query, variables = {}) => ({
      engine: await run(engine, query, variables),
      stock: await run(stock, query, variables),
    }),
    stop: async () => void (await Promise.all([engine.stop(), stock.stop()])),
  };
}
