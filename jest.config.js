// swc strips types only; `npm test` runs `tsc --noEmit` first so type errors still fail the run.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  // The workspace packages' TypeScript sources, as tsconfig.json's `paths` give them to tsc and tsx:
  // tests never need a build first.
  moduleNameMapper: {
    '^@buurtgraaf/(platform|protocol|demo-data)$': '<rootDir>/packages/$1/src/index.ts',
    '^@buurtgraaf/subgraph-kit/secure-sum$': '<rootDir>/packages/subgraph-kit/src/secure-sum/index.ts',
    '^@buurtgraaf/subgraph-kit/package.json$': '<rootDir>/packages/subgraph-kit/package.json',
    '^@buurtgraaf/subgraph-kit/(.*)$': '<rootDir>/packages/subgraph-kit/src/$1',
  },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  // Two workers on a 2-core machine: a suite spends much of its time waiting on PostgreSQL, PGlite
  // start-up or child processes, and Jest's default (cores - 1) left half the machine idle in CI.
  maxWorkers: 2,
  // Each end-to-end file starts seven partners (PGlite databases, servers); a worker that ran many
  // of them crashed out of memory in a full run. A worker above this after a file is replaced.
  workerIdleMemoryLimit: '1.5GB',
  // Generous, because two suites share the cores; a hang still fails within two minutes.
  testTimeout: 120_000,
};
