import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { PlanEngine } from '../../gateway/execution/engine';
import { deepMerge } from '../../gateway/execution/merge';
import { createLogger } from '../../subgraphs/kit/logger';

// Two tiny partners: `areas` lists areas, `figures` adds a level and a total to each by its code.
const AREAS = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { areas: [Area] }
  type Area @key(fields: "code") { code: ID! name: String! }`;
const FIGURES = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Area @key(fields: "code") { code: ID! level: Level! total: Int }
  enum Level { LOW HIGH }`;
const composed = composeServices([
  { name: 'areas', url: 'http://areas.invalid/graphql', typeDefs: parse(AREAS) },
  { name: 'figures', url: 'http://figures.invalid/graphql', typeDefs: parse(FIGURES) },
]);
const supergraphSdl = composed.supergraphSdl ?? '';
const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

type Answer = { data?: Record<string, unknown>; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };

/** A partner that answers from a script and remembers what it was asked: no network involved. */
function scripted(answer: (variables: Record<string, unknown>) => Answer) {
  const asked: Record<string, unknown>[] = [];
  const source = {
    process: async ({ request }: { request: { variables?: Record<string, unknown> } }) => {
      asked.push(request.variables ?? {});
      return answer(request.variables ?? {});
    },
  } as unknown as GraphQLDataSource;
  return { source, asked };
}

function engineWith(areas: Answer, figures: (representations: { code: string }[]) => Answer) {
  const partners = { areas: scripted(() => areas), figures: scripted((variables) => figures(variables.representations as { code: string }[])) };
  const stockCalls: string[] = [];
  const engine = new PlanEngine(
    supergraphSdl, apiSchema, new Map(Object.entries(partners).map(([name, partner]) => [name, partner.source])),
    async (request) => { stockCalls.push(request.source); return { data: { answeredBy: 'stock' } }; },
    createLogger('test', 'silent'),
  );
  const ask = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    return engine.execute({
      request: { query, variables }, document, operation, source: query, schema: apiSchema, operationName: operation.name?.value ?? null,
      context: {}, logger: createLogger('test', 'silent'), metrics: {}, queryHash: query,
    } as unknown as GatewayGraphQLRequestContext);
  };
  return { ask, partners, stockCalls };
}

const THREE_AREAS = { data: { areas: [{ __typename: 'Area', code: 'A' }, null, { __typename: 'Area', code: 'C' }] } };

describe('the plan engine', () => {
  test('when areas come from one partner and figures from another, then one batch asks for every area and the answers land in order', async () => {
    const { ask, partners, stockCalls } = engineWith(THREE_AREAS, (representations) => ({
      data: { _entities: representations.map(({ code }) => ({ level: 'LOW', total: code === 'A' ? 10 : 30 })) },
    }));
    expect(await ask('{ areas { code level total } }')).toEqual({ data: { areas: [{ code: 'A', level: 'LOW', total: 10 }, null, { code: 'C', level: 'LOW', total: 30 }] } });
    expect(partners.figures.asked).toEqual([{ representations: [{ __typename: 'Area', code: 'A' }, { __typename: 'Area', code: 'C' }] }]);
    expect(stockCalls).toEqual([]);
  });

  test('when the partner reports an error for the second area it was asked about, then the error points at that area in the answer', async () => {
    const { ask } = engineWith(THREE_AREAS, () => ({
      data: { _entities: [{ level: 'LOW', total: 1 }, { level: 'HIGH', total: null }] },
      errors: [{ message: 'total is withheld', path: ['_entities', 1, 'total'], extensions: { code: 'FORBIDDEN' } }],
    }));
    const { errors } = await ask('{ areas { code total } }');
    expect(errors?.map((error) => [error.message, error.path, error.extensions?.code, error.extensions?.serviceName])).toEqual([
      ['total is withheld', ['areas', 2, 'total'], 'FORBIDDEN', 'figures'],
    ]);
  });

  test('when a partner sends null for a non-null field or a value outside an enum, then only that area becomes null and the reason is reported', async () => {
    const { ask } = engineWith(THREE_AREAS, () => ({ data: { _entities: [{ level: null }, { level: 'MEDIUM' }] } }));
    const result = await ask('{ areas { code level } }');
    expect(result.data).toEqual({ areas: [null, null, null] });
    expect(result.errors).toBeUndefined();
    expect((result.extensions?.valueCompletion as Error[]).map((error) => error.message)).toEqual([
      'Cannot return null for non-nullable field Area.level.',
      'Invalid value found for field Area.level.',
    ]);
  });

  test('when an operation asks for introspection, then the stock executor answers it', async () => {
    const { ask, stockCalls } = engineWith(THREE_AREAS, () => ({ data: { _entities: [] } }));
    expect(await ask('{ __schema { queryType { name } } }')).toEqual({ data: { answeredBy: 'stock' } });
    expect(stockCalls).toHaveLength(1);
  });
});

describe('merging partner answers', () => {
  test('when a partner answer carries a "__proto__" key, then it is dropped and no prototype changes', () => {
    const target: Record<string, unknown> = { code: 'A' };
    deepMerge(target, JSON.parse('{ "__proto__": { "polluted": true }, "total": 3 }'));
    expect(target).toEqual({ code: 'A', total: 3 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
