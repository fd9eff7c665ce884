import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '@buurtgraaf/subgraph-kit/database';
import { envPrefix } from '@buurtgraaf/protocol';
import { HOUSING } from '../helpers/partners';
import { csvFolder } from './loading/csv-files';

const ROOT = join(__dirname, '..', '..');
const folder = csvFolder();
const dataDir = join(folder.dir, HOUSING);
const env = { ...process.env, [`${envPrefix(HOUSING)}_DATABASE_URL`]: '', [`${envPrefix(HOUSING)}_DATA_DIR`]: dataDir };
const seed = (...names: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'seed-national.ts'), ...names], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });

afterAll(() => folder.remove());

describe('npm run seed:national', () => {
  test('when it is asked to seed a partner that keeps no data, then it says so and exits 0', () => {
    const run = seed('insights');
    expect(run.stdout).toBe('insights: keeps no data of its own; nothing to seed\n');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('when a name is not a partner, then it says which are, in one line without a stack trace, and exits 1', () => {
    const run = seed('housing-nobody');
    expect(run.stderr).toMatch(
      /^Invalid configuration:\n {2}- unknown partner housing-nobody: schema\/partners.json lists municipality, .*\n$/,
    );
    expect(run.status).toBe(1);
  });

  test('when a partner runs on the embedded database, then seeding it exits 0 with its data loaded', async () => {
    const run = seed(HOUSING);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`${HOUSING}: loaded into ${dataDir}`);
    expect(run.status).toBe(0);
    const db = await openDatabase({ dataDir });
    try {
      const [row] = await db.query<{ neighbourhoods: number }>(
        'select count(distinct neighbourhood_code)::int as neighbourhoods from social_housing',
      );
      expect(row?.neighbourhoods).toBeGreaterThan(1_000);
    } finally {
      await db.close();
    }
  });

  test('when a subgraph has its embedded database open, then seeding is refused in one line and the database keeps working', async () => {
    const running = await openDatabase({ dataDir });
    try {
      const run = seed(HOUSING);
      expect(run.stderr).toMatch(/^DATABASE_IN_USE: the embedded database in .* is open in process \d+ .*\n$/);
      expect(run.status).toBe(1);
      expect(await running.query('select count(*)::int as rows from social_housing')).not.toEqual([{ rows: 0 }]);
    } finally {
      await running.close();
    }
  });
});
