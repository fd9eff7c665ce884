import type { BenchmarkOptions } from './benchmark';
import { CONTENDERS } from './contenders';

/**
 * Smoke mode: every contender and both workloads on the Utrecht demo (PGlite), half a second of
 * load each, one process per contender, for the test suite and `npm run bench -- --smoke`. Only
 * the cached mode: its stand-ins pass every first request on to the PGlite partners, so the
 * database path runs too, and a second round of start-ups would double the time.
 */
export const smokeOptions = (log: (line: string) => void): BenchmarkOptions => ({
  data: 'demo',
  modes: ['cached'],
  rounds: 1,
  durationS: 0.5,
  warmupS: 0,
  connections: 4,
  bulkRuns: 1,
  contenders: CONTENDERS.map((contender) => contender.name),
  workloads: ['profile', 'bulk', 'insights'],
  shareProcess: true,
  log,
});
