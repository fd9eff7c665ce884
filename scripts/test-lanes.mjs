#!/usr/bin/env node
// `npm test`: the typecheck and the lint, then each Jest lane (jest.config.js) in its own run, so a lane's wall
// time is its own and one lane failing does not hide the others' results. Exits non-zero when any
// step failed. `node scripts/test-lanes.mjs unit e2e` runs only those lanes (after the typecheck and the lint).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LANES = ['unit', 'integration', 'e2e'];
const asked = process.argv.slice(2);
const unknown = asked.filter((lane) => !LANES.includes(lane));
if (unknown.length > 0) {
  process.stderr.write(`Unknown lane(s) ${unknown.join(', ')}; the lanes are ${LANES.join(', ')}.\n`);
  process.exit(2);
}

// Jest and its workers get 4 GB of heap: two workers ran out of memory in a full run.
// --conditions: Jest's globalSetup is required by Node itself, without moduleNameMapper, so the
// packages resolve to their TypeScript sources through their `buurtgraaf:source` export instead.
const NODE = [
  '--max-old-space-size=4096',
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  '--conditions=buurtgraaf:source',
];
const steps = [
  { name: 'typecheck', args: [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root] },
  // Formatting and the lint rules of biome.jsonc; `npm run format` fixes what it reports as formatting.
  { name: 'lint', args: [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', root] },
  ...(asked.length > 0 ? asked : LANES).map((lane) => ({
    name: lane,
    args: [...NODE, join(root, 'node_modules/jest/bin/jest.js')],
    env: { TEST_LANE: lane },
  })),
];

// The lanes with databases copy them from the same seeded PGlite dumps (tests/helpers/snapshots.ts):
// the first lane's globalSetup makes them here, the next reuses them.
const snapshots = mkdtempSync(join(tmpdir(), 'buurtgraaf-snapshots-'));
const results = [];
for (const step of steps) {
  process.stdout.write(`\n== ${step.name}\n`);
  const started = process.hrtime.bigint();
  const env = { ...process.env, BUURTGRAAF_TEST_PGLITE_SNAPSHOTS: snapshots, ...step.env };
  const { status, signal } = spawnSync(process.execPath, step.args, { cwd: root, stdio: 'inherit', env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.push({ name: step.name, ok: status === 0, how: signal ?? `exit ${status}`, seconds });
}

rmSync(snapshots, { recursive: true, force: true });

process.stdout.write('\nWall time per lane:\n');
for (const { name, ok, how, seconds } of results) {
  process.stdout.write(
    `  ${name.padEnd(12)} ${seconds.toFixed(1).padStart(7)} s  ${ok ? 'passed' : `FAILED (${how})`}\n`,
  );
}
const total = results.reduce((sum, { seconds }) => sum + seconds, 0);
process.stdout.write(`  ${'total'.padEnd(12)} ${total.toFixed(1).padStart(7)} s\n`);
process.exit(results.every(({ ok }) => ok) ? 0 : 1);
