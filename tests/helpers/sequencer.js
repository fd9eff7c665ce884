const Sequencer = require('@jest/test-sequencer').default;

// Files that take minutes (measured on the 2-core CI machine), slowest first. Jest orders by the
// durations in its cache, and by file size without one, as on a clean clone: then these short
// files would start last and run alone while the other worker sits idle.
const SLOWEST = [
  'tests/e2e/local-federation.test.ts',
  'tests/e2e/gateway/tracing.test.ts',
  'tests/e2e/partners/secure-sum.test.ts',
  'tests/e2e/bi/whole-country.test.ts',
  'tests/e2e/web/buurtprofiel.test.ts',
  'tests/e2e/bi/compression.test.ts',
  'tests/e2e/partners/joining.test.ts',
  'tests/e2e/gateway/resilience.test.ts',
  'tests/integration/seed-national.test.ts',
  'tests/integration/kit/seed.test.ts',
  'tests/integration/kit/health.test.ts',
  'tests/integration/loading/lock.test.ts',
  'tests/unit/differential/quick-lane.test.ts',
  'tests/schema/scaffolded-subgraph.test.ts',
  'tests/integration/kit/migrations.test.ts',
  'tests/integration/care/disclosure.test.ts',
];
const rank = ({ path }) => {
  const index = SLOWEST.findIndex((file) => path.endsWith(file));
  return index === -1 ? SLOWEST.length : index;
};

module.exports = class SlowestFirst extends Sequencer {
  sort(tests) {
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
};
