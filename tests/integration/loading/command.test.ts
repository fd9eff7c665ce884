import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase, type Queryable } from '@buurtgraaf/subgraph-kit/database';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import { createMigratedDatabase, PRIMARY_ENGINE as ENGINE, type TestDatabase } from '../../helpers/database';
import { CARE, careOf } from '../../helpers/partners';
import { csvFolder, snapshot } from './csv-files';
import { envPrefix } from '@buurtgraaf/protocol';
import { readUtrechtKwb } from '@buurtgraaf/demo-data';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'load-csv.ts');
const EXAMPLE = join(ROOT, 'subgraphs', 'care', 'examples', 'clients.csv');
// PostgreSQL when this run has one (the kill test is about a server rolling back a dropped
// connection); otherwise the embedded database in a data directory, as a partner's laptop runs it.
// Two care providers run the same code: a load names the one whose database it writes to.
const care = careOf();
/** Codes a load accepts: the neighbourhoods on the CBS list the project ships. */
const UTRECHT = readUtrechtKwb(2024)
  .filter((area) => area.level === 'neighbourhood')
  .map((area) => area.code);
const P = envPrefix(CARE);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx scripts/load-csv.ts ...`, as `npm run load` starts it; `watch` sees standard error as it comes. */
function runLoad(
  args: string[],
  env: NodeJS.ProcessEnv,
  watch?: (stderr: string, child: ChildProcess) => void,
): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    watch?.(stderr, child);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The care database the command writes to, and a way for the test to look into it between runs. */
async function careTarget(files: ReturnType<typeof csvFolder>) {
  if (ENGINE === 'postgres') {
    const db: TestDatabase = await createMigratedDatabase('postgres', care.migrationsDir);
    return {
      env: { [`${P}_DATABASE_URL`]: db.url },
      read: <T>(work: (db: Queryable) => Promise<T>) => work(db),
      drop: () => db.drop(),
    };
  }
  const dataDir = join(files.dir, 'care-data');
  const read = async <T>(work: (db: Queryable) => Promise<T>) => {
    // An embedded database has one process at a time: the test opens it only while no load runs.
    const db = await openDatabase({ dataDir });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  await read((db) => migrateSubgraph(db as Parameters<typeof migrateSubgraph>[0], care.migrationsDir));
  return { env: { [`${P}_DATABASE_URL`]: '', [`${P}_DATA_DIR`]: dataDir }, read, drop: async () => undefined };
}

const files = csvFolder();
let target: Awaited<ReturnType<typeof careTarget>>;
beforeAll(async () => {
  target = await careTarget(files);
});
afterAll(async () => {
  await target.drop();
  files.remove();
});
const tables = () =>
  target.read(async (db) => [
    await snapshot(db, 'care_client', 'id'),
    await snapshot(db, 'care_demand', 'area_code, year, target_group'),
  ]);

describe(`npm run load on ${ENGINE}`, () => {
  test('when a valid file is loaded, then it exits 0 and prints what it did', async () => {
    const run = await runLoad([CARE, 'clients', EXAMPLE], target.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Read 6 rows (delimiter ",").\nLoaded into care_client in one transaction: 6 inserted, 0 updated, 0 unchanged, 0 removed.\n',
    );
  });

  test('when a file has bad rows, then it exits 1, lists every bad line and loads nothing', async () => {
    const before = await tables();
    const bad = files.write([
      'id,neighbourhood_code,target_group,waiting_since,care_start,care_end',
      'X-1,BU03440111,ELDERLY,2023-01-01,,',
      'X-2,BU0344,ELDERLY,2023-01-01,,',
      'X-3,BU03440111,OLD,2023-01-01,,',
    ]);
    const run = await runLoad([CARE, 'clients', bad], target.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Rejected: 2 problems. Nothing was loaded; correct the file and load all of it again.\n  line 3: neighbourhood_code: "BU0344" is not a CBS neighbourhood',
    );
    expect(run.stdout).toContain(
      '\n  line 4: target_group: must be one of ELDERLY, DISABILITY, MENTAL_HEALTH, YOUTH, got "OLD"\n',
    );
    expect(await tables()).toEqual(before);
  });

  test('when --replace would remove most of what is stored, then it exits 5, says how many would go and loads nothing', async () => {
    const before = await tables();
    const one = files.write([
      'id,neighbourhood_code,target_group,waiting_since,care_start,care_end',
      'C-0001,BU03440111,ELDERLY,2022-11-03,2023-01-16,',
    ]);
    const run = await runLoad([CARE, 'clients', one, '--replace'], target.env);
    expect(run.code).toBe(5);
    expect(run.stdout).toContain(
      'Refused: this file would remove 5 of the 6 rows of care_client in municipality GM0344 (83.3%), more than the 10% allowed. Nothing was written.',
    );
    expect(await tables()).toEqual(before);
  });

  test('when the table is unknown, then it exits 2 and lists the tables a partner can load', async () => {
    const run = await runLoad([CARE, 'patients', EXAMPLE], target.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`The ${CARE} subgraph has no table "patients"; it loads clients.`);
    expect(run.stderr).toContain('care clients: pseudonymised client records');
  });

  test('when the load is killed while it writes, then the tables are exactly as before', async () => {
    const before = await tables();
    const big = files.write([
      'id,neighbourhood_code,target_group,waiting_since,care_start,care_end',
      ...Array.from(
        { length: 40_000 },
        (_, index) => `K-${index},${UTRECHT[index % UTRECHT.length]},YOUTH,2023-0${1 + (index % 9)}-15,,`,
      ),
    ]);
    const run = await runLoad([CARE, 'clients', big], target.env, (stderr, child) => {
      // The first chunk is in the open transaction; many more, the upsert and the recount follow.
      if (/staged \d+ rows/.test(stderr)) child.kill('SIGKILL');
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).not.toContain('Loaded into');
    expect(await tables()).toEqual(before);
  });
});
