import { runDifferential } from './compare';
import { startExecutors, type Executors } from './executors';
import { queryGenerator } from './generator';
import { minimise } from './minimise';

// The quick lane of the differential test: a fixed seed, so a failure here replays exactly.
// The long lane (npm run test:differential) runs thousands with a new seed each time.
const SEED = 'buurtgraaf-quick-lane-1';
const QUERIES = 250;

describe('the plan engine against @apollo/gateway on random queries', () => {
  let executors: Executors;
  beforeAll(async () => {
    executors = await startExecutors();
  });
  afterAll(() => executors?.stop());

  test(`when ${QUERIES} random queries run with partners up, down, refusing and erroring, then both executors answer the same`, async () => {
    const tally = await runDifferential(executors, queryGenerator(executors.apiSchema, SEED, { maxDepth: 3 }), QUERIES);
    const [first] = tally.differences;
    if (first) {
      const small = await minimise(executors, first);
      throw new Error(
        `${tally.differences.length} differences; the first (${first.reason}, ${first.scenario.name}), minimised:\n${small.query}\nvariables: ${JSON.stringify(small.variables)}`,
      );
    }
    // The lane only proves something if the queries reach the partners and the faults show.
    expect(tally.answered).toBeGreaterThan(QUERIES * 0.7);
    expect(tally.withPartnerErrors).toBeGreaterThan(QUERIES * 0.1);
    expect(tally.refused).toBeGreaterThan(0);
  });

  test('when the generator runs, then its queries hold what the differential test is about', () => {
    const generate = queryGenerator(executors.apiSchema, SEED, { maxDepth: 3 });
    const text = Array.from({ length: 100 }, () => JSON.stringify(generate())).join('\n');
    for (const feature of [
      'constructor:',
      'toString:',
      '... on ',
      '...F',
      'fragment F',
      '__typename',
      '@skip(if: $',
      '@include(if: ',
      '= ',
      '"v0":null',
      'first:',
    ]) {
      expect(text).toContain(feature);
    }
  });
});
