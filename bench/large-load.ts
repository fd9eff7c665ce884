import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readUtrechtKwb } from '@buurtgraaf/demo-data';
import { envPrefix } from '@buurtgraaf/protocol';
import { partnersOfKind } from '../schema/subgraphs';

/**
 * `npx tsx bench/large-load.ts [--rows 1000000]`: the care load command on a generated file of
 * client records into a fresh PostgreSQL database, timed and with its peak memory (GNU time).
 * The file holds real Utrecht neighbourhood codes, so every row is valid.
 */
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'database-url': { type: 'string' },
    replace: { type: 'boolean', default: false },
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

async function main() {
  const file = await clientsFile(ROWS);
  const name = `bench_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const care = partnersOfKind('care')[0]?.name ?? 'care';
  try {
    const run = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        'TIME %e s wall, %U s user + %S s system CPU, peak RSS %M KB',
        process.execPath,
        '--import',
        'tsx',
        join(ROOT, 'scripts', 'load-csv.ts'),
        care,
        'clients',
        file,
        ...(values.replace ? ['--replace', '--confirm-removal'] : []),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, [`${envPrefix(care)}_DATABASE_URL`]: url.toString() },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    process.stdout.write(run.stdout);
    process.stdout.write(
      run.stderr
        .split('\n')
        .filter((line) => !line.startsWith('  staged'))
        .join('\n'),
    );
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

void main();
