// swc strips types only; `npm test` runs `tsc --noEmit` first so type errors still fail the run.
const project = (displayName, folders, extra = {}) => ({
  displayName,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: folders.map((folder) => `<rootDir>/tests/${folder}/**/*.test.ts`),
  // The workspace packages' TypeScript sources, as tsconfig.json's `paths` give them to tsc and tsx:
  // tests never need a build first.
  moduleNameMapper: {
    '^@buurtgraaf/(platform|protocol|demo-data)$': '<rootDir>/packages/$1/src/index.ts',
    '^@buurtgraaf/subgraph-kit/secure-sum$': '<rootDir>/packages/subgraph-kit/src/secure-sum/index.ts',
    '^@buurtgraaf/subgraph-kit/package.json$': '<rootDir>/packages/subgraph-kit/package.json',
    '^@buurtgraaf/subgraph-kit/(.*)$': '<rootDir>/packages/subgraph-kit/src/$1',
  },
  ...extra,
});
const DIFFERENTIAL = 'unit/differential';

/**
 * Three lanes (npm run test:unit | test:integration | test:e2e; scripts/test-lanes.mjs runs them
 * in turn for `npm test`), chosen by what a file needs, not by how long it takes. TEST_LANE picks
 * one rather than --selectProjects, which would take file paths after it for project names
 * (`npm run test:unit -- tests/unit/areas.test.ts`).
 * - unit: no database, no server, no child process, and seconds in all (tests/unit);
 * - integration: one subgraph at a time over a real database, on each engine of ENGINES; with it
 *   the schema checks (tests/schema: composition, the CLI, a scaffolded subgraph on PGlite) and
 *   the differential quick lane (tests/unit/differential: 250 random queries through two
 *   gateways), which need no database of the run but take tens of seconds each;
 * - e2e: the whole federation (tests/e2e), and the deployment files and benchmark smoke run
 *   (tests/deploy, tests/bench), which start real tools and servers.
 */
const lanes = [
  project('unit', ['unit'], { testPathIgnorePatterns: ['/node_modules/', `/tests/${DIFFERENTIAL}/`] }),
  project('integration', ['integration', 'schema', DIFFERENTIAL], {
    globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
    globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  }),
  project('e2e', ['e2e', 'deploy', 'bench'], {
    globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
    globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  }),
];
const lane = process.env.TEST_LANE;
if (lane && !lanes.some(({ displayName }) => displayName === lane))
  throw new Error(`TEST_LANE=${lane}: the lanes are ${lanes.map(({ displayName }) => displayName).join(', ')}`);

/** @type {import('jest').Config} */
module.exports = {
  projects: lanes.filter(({ displayName }) => !lane || displayName === lane),
  testSequencer: '<rootDir>/tests/helpers/sequencer.js',
  // Two workers on a 2-core machine: a suite spends much of its time waiting on PostgreSQL, PGlite
  // start-up or child processes, and Jest's default (cores - 1) left half the machine idle in CI.
  maxWorkers: 2,
  // Each end-to-end file starts seven partners (PGlite databases, servers); a worker that ran many
  // of them crashed out of memory in a full run. A worker above this after a file is replaced.
  workerIdleMemoryLimit: '1.5GB',
  // Generous, because two suites share the cores; a hang still fails within two minutes.
  testTimeout: 120_000,
};
