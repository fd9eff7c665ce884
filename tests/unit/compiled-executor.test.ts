import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSchema, execute, getOperationAST, GraphQLError, parse } from 'graphql';
import { compiledExecutor } from '@buurtgraaf/subgraph-kit/compiled-executor';
import { guardFields } from '@buurtgraaf/subgraph-kit/trust/use-trust';

// The partners' answers must not change with the executor: each case runs through graphql-jit
// (compiled-executor.ts) and through graphql-js, and the two answers are compared as JSON.
const schema = buildSchema(`
  enum Group { ELDERLY YOUTH }
  type Figure { year: Int! group: Group! clients: Int }
  type Query {
    figures(year: Int!, group: Group): [Figure!]
    refused: Int
    series: [Figure!]!
  }
`);
const rows = [
  { year: 2023, group: 'ELDERLY', clients: 20 },
  { year: 2023, group: 'YOUTH', clients: null },
  { year: 2024, group: 'ELDERLY', clients: 25 },
];
const root = schema.getQueryType()!.getFields();
root.figures!.resolve = (_, { year, group }) =>
  rows.filter((row) => row.year === year && (!group || row.group === group));
root.refused!.resolve = () => {
  throw new GraphQLError('Query.refused is not available.', {
    extensions: { code: 'FORBIDDEN', field: 'Query.refused' },
  });
};
// A function-valued property, as partners' resolvers return (care's `series: async () => ...`), read by the default resolver.
root.series!.resolve = () => rows.map((row) => ({ ...row, clients: () => row.clients }));

// As the kit serves it (server.ts): every field wrapped by the policy guard, so every field has a
// resolver. graphql-jit reads a field without one as a plain property and would not call a
// function there; the guard calls graphql's default resolver, which does.
const guarded = guardFields(schema);

async function both(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const { executor } = await compiledExecutor(guarded).load({ apollo: {} as never });
  const request = {
    document,
    operation,
    operationName: operation.name?.value ?? null,
    request: { query, variables },
    context: {},
  } as unknown as GatewayGraphQLRequestContext;
  const jit = JSON.parse(JSON.stringify(await executor!(request)));
  const reference = JSON.parse(
    JSON.stringify(await execute({ schema: guarded, document, variableValues: variables, contextValue: {} })),
  );
  return { jit, reference };
}

describe('the partners compiled executor', () => {
  test('when a non-null variable with a default is left out, then the default is used, as graphql-js does', async () => {
    const { jit, reference } = await both(
      'query Q($year: Int! = 2023) { figures(year: $year) { year group clients } }',
    );
    expect(jit).toEqual(reference);
    expect(jit.data.figures).toHaveLength(2);
  });

  test('when variables are given, then the answer is the same', async () => {
    const { jit, reference } = await both(
      'query Q($year: Int!, $group: Group) { figures(year: $year, group: $group) { group clients } }',
      {
        year: 2024,
        group: 'ELDERLY',
      },
    );
    expect(jit).toEqual(reference);
  });

  test('when a resolver refuses a field, then the error keeps its message, code and path and the rest arrives', async () => {
    const { jit, reference } = await both('{ refused figures(year: 2023) { year } }');
    expect(jit).toEqual(reference);
    expect(jit.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  test('when a property is a function, then the field guard calls it, as the default resolver of graphql-js does', async () => {
    const { jit, reference } = await both('{ series { year clients } }');
    expect(jit).toEqual(reference);
  });

  test('when a variable does not coerce, then graphql-js answers in its own words', async () => {
    const { jit, reference } = await both('query Q($year: Int!) { figures(year: $year) { year } }', { year: 'x' });
    expect(jit).toEqual(reference);
  });
});
