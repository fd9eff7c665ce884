#!/usr/bin/env node
// `npm test`: the typecheck and the lint beside the Jest lanes (jest.config.js), and the lanes in
// turn, each in its own run, so a lane's wall time is its own and one lane failing does not hide the
// others' results. Exits non-zero when any step failed. `node scripts/test-lanes.mjs unit e2e` runs
// only those lanes (with the typecheck and the lint); `--lanes-only` leaves out the typecheck and
// the lint, whose result does not depend on the Node.js version (CI's second pass, on the LTS).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LANES = ['unit', 'integration', 'e2e'];
const LANES_ONLY = '--lanes-only';
const lanesOnly = process.argv.includes(LANES_ONLY);
const asked = process.argv.slice(2).filter((arg) => arg !== LANES_ONLY);
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
// The checks use one core and need nothing from the lanes: they start with the first lane that has
// databases, whose set-up (seeding the snapshot databases) keeps only one core busy, so the unit
// lane's time stays its own. Their output is held back and printed when they end, so that it does
// not cut through Jest's.
const allChecks = [
  { name: 'typecheck', args: [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root] },
  // Formatting and the lint rules of biome.jsonc; `npm run format` fixes what it reports as formatting.
  { name: 'lint', args: [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', root] },
];
const checks = lanesOnly ? [] : allChecks;
const lanes = (asked.length > 0 ? asked : LANES).map((lane) => ({
  name: lane,
  args: [...NODE, join(root, 'node_modules/jest/bin/jest.js')],
  env: { TEST_LANE: lane },
}));

// The lanes with databases copy them from the same seeded PGlite folders (tests/helpers/snapshots.ts):
// the first lane's globalSetup makes them here, the next reuses them.
const scratch = mkdtempSync(join(tmpdir(), 'buurtgraaf-test-run-'));
const snapshots = join(scratch, 'snapshots');
const env = { ...process.env, BUURTGRAAF_TEST_PGLITE_SNAPSHOTS: snapshots };

/** Runs one step; a `held` step's output is printed when it ends. Resolves with its result and wall time. */
function run(step, held) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, step.args, {
      cwd: root,
      env: { ...env, ...step.env },
      stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('close', (status, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (held) process.stdout.write(`\n== ${step.name} (ran beside the lanes)\n${Buffer.concat(output).toString()}`);
      resolve({ name: step.name, ok: status === 0, how: signal ?? `exit ${status}`, seconds });
    });
  });
}

const started = process.hrtime.bigint();
const besideLane = lanes.find((lane) => lane.name !== 'unit') ?? lanes[0];
let checked = Promise.resolve([]);
const results = [];
for (const lane of lanes) {
  if (lane === besideLane) checked = Promise.all(checks.map((step) => run(step, true)));
  process.stdout.write(`\n== ${lane.name}\n`);
  results.push(await run(lane, false));
}
results.unshift(...(await checked));
const wall = Number(process.hrtime.bigint() - started) / 1e9;
rmSync(scratch, { recursive: true, force: true });

process.stdout.write('\nWall time per step (the typecheck and the lint run beside the lanes after the unit lane):\n');
for (const { name, ok, how, seconds } of results) {
  process.stdout.write(
    `  ${name.padEnd(12)} ${seconds.toFixed(1).padStart(7)} s  ${ok ? 'passed' : `FAILED (${how})`}\n`,
  );
}
process.stdout.write(`  ${'npm test'.padEnd(12)} ${wall.toFixed(1).padStart(7)} s\n`);
process.exit(results.every(({ ok }) => ok) ? 0 : 1);
