import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { narrowedYears, takesYearsIn, yearNarrowing } from '../../../gateway/execution/narrow-years';
import { fetchOrder } from '../../../gateway/execution/run-plan';

// Planned on the committed supergraph by the planner the gateway uses, so the fetches are the
// ones partners really receive.
const root = join(__dirname, '..', '..', '..', 'schema');
const supergraph = Supergraph.build(readFileSync(join(root, 'supergraph.graphql'), 'utf8'));
const planner = new QueryPlanner(supergraph);
const document = (name: string) => readFileSync(join(root, 'documents', `${name}.graphql`), 'utf8');

function narrowingOf(query: string) {
  const plan = planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(query)));
  const fetches = [...fetchOrder(plan.node as PlanNode | undefined).keys()] as FetchNode[];
  return { fetches, narrowing: yearNarrowing(fetches, takesYearsIn(supergraph)) };
}

describe('asking partners only for the years an operation needs', () => {
  test('when the Indicators pull asks for one year, then every corporation and care provider is asked for that year only', () => {
    const { fetches, narrowing } = narrowingOf(document('indicators'));
    const contributions = fetches.filter((fetch) => /^(care|housing)-/.test(fetch.serviceName));
    expect(contributions.map((fetch) => fetch.serviceName).sort()).toEqual([
      'care-stadszorg',
      'care-wijkteam',
      'housing-domstad',
      'housing-vechtzoom',
    ]);
    for (const fetch of contributions)
      expect(narrowing?.operations.get(fetch)).toMatch(
        /\$buurtgraafYears: \[Int!\][\s\S]*(care|housing)_\w+\(years: \$buurtgraafYears\)/,
      );
    expect(narrowing && narrowedYears(narrowing, { year: 2023 })).toEqual([2023]);
  });

  test('when an operation also asks for a history, then the partners are asked for every year', () => {
    expect(narrowingOf(document('neighbourhood-profile')).narrowing).toBeNull();
  });

  test('when two years are asked for, then both are asked of the partners, once each', () => {
    const { narrowing } = narrowingOf(
      '{ neighbourhood(code: "BU03440111") { a: careDemand(year: 2023) { clients } b: careDemand(year: 2022) { clients } c: socialHousing(year: 2023) { dwellings } } }',
    );
    expect(narrowing && narrowedYears(narrowing, {})).toEqual([2022, 2023]);
  });

  test('when the year variable holds no integer, then nothing is narrowed and the partners check it as before', () => {
    const { narrowing } = narrowingOf(document('indicators'));
    expect(narrowing && narrowedYears(narrowing, { year: null })).toBeNull();
  });

  test('when a client names its own variable buurtgraafYears, then it is left as planned rather than shadowed', () => {
    const { narrowing } = narrowingOf(
      'query($buurtgraafYears: Int!) { neighbourhood(code: "BU03440111") { careDemand(year: $buurtgraafYears) { clients } } }',
    );
    expect(narrowing).toBeNull();
  });
});
