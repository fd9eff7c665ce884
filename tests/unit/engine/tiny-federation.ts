import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { PlanEngine } from '../../../gateway/execution/engine';
import { createLogger } from '@buurtgraaf/platform';

// Three tiny partners: `areas` lists areas, `figures` adds a level, a total and rows to each by
// its code, `advice` adds a note and an advice that @requires the figures' total.
const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])';
const AREAS = `${LINK}
  type Query { areas: [Area] other: Other }
  type Area @key(fields: "code") { code: ID! name: String! }
  type Other { id: ID }`;
const FIGURES = `${LINK}
  type Area @key(fields: "code") { code: ID! level: Level! total: Int rows: [Row!] }
  type Row { year: Int! value: Int }
  enum Level { LOW HIGH }`;
const ADVICE = `${LINK}
  type Area @key(fields: "code") { code: ID! total: Int @external note: String advice: String @requires(fields: "total") }`;
const composed = composeServices(
  Object.entries({ areas: AREAS, figures: FIGURES, advice: ADVICE }).map(([name, sdl]) => ({
    name,
    url: `http://${name}.invalid/graphql`,
    typeDefs: parse(sdl),
  })),
);
if (!composed.supergraphSdl)
  throw new Error(`the tiny supergraph does not compose: ${composed.errors?.map((error) => error.message).join('; ')}`);
export const supergraphSdl = composed.supergraphSdl;
export const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

export type Answer = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
};
export type Script = (variables: Record<string, unknown>) => Answer | Promise<Answer>;

/** A partner that answers from a script and remembers what it was asked: no network involved. */
function scripted(answer: Script) {
  const asked: Record<string, unknown>[] = [];
  const source = {
    process: async ({ request }: { request: { variables?: Record<string, unknown> } }) => {
      asked.push(request.variables ?? {});
      return answer(request.variables ?? {});
    },
  } as unknown as GraphQLDataSource;
  return { source, asked };
}

const unused: Script = () => ({ data: { _entities: [] } });

export function engineWith(areas: Answer | Script, figures: Script = unused, advice: Script = unused) {
  const partners = {
    areas: scripted(typeof areas === 'function' ? areas : () => areas),
    figures: scripted(figures),
    advice: scripted(advice),
  };
  const stockCalls: string[] = [];
  const engine = new PlanEngine(
    supergraphSdl,
    apiSchema,
    new Map(Object.entries(partners).map(([name, partner]) => [name, partner.source])),
    async (request) => {
      stockCalls.push(request.source);
      return { data: { answeredBy: 'stock' } };
    },
    createLogger('test', 'silent'),
  );
  const ask = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    ) as OperationDefinitionNode;
    return engine.execute({
      request: { query, variables },
      document,
      operation,
      source: query,
      schema: apiSchema,
      operationName: operation.name?.value ?? null,
      context: {},
      logger: createLogger('test', 'silent'),
      metrics: {},
      queryHash: query,
    } as unknown as GatewayGraphQLRequestContext);
  };
  return { ask, partners, stockCalls };
}

export const THREE_AREAS = {
  data: { areas: [{ __typename: 'Area', code: 'A' }, null, { __typename: 'Area', code: 'C' }] },
};
/** What the figures partner sends for the areas it is asked about. */
export const figuresFor =
  (answer: (code: string) => Record<string, unknown>): Script =>
  (variables) => ({
    data: { _entities: (variables.representations as { code: string }[]).map(({ code }) => answer(code)) },
  });
