import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBenchmark } from './benchmark';
import { CONTENDERS } from './contenders';
import { describeMachine, renderMarkdown } from './report';
import { smokeOptions } from './smoke';
import type { Workload } from './round';
import type { SubgraphMode } from './setup/federation';

/**
 * `npm run bench`: the full benchmark on the national set (PostgreSQL, then cached partners),
 * written to bench/results/<date>-<machine>.{md,json}. Flags shorten it for tuning runs.
 */
const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: 'database,cached' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    'bulk-runs': { type: 'string', default: '5' },
    contenders: { type: 'string', default: CONTENDERS.map((c) => c.name).join(',') },
    workloads: { type: 'string', default: 'profile,bulk,insights' },
    'database-url': {
      type: 'string',
      default: process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    },
    out: { type: 'string' },
    smoke: { type: 'boolean', default: false },
  },
});

async function main() {
  const machine = describeMachine();
  if (!values.smoke) {
    // What production runs (see setup/processes.ts): built once per run, so no stale dist/ is measured.
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(__dirname, '..'), stdio: 'inherit' });
    process.env.BENCH_RUNTIME = 'dist';
  }
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const result = await runBenchmark(
    values.smoke
      ? smokeOptions(log)
      : {
          data: 'national',
          modes: list(values.modes) as SubgraphMode[],
          rounds: Number(values.rounds),
          durationS: Number(values.duration),
          warmupS: Number(values.warmup),
          connections: Number(values.connections),
          bulkRuns: Number(values['bulk-runs']),
          contenders: list(values.contenders),
          workloads: list(values.workloads) as Workload[],
          shareProcess: false,
          adminUrl: values['database-url'] ?? '',
          log,
        },
  );
  if (values.smoke) return void process.stdout.write(`\n${renderMarkdown(result, machine, 'smoke')}\n`);
  const date = new Date().toISOString().slice(0, 16).replace(':', '');
  const markdown = renderMarkdown(result, machine, date);
  process.stdout.write(`\n${markdown}\n`);
  const dir = values.out ?? join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${date}-${machine.slug}`);
  writeFileSync(`${base}.md`, `${markdown}\n`);
  writeFileSync(`${base}.json`, `${JSON.stringify({ date, machine, ...result }, null, 2)}\n`);
  process.stdout.write(`\nwritten: ${base}.md and .json\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
