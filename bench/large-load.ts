import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readUtrechtKwb } from '@buurtgraaf/demo-data';
import { envPrefix } from '@buurtgraaf/protocol';
import { partnersOfKind } from '../schema/subgraphs';

/**
 * `npx tsx bench/large-load.ts [--rows 1000000] [--against <checkout>] [--runs 2]`: the care load
 * command on a generated file of client records into a fresh PostgreSQL database, timed and with
 * its peak memory (GNU time). The file holds real Utrecht neighbourhood codes, so every row is
 * valid. `--against` runs another checkout's loader too (a git worktree of an older commit, with
 * its own node_modules), alternating with this one, so both meet the same machine load; the
 * loader's processor time (user + system) is the steadier figure on a busy machine.
 */
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'database-url': { type: 'string' },
    replace: { type: 'boolean', default: false },
    against: { type: 'string' },
    runs: { type: 'string', default: '1' },
  },
});
const ROWS = Number(values.rows);
const ADMIN_URL = values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const ROOT = join(__dirname, '..');
const GROUPS = ['ELDERLY', 'DISABILITY', 'MENTAL_HEALTH', 'YOUTH'];

/** Written once per size and kept in the temporary folder: generating is not what is measured. */
async function clientsFile(rows: number): Promise<string> {
  const path = join(tmpdir(), `buurtgraaf-clients-${rows}.csv`);
  if (existsSync(path)) return path;
  const codes = readUtrechtKwb(2024)
    .filter((area) => area.level === 'neighbourhood')
    .map((area) => area.code);
  const out = createWriteStream(path);
  out.write('id,neighbourhood_code,target_group,waiting_since,care_start,care_end\n');
  for (let index = 0; index < rows; index += 1) {
    const year = 2015 + (index % 9);
    const month = String(1 + (index % 12)).padStart(2, '0');
    const start = index % 3 === 0 ? '' : `${year}-${month}-20`;
    const end = start && index % 5 === 0 ? `${year + 1}-${month}-01` : '';
    const line = `C-${index},${codes[index % codes.length]},${GROUPS[index % 4]},${year}-${month}-01,${start},${end}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

interface Run {
  checkout: string;
  wall: number;
  cpu: number;
  rssMb: number;
}

/** One load of `file` by the loader in `checkout`, into a database of its own. */
async function loadOnce(admin: pg.Client, checkout: string, file: string): Promise<Run> {
  const name = `bench_load_${process.pid}`;
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const care = partnersOfKind('care')[0]?.name ?? 'care';
  try {
    const run = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'TIME %e %U %S %M',
        process.execPath,
        '--import',
        'tsx',
        join(checkout, 'scripts', 'load-csv.ts'),
        care,
        'clients',
        file,
        ...(values.replace ? ['--replace', '--confirm-removal'] : []),
      ],
      {
        cwd: checkout,
        env: { ...process.env, [`${envPrefix(care)}_DATABASE_URL`]: url.toString() },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    process.stdout.write(run.stdout);
    const time = /^TIME (\S+) (\S+) (\S+) (\d+)$/m.exec(run.stderr);
    if (run.status !== 0 || !time) throw new Error(`the load in ${checkout} failed:\n${run.stderr.slice(-2000)}`);
    const [, wall, user, system, rss] = time.map(Number) as number[];
    return {
      checkout,
      wall: wall as number,
      cpu: (user as number) + (system as number),
      rssMb: (rss as number) / 1024,
    };
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
  }
}

const show = ({ checkout, wall, cpu, rssMb }: Run) =>
  `${checkout === ROOT ? 'this checkout' : checkout}: ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU, peak RSS ${Math.round(rssMb)} MB`;

async function main() {
  const file = await clientsFile(ROWS);
  const checkouts = values.against ? [ROOT, resolve(values.against)] : [ROOT];
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const runs: Run[] = [];
  try {
    // Alternating (this, other, other, this, ...) so that neither always meets the machine first.
    for (let round = 0; round < Number(values.runs); round += 1) {
      for (const checkout of round % 2 === 0 ? checkouts : [...checkouts].reverse()) {
        const run = await loadOnce(admin, checkout, file);
        process.stdout.write(`${show(run)}\n`);
        runs.push(run);
      }
    }
  } finally {
    await admin.end();
  }
  process.stdout.write(
    `\n${ROWS} rows, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} at the end:\n`,
  );
  for (const checkout of checkouts) {
    const own = runs.filter((run) => run.checkout === checkout);
    const median = (pick: (run: Run) => number) => {
      const sorted = own.map(pick).sort((a, b) => a - b);
      return sorted[Math.floor((sorted.length - 1) / 2)] as number;
    };
    process.stdout.write(
      `  median of ${show({ checkout, wall: median((r) => r.wall), cpu: median((r) => r.cpu), rssMb: median((r) => r.rssMb) })}\n`,
    );
  }
}

void main();
