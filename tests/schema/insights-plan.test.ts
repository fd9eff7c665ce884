import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { SUPERGRAPH_FILE } from '../../schema/compose';
import { SUBGRAPHS } from '../../schema/subgraphs';
import { CARE } from '../helpers/partners';

// The gateway's own planner on the committed supergraph: what it would send, without running it.
const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8'));
const planner = new QueryPlanner(supergraph);

interface Fetch {
  service: string;
  /** Where the fetch's results land; `@` means one call for the whole list. */
  path: string;
  operation: string;
  /** The planner's own JSON form of the entity selection the subgraph receives. */
  requires: string;
}

function fetchesOf(plan: QueryPlan): Fetch[] {
  const fetches: Fetch[] = [];
  const walk = (node: PlanNode | undefined, path: string) => {
    if (!node) return;
    if (node.kind === 'Fetch') {
      const fetch = node as FetchNode;
      fetches.push({
        service: fetch.serviceName,
        path,
        operation: fetch.operation,
        requires: JSON.stringify(fetch.requires ?? []),
      });
    } else if (node.kind === 'Flatten') walk(node.node, node.path.join('.'));
    else if (node.kind === 'Sequence' || node.kind === 'Parallel') node.nodes.forEach((child) => walk(child, path));
  };
  walk(plan.node as PlanNode | undefined, '');
  return fetches;
}

const plan = (query: string) =>
  fetchesOf(planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query))));

describe("the gateway's plan for insights", () => {
  const fetches = plan(`{ neighbourhoods(municipality: "GM0344", first: 1000) { nodes {
    code careDemandHistory(targetGroup: YOUTH) { year } facilities(kind: LIBRARY) { id }
    insights { lackingFacilityKinds } } } }`);

  test('when the insights of a whole municipality are asked, then every partner call is one batch for the whole list', () => {
    const levels = ['neighbourhoods.nodes.@', 'neighbourhoods.nodes.@.district', 'neighbourhoods.nodes.@.municipality'];
    const owners = SUBGRAPHS.filter((partner) => partner.kind === 'housing' || partner.kind === 'care').map(
      (partner) => partner.name,
    );
    const calls = fetches.map((fetch) => `${fetch.service} ${fetch.path}`);
    // Each corporation and care provider once per level, for the whole list at once.
    expect(calls.filter((call) => owners.includes(call.split(' ')[0]!)).sort()).toEqual(
      owners.flatMap((owner) => levels.map((level) => `${owner} ${level}`)).sort(),
    );
    // The combiner adds their figures up per level (one call for housing, one for care), then insights once.
    expect(calls.filter((call) => call.startsWith('combiner ')).sort()).toEqual(
      levels.flatMap((level) => [`combiner ${level}`, `combiner ${level}`]).sort(),
    );
    expect(
      calls.filter((call) => !owners.includes(call.split(' ')[0]!) && !call.startsWith('combiner ')).sort(),
    ).toEqual(['insights neighbourhoods.nodes.@', 'municipality ']);
  });

  test("when the client asks the required fields' neighbours with its own arguments, then the owners are still asked for the argument-free series insights needs", () => {
    const combined = fetches
      .filter((fetch) => fetch.service === 'combiner' && fetch.path === 'neighbourhoods.nodes.@')
      .map((fetch) => fetch.operation)
      .join('\n');
    expect(combined).toContain('careDemandHistory(targetGroup:YOUTH)');
    // The combined series insights reads, in its compact form (argument-free, so no client's year).
    expect(combined).toMatch(/careDemandFigures/);
    // Each provider is asked for its whole disclosed series, never with the client's arguments.
    const provider = fetches.find((fetch) => fetch.service === CARE && fetch.path === 'neighbourhoods.nodes.@')!;
    expect(provider.operation).not.toContain('YOUTH');
    const root = fetches.find((fetch) => fetch.service === 'municipality')!;
    expect(root.operation).toContain('facilities(kind:LIBRARY)');
    expect(root.operation).toContain('facilityCounts{kind count source}');
    const insights = fetches.find((fetch) => fetch.service === 'insights')!;
    // What insights receives is exactly what its @requires names, whatever the client asked.
    expect(insights.requires).not.toMatch(/careDemandHistory|"facilities"/);
    expect(insights.requires).toContain('"careDemandFigures"');
    expect(insights.requires).toContain('"facilityCounts"');
  });
});
