import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { parse } from 'graphql';
import { mergedFrom, mergeSiblingFetches } from '../../../gateway/execution/merge-siblings';
import { fetchOrder, runNode, type PlanRun } from '../../../gateway/execution/run-plan';

const fetchesOf = (node: PlanNode | undefined) => [...fetchOrder(node).keys()] as FetchNode[];

describe('one call per partner per plan step', () => {
  test('when a neighbourhood profile is planned, then the combiner is asked once for the housing and the care sums together', () => {
    const root = join(__dirname, '..', '..', '..', 'schema');
    const supergraph = Supergraph.build(readFileSync(join(root, 'supergraph.graphql'), 'utf8'));
    const profile = readFileSync(join(root, 'documents', 'neighbourhood-profile.graphql'), 'utf8');
    const planned = new QueryPlanner(supergraph).buildQueryPlan(
      operationFromDocument(supergraph.apiSchema(), parse(profile)),
    ).node as PlanNode;
    const combinerCalls = (node: PlanNode) => fetchesOf(node).filter((fetch) => fetch.serviceName === 'combiner');
    expect(combinerCalls(planned)).toHaveLength(2);

    const [merged, ...more] = combinerCalls(mergeSiblingFetches(planned));
    expect(more).toEqual([]);
    expect(merged?.operation).toMatch(/careDemand\(year: \$year\)[\s\S]*socialHousing\(year: \$year\)/);
    const required = JSON.stringify(merged?.requires);
    for (const partner of ['care_stadszorg', 'care_wijkteam', 'housing_domstad', 'housing_vechtzoom'])
      expect(required).toContain(`"${partner}"`);
    expect(mergedFrom(merged!)).toEqual(combinerCalls(planned));
    // Every other partner is asked as planned.
    expect(fetchesOf(mergeSiblingFetches(planned)).map((fetch) => fetch.serviceName)).toEqual(
      fetchesOf(planned)
        .map((fetch) => fetch.serviceName)
        .filter((name, index, names) => name !== 'combiner' || names.indexOf(name) === index),
    );
  });
});

// Two partners each know one figure of an area; `sums` adds them up, each sum @requires one figure.
const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])';
const composed = composeServices(
  Object.entries({
    areas: `${LINK} type Query { areas: [Area] } type Area @key(fields: "code") { code: ID! }`,
    homes: `${LINK} type Area @key(fields: "code") { code: ID! homes: Int }`,
    clients: `${LINK} type Area @key(fields: "code") { code: ID! clients: Int }`,
    sums: `${LINK} type Area @key(fields: "code") { code: ID! homes: Int @external clients: Int @external
      homeSum: Int @requires(fields: "homes") clientSum: Int @requires(fields: "clients") }`,
  }).map(([name, sdl]) => ({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(sdl) })),
);
const tiny = Supergraph.build(composed.supergraphSdl ?? '');

/** The planner's two fetches of `sums`, side by side as the real supergraph's profile plan has the combiner's. */
function sumsSideBySide(): PlanNode {
  const planned = new QueryPlanner(tiny).buildQueryPlan(
    operationFromDocument(tiny.apiSchema(), parse('{ areas { code homeSum clientSum } }')),
  ).node as PlanNode;
  const flattens: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    if (node.kind === 'Flatten' && node.node.kind === 'Fetch' && node.node.serviceName === 'sums') flattens.push(node);
    else if (node.kind === 'Sequence' || node.kind === 'Parallel') node.nodes.forEach(walk);
  };
  walk(planned);
  return { kind: 'Parallel', nodes: flattens };
}

describe('a merged fetch', () => {
  const plan = () => mergeSiblingFetches(sumsSideBySide());
  const sumsFetch = (node: PlanNode) => fetchesOf(node).find((fetch) => fetch.serviceName === 'sums')!;

  /** Runs the fetch of `sums` alone over entities as earlier fetches left them; returns what `sums` was asked. */
  async function runSums(entities: Record<string, unknown>[], refuses = (_area: Record<string, unknown>) => false) {
    const asked: Record<string, unknown>[][] = [];
    const sums = {
      process: async ({ request }: { request: { variables: { representations: Record<string, unknown>[] } } }) => {
        const { representations } = request.variables;
        asked.push(representations);
        return {
          data: {
            _entities: representations.map((area) =>
              refuses(area)
                ? null
                : {
                    ...('homes' in area ? { homeSum: Number(area.homes) * 10 } : {}),
                    ...('clients' in area ? { clientSum: Number(area.clients) * 100 } : {}),
                  },
            ),
          },
        };
      },
    } as unknown as GraphQLDataSource;
    const fetch = sumsFetch(plan());
    const run: PlanRun = {
      services: new Map([['sums', sums]]),
      request: { context: {} } as unknown as GatewayGraphQLRequestContext,
      variables: {},
      conditions: {},
      isOfType: (typename, condition) => typename === condition,
      errors: [],
      order: fetchOrder(fetch),
      narrowed: null,
    };
    await runNode(run, fetch, { path: ['areas'], data: entities, root: { areas: entities } });
    return { asked, errors: run.errors.flat() };
  }

  test('when every entity has every input, then the partner is asked once with both inputs and both sums arrive', async () => {
    expect(mergedFrom(sumsFetch(plan()))).toHaveLength(2);
    const areas = [
      { __typename: 'Area', code: 'A', homes: 1, clients: 2 },
      { __typename: 'Area', code: 'B', homes: 3, clients: null },
    ];
    const { asked, errors } = await runSums(areas);
    expect(asked).toEqual([
      [
        { __typename: 'Area', code: 'A', homes: 1, clients: 2 },
        { __typename: 'Area', code: 'B', homes: 3, clients: null },
      ],
    ]);
    expect(errors).toEqual([]);
    expect(areas).toEqual([
      { __typename: 'Area', code: 'A', homes: 1, clients: 2, homeSum: 10, clientSum: 200 },
      { __typename: 'Area', code: 'B', homes: 3, clients: null, homeSum: 30, clientSum: 0 },
    ]);
  });

  test('when an entity lacks the input of one sum only, then the fetches run apart and it still gets the other sum', async () => {
    const areas: Record<string, unknown>[] = [
      { __typename: 'Area', code: 'A', homes: 1, clients: 2 },
      { __typename: 'Area', code: 'B', homes: 3 },
    ];
    const { asked } = await runSums(areas);
    expect(asked).toHaveLength(2);
    expect(areas[1]).toEqual({ __typename: 'Area', code: 'B', homes: 3, homeSum: 30 });
    expect(areas[0]).toMatchObject({ homeSum: 10, clientSum: 200 });
  });

  test('when the partner answers an entity of the merged call with null, then the fetches run apart and each keeps what it was given', async () => {
    const areas: Record<string, unknown>[] = [{ __typename: 'Area', code: 'A', homes: 1, clients: 2 }];
    // As a partner that will not resolve an entity from inputs it finds incomplete: here, both at once.
    const { asked } = await runSums(areas, (area) => 'homes' in area && 'clients' in area);
    expect(asked).toHaveLength(3);
    expect(areas[0]).toMatchObject({ homeSum: 10, clientSum: 200 });
  });
});
