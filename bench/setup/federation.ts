import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBGRAPHS } from '../../schema/subgraphs';
import { ensureLocalTrust, ensurePairSecrets } from '../../scripts/local-trust';
import { BULK } from '../peers/floor-queries';
import { partnerHeaders, PARTNERS_ENV, type PartnerTargets } from '../peers/signing';
import { BULK_PAGE_SIZE, BULK_YEAR } from '../workloads';
import { ensureNationalDatabases, PARTNERS } from './databases';
import { startChild, type Child } from './processes';
import { envPrefix } from '@buurtgraaf/protocol';

export type DataSet = 'national' | 'demo';
/**
 * A partner's demo database, seeded already (the test suite's copies of its seeded snapshots), as
 * a partner process opens it: on PostgreSQL by URL, on PGlite by data folder.
 */
export type SeededStore = { url: string } | { dataDir: string };
/** `database`: partners query their database (PostgreSQL, or PGlite for the demo); `cached`: stand-ins replay answers. */
export type SubgraphMode = 'database' | 'cached';

export interface BenchFederation {
  mode: SubgraphMode;
  /** The neighbourhoods the profile workload draws from: all of them, or a fixed sample when cached. */
  profileCodes: string[];
  /** Where the contenders reach each partner (the cache stand-ins in cached mode). */
  partners: PartnerTargets;
  secretFiles: Record<string, string>;
  consumersFile: string;
  apiKey: string;
  /** Every neighbourhood code of the data set, as the root subgraph lists them. */
  codes: string[];
  /** Stops what this mode added (the cache stand-in); the partners run on. */
  stop(): Promise<void>;
}

/** Cached mode draws profiles from this many neighbourhoods, each asked once before timing starts. */
const CACHED_PROFILE_CODES = 500;

/** Every n-th code: a fixed sample spread over the whole country. */
const sample = (codes: string[], size: number) =>
  codes.filter((_, index) => index % Math.max(1, Math.floor(codes.length / size)) === 0).slice(0, size);

/**
 * Every partner of schema/partners.json, each its own process as in production and told who it
 * is with PARTNER_ID (the corporations and care providers share their code): those that keep data
 * on PostgreSQL with their share of the national set, or on PGlite with their share of the
 * Utrecht demo (smoke); insights and the combiner keep none. `withMode('cached')` puts a stand-in
 * process in front that answers repeated requests from memory; the partners behind it stay the same.
 */
export interface BenchPartners {
  codes: string[];
  /** Each partner's process id, by partner name: bench/partner-cpu.ts reads their CPU time. */
  pids: Record<string, number>;
  withMode(mode: SubgraphMode): Promise<BenchFederation>;
  stop(): Promise<void>;
}

/** `seeded`: demo partners that start on a seeded copy rather than seed a PGlite folder of their own. */
export async function startBenchPartners(
  data: DataSet,
  adminUrl?: string,
  seeded: Partial<Record<string, SeededStore>> = {},
): Promise<BenchPartners> {
  const dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-bench-'));
  const trust = ensureLocalTrust(
    join(dir, 'trust'),
    SUBGRAPHS.map(({ name }) => name),
  );
  // BENCH_SECURE_SUM=1: the care providers and the combiner get pair secrets, so combined care
  // counts come from the secure sum (issue 15); unset, as before, the providers send no share.
  const pairs =
    process.env.BENCH_SECURE_SUM === '1'
      ? ensurePairSecrets(
          join(dir, 'trust', 'pairs'),
          SUBGRAPHS.filter(({ kind }) => kind === 'care' || kind === 'combiner').map(({ name, kind }) => ({
            id: name,
            kind,
          })),
        )
      : {};
  const databases =
    data === 'national' ? await ensureNationalDatabases(adminUrl ?? 'postgres://root@127.0.0.1:5432/postgres') : null;
  const children: Child[] = [];
  const stop = () => Promise.all(children.map((child) => child.stop())).then(() => undefined);
  try {
    const keepsData = new Set(PARTNERS.map((entry) => entry.name));
    // Settled, not all: a failed start must wait for the others, so stop() below ends every one that did start.
    const settled = await Promise.allSettled(
      SUBGRAPHS.map(async ({ name, mainFile }) => {
        const p = envPrefix(name);
        // A partner without a database still writes its audit trail somewhere: here, not in the repository's .data.
        const store = databases ? { url: databases[name] ?? '' } : seeded[name];
        const where = !keepsData.has(name)
          ? { [`${p}_DATA_DIR`]: join(dir, name), [`${p}_AUDIT_FILE`]: join(dir, name, 'audit.jsonl') }
          : store && 'url' in store
            ? { [`${p}_DATABASE_URL`]: store.url }
            : { [`${p}_DATA_DIR`]: store?.dataDir ?? join(dir, name), [`${p}_SEED`]: 'demo' };
        const child = await startChild(name, mainFile, {
          ...where,
          PARTNER_ID: name,
          [`${p}_PORT`]: '0',
          [`${p}_GATEWAY_SECRET_FILE`]: trust.secretFiles[name],
          ...(pairs[name] ? { [`${p}_PAIR_SECRETS_DIR`]: pairs[name] } : {}),
        });
        children.push(child);
        return child;
      }),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const subgraphs = children;
    const direct: PartnerTargets = Object.fromEntries(
      subgraphs.map((child) => [
        child.name,
        { url: child.url, secret: readFileSync(trust.secretFiles[child.name] ?? '', 'utf8').trim() },
      ]),
    );
    const codes = await neighbourhoodCodes(direct);
    const base = { secretFiles: trust.secretFiles, consumersFile: trust.consumersFile, apiKey: trust.apiKey, codes };
    return {
      codes,
      pids: Object.fromEntries(subgraphs.map((child) => [child.name, child.pid])),
      async withMode(mode) {
        if (mode === 'database')
          return { ...base, mode, profileCodes: codes, partners: direct, stop: async () => undefined };
        const proxy = await startChild('cache', join(__dirname, 'cache-proxy.ts'), {
          [PARTNERS_ENV]: JSON.stringify(direct),
        });
        const urls = JSON.parse(proxy.url) as Record<string, string>;
        const partners = Object.fromEntries(
          Object.entries(direct).map(([name, target]) => [name, { ...target, url: urls[name] ?? target.url }]),
        );
        return { ...base, mode, profileCodes: sample(codes, CACHED_PROFILE_CODES), partners, stop: () => proxy.stop() };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function neighbourhoodCodes(partners: PartnerTargets): Promise<string[]> {
  const target = partners.municipality;
  if (!target) throw new Error('no municipality partner');
  const body = JSON.stringify({ query: BULK.root, variables: { year: BULK_YEAR, first: BULK_PAGE_SIZE } });
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...partnerHeaders('municipality', target, body) },
    body,
  });
  const { data } = (await response.json()) as { data?: { neighbourhoods: { nodes: { code: string }[] } } };
  if (!data) throw new Error(`The municipality partner did not list its neighbourhoods (${response.status})`);
  return data.neighbourhoods.nodes.map((node) => node.code);
}
