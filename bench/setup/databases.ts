import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { SUBGRAPHS, type PartnerEntry } from '../../schema/subgraphs';
import { envPrefix } from '@buurtgraaf/protocol';

/** How many neighbourhoods a partner of each kind that keeps data holds; a missing table counts as none. */
const NEIGHBOURHOODS_SQL: Record<string, string> = {
  municipality: `select count(*)::int as n, count(distinct substr(code, 3, 4))::int as municipalities from area where level = 'neighbourhood'`,
  housing:
    'select count(distinct neighbourhood_code)::int as n, count(distinct substr(neighbourhood_code, 3, 4))::int as municipalities from social_housing',
  care: `select count(distinct area_code)::int as n, count(distinct substr(area_code, 3, 4))::int as municipalities from care_demand where area_code like 'BU%'`,
};

/** The partners of schema/partners.json that keep data of their own (insights and the combiner derive theirs). */
export const PARTNERS: readonly PartnerEntry[] = SUBGRAPHS.filter((entry) => NEIGHBOURHOODS_SQL[entry.kind]);
export type Partner = string;

const ROOT = join(__dirname, '..', '..');
/** The national set has about 14,500 neighbourhoods; fewer means a seed that did not finish. */
const NATIONAL_MINIMUM = 14_000;

/**
 * Whether a partner's database holds its share of the national set rather than nothing or the
 * Utrecht demo. A partner serving the whole country holds nearly every neighbourhood; one serving
 * some areas holds neighbourhoods in every municipality those areas lie in (the demo has one).
 */
function holdsNationalShare(entry: PartnerEntry, counts: { n: number; municipalities: number }): boolean {
  if (entry.areas.includes('*')) return counts.n >= NATIONAL_MINIMUM;
  const municipalities = new Set(entry.areas.map((area) => area.slice(2, 6)));
  return counts.municipalities >= municipalities.size;
}

/** The database a partner's national share lives in: bench_housing_domstad and so on. */
const databaseName = (prefix: string, id: string) => `${prefix}_${envPrefix(id).toLowerCase()}`;

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

async function neighbourhoodsIn(url: string, entry: PartnerEntry): Promise<{ n: number; municipalities: number }> {
  const none = { n: 0, municipalities: 0 };
  return withClient(
    url,
    async (client) =>
      (
        await client
          .query<{ n: number; municipalities: number }>(NEIGHBOURHOODS_SQL[entry.kind] ?? '')
          .catch(() => ({ rows: [none] }))
      ).rows[0] ?? none,
  );
}

/**
 * One database per partner that keeps data (<prefix>_municipality, <prefix>_housing_domstad, ...)
 * with its share of the national set, seeded once with the project's own seed code
 * (scripts/seed-national.ts, each corporation and provider only its own share) and reused by later runs.
 */
export async function ensureNationalDatabases(
  adminUrl: string,
  prefix = 'bench',
  log = (line: string) => process.stdout.write(`${line}\n`),
): Promise<Record<Partner, string>> {
  const urls: Record<Partner, string> = {};
  const missing: string[] = [];
  for (const entry of PARTNERS) {
    const name = databaseName(prefix, entry.name);
    await ensureDatabase(adminUrl, name);
    urls[entry.name] = urlOf(adminUrl, name);
    if (!holdsNationalShare(entry, await neighbourhoodsIn(urls[entry.name]!, entry))) missing.push(entry.name);
  }
  if (missing.length > 0) {
    log(`seeding the national set into ${missing.join(', ')} (a few minutes, once)`);
    const env = {
      ...process.env,
      ...Object.fromEntries(PARTNERS.map((entry) => [`${envPrefix(entry.name)}_DATABASE_URL`, urls[entry.name]])),
    };
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'scripts', 'seed-national.ts'), ...missing],
        { env, stdio: 'inherit' },
      );
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed-national exited with ${code}`))));
    });
  }
  // Planner statistics for the seeded tables: a server with autovacuum off (as on the bench
  // machine) never gathers them, and then misjudges a whole-country `= any($1)` by 1,000 times.
  for (const url of Object.values(urls)) await withClient(url, (client) => client.query('analyze'));
  return urls;
}
