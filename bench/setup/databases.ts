import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

export const PARTNERS = ['municipality', 'housing', 'care'] as const;
export type Partner = (typeof PARTNERS)[number];

const ROOT = join(__dirname, '..', '..');
/** The national set has about 14,500 neighbourhoods; fewer means a seed that did not finish. */
const NATIONAL_MINIMUM = 14_000;

const urlOf = (adminUrl: string, database: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  });
}

/** Counts the neighbourhoods each partner holds; a missing table counts as none. */
async function neighbourhoodsIn(url: string, partner: Partner): Promise<number> {
  const sql = {
    municipality: `select count(*)::int as n from area where level = 'neighbourhood'`,
    housing: 'select count(distinct neighbourhood_code)::int as n from social_housing',
    care: `select count(distinct area_code)::int as n from care_demand where area_code like 'BU%'`,
  }[partner];
  return withClient(url, async (client) => (await client.query<{ n: number }>(sql).catch(() => ({ rows: [{ n: 0 }] }))).rows[0]?.n ?? 0);
}

/**
 * One database per partner (<prefix>_municipality, ...) with the national set, seeded once with
 * the project's own seed code (scripts/seed-national.ts) and reused by later runs.
 */
export async function ensureNationalDatabases(adminUrl: string, prefix = 'bench', log = (line: string) => process.stdout.write(`${line}\n`)): Promise<Record<Partner, string>> {
  const urls = {} as Record<Partner, string>;
  const missing: Partner[] = [];
  for (const partner of PARTNERS) {
    const name = `${prefix}_${partner}`;
    await ensureDatabase(adminUrl, name);
    urls[partner] = urlOf(adminUrl, name);
    if ((await neighbourhoodsIn(urls[partner], partner)) < NATIONAL_MINIMUM) missing.push(partner);
  }
  if (missing.length > 0) {
    log(`seeding the national set into ${missing.join(', ')} (a few minutes, once)`);
    const env = { ...process.env, ...Object.fromEntries(PARTNERS.map((p) => [`${p.toUpperCase()}_DATABASE_URL`, urls[p]])) };
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'seed-national.ts'), ...missing], { env, stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed-national exited with ${code}`))));
    });
  }
  return urls;
}
