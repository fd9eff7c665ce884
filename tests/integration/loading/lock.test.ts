import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '@buurtgraaf/subgraph-kit/database';
import { LOCK_FILE } from '@buurtgraaf/subgraph-kit/data-dir-lock';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import { envPrefix } from '@buurtgraaf/protocol';
import { CARE, careOf } from '../../helpers/partners';
import { csvFolder } from './csv-files';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE = join(ROOT, 'subgraphs', 'care', 'examples', 'clients.csv');
const files = csvFolder();
const dataDir = join(files.dir, 'care-data');
const env = { ...process.env, [`${envPrefix(CARE)}_DATABASE_URL`]: '', [`${envPrefix(CARE)}_DATA_DIR`]: dataDir };
const load = (...extra: string[]) =>
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'load-csv.ts'), CARE, 'clients', EXAMPLE, ...extra],
    { cwd: ROOT, env, encoding: 'utf8' },
  );

afterAll(() => files.remove());

describe('an embedded database that a running subgraph has open', () => {
  let running: Database;
  beforeAll(async () => {
    running = await openDatabase({ dataDir });
    await migrateSubgraph(running, careOf().migrationsDir);
  });

  test('when a load (even a dry run) is started on it, then it is refused with one line naming the process, and the open database keeps working', async () => {
    const before = await running.query('select count(*) as clients from care_client');
    const run = load('--dry-run');
    expect(run.status).toBe(4);
    expect(run.stderr).toContain(
      `DATABASE_IN_USE: the embedded database in ${dataDir} is open in process ${process.pid}`,
    );
    expect(run.stderr).toContain('Stop that process first');
    expect(run.stdout).not.toContain('Read ');
    expect(await running.query('select count(*) as clients from care_client')).toEqual(before);
  });

  test('when it is closed, then the lock goes with it and a load succeeds', async () => {
    await running.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const run = load();
    expect(run.stdout).toContain('Loaded into care_client');
    expect(run.status).toBe(0);
  });

  test('when the process that held it died without closing, then the next opener takes the lock over', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: Number(gone.stdout), command: 'main.js', since: '2024-01-01T00:00:00Z', token: 'old' }),
    );
    const db = await openDatabase({ dataDir });
    expect(await db.query('select count(*)::int as clients from care_client')).toEqual([{ clients: 6 }]);
    await db.close();
  });
});
