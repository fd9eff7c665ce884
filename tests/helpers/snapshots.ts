import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { partnerRefs, SUBGRAPHS, type PartnerEntry } from '../../schema/subgraphs';
import { openDatabase, wrapPglite, type Database } from '@buurtgraaf/subgraph-kit/database';
import { isStateless, type SubgraphDefinition } from '@buurtgraaf/subgraph-kit/definition';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import { partnerDefinition } from './partners';

/**
 * Seed once, clone many. Starting a PGlite runs initdb (seconds under load), and migrating and
 * seeding a partner takes seconds more; a full run opens hundreds of such databases. globalSetup
 * therefore makes each state once per run (empty; migrated, per migrations folder; seeded with the
 * demo, per partner) and every test database starts as a copy of one: a copied PGlite data folder,
 * or a PostgreSQL template database. Each test still gets a database of its own.
 *
 * A folder rather than PGlite's dumpDataDir tarball: opening a copied folder cost about a third less
 * CPU than unpacking a 40 MB dump into PGlite's in-memory file system, and queries on it were no slower.
 */

/** The folder with the PGlite data folders and their manifest; scripts/test-lanes.mjs shares one across lanes. */
export const PGLITE_SNAPSHOTS = 'BUURTGRAAF_TEST_PGLITE_SNAPSHOTS';
/** JSON of this run's PostgreSQL templates (made and dropped by each Jest run's global hooks). */
export const POSTGRES_TEMPLATES = 'BUURTGRAAF_TEST_POSTGRES_TEMPLATES';

export type Snapshot = { empty: true } | { migrated: string } | { seeded: string };

interface Manifest {
  empty?: string;
  migrated: Record<string, string>;
  seeded: Record<string, string>;
  /** Per seeded partner, what its demo share was made from (seedKey). */
  seedKeys: Record<string, string>;
}

/**
 * What a partner's demo seed depends on besides the code: the demo divides a kind's whole among
 * the partners of that kind (kit/demo/split.ts), so a corporation joining changes every
 * corporation's seed but no care provider's.
 */
export function seedKey(id: string, partners: readonly PartnerEntry[]): string {
  const refs = partnerRefs(partners);
  const kind = refs.find((ref) => ref.id === id)?.kind;
  return createHash('sha256')
    .update(JSON.stringify({ id, peers: refs.filter((ref) => ref.kind === kind) }))
    .digest('hex');
}

function stateful() {
  return SUBGRAPHS.map((entry) => partnerDefinition(entry, {}).definition).filter(
    (definition): definition is SubgraphDefinition<object, unknown> => !isStateless(definition),
  );
}

const lookup = (manifest: Manifest | null, snapshot: Snapshot) =>
  !manifest
    ? undefined
    : 'empty' in snapshot
      ? manifest.empty
      : 'migrated' in snapshot
        ? manifest.migrated[snapshot.migrated]
        : manifest.seeded[snapshot.seeded];

const readManifest = (variable: string): Manifest | null => {
  const value = process.env[variable];
  if (!value) return null;
  return variable === PGLITE_SNAPSHOTS
    ? (JSON.parse(readFileSync(join(value, 'manifest.json'), 'utf8')) as Manifest)
    : (JSON.parse(value) as Manifest);
};

/**
 * A fresh copy of the PGlite data folder of this state, when the run made one. Copies go into the
 * snapshots folder, so that one a test never dropped still goes when the run removes it.
 */
export function pgliteSnapshot(snapshot: Snapshot): string | undefined {
  const folder = lookup(readManifest(PGLITE_SNAPSHOTS), snapshot);
  return folder ? copyFolder(folder) : undefined;
}

function copyFolder(folder: string): string {
  const copies = join(process.env[PGLITE_SNAPSHOTS]!, 'copies');
  mkdirSync(copies, { recursive: true });
  const copy = mkdtempSync(join(copies, 'db-'));
  cpSync(folder, copy, { recursive: true });
  return copy;
}

/** The template database a PostgreSQL test database of this state is created from, when the run made one. */
export const postgresTemplate = (snapshot: Snapshot) => lookup(readManifest(POSTGRES_TEMPLATES), snapshot);

/** Whether the run made this state for the engine; a seeded one only counts for peers like those it was made with. */
export function hasSnapshot(
  engine: 'pglite' | 'postgres',
  snapshot: Snapshot,
  partners: readonly PartnerEntry[] = SUBGRAPHS,
): boolean {
  const manifest = readManifest(engine === 'pglite' ? PGLITE_SNAPSHOTS : POSTGRES_TEMPLATES);
  if ('seeded' in snapshot && manifest?.seedKeys[snapshot.seeded] !== seedKey(snapshot.seeded, partners)) return false;
  return Boolean(lookup(manifest, snapshot));
}

/**
 * Migrates and seeds `start`'s database for every state, handing each to `keep` to store. Each
 * migrations folder is migrated once and each partner's seed starts from that.
 */
async function buildStates(
  start: (from?: string) => Promise<{ db: Database; from: string }>,
  keep: (db: Database) => Promise<string>,
) {
  const manifest: Manifest = { migrated: {}, seeded: {}, seedKeys: {} };
  const definitions = stateful();
  for (const migrationsDir of new Set(definitions.map((definition) => definition.migrationsDir))) {
    const migrated = await start();
    await migrateSubgraph(migrated.db, migrationsDir);
    manifest.migrated[migrationsDir] = await keep(migrated.db);
    for (const definition of definitions.filter((candidate) => candidate.migrationsDir === migrationsDir)) {
      const seeded = await start(manifest.migrated[migrationsDir]);
      await definition.seedDemo?.(seeded.db);
      manifest.seeded[definition.name] = await keep(seeded.db);
      manifest.seedKeys[definition.name] = seedKey(definition.name, SUBGRAPHS);
    }
  }
  return manifest;
}

/** Makes the PGlite data folders in `dir` unless a lane before made them there; returns `dir`. */
export async function buildPgliteSnapshots(dir: string): Promise<string> {
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  const opened = new Map<Database, string>();
  // A closed PGlite has shut down cleanly: its folder is a consistent copy to start others from.
  const keep = async (db: Database) => {
    await db.close();
    return opened.get(db)!;
  };
  const start = async (from?: string) => {
    const folder = from ? copyFolder(from) : mkdtempSync(join(dir, 'state-'));
    const db = wrapPglite(await PGlite.create({ dataDir: folder }));
    opened.set(db, folder);
    return { db, from: from ?? '' };
  };
  const empty = await start();
  const manifest = await buildStates(start, keep);
  manifest.empty = await keep(empty.db);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

const withAdmin = async <T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>) => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
};

/** Makes this run's PostgreSQL templates on the server of `adminUrl`; returns the manifest to pass on. */
export async function buildPostgresTemplates(adminUrl: string): Promise<string> {
  const run = randomBytes(4).toString('hex');
  const start = async (from?: string) => {
    const name = `buurtgraaf_template_${run}_${randomBytes(3).toString('hex')}`;
    await withAdmin(adminUrl, (admin) => admin.query(`create database ${name}${from ? ` template ${from}` : ''}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { db: Object.assign(await openDatabase({ url: url.toString() }, 2), { name }), from: from ?? '' };
  };
  // A template must have no open connection while it is copied.
  const keep = async (db: Database & { name?: string }) => {
    await db.close();
    return db.name!;
  };
  return JSON.stringify(await buildStates(start, keep));
}

export async function dropPostgresTemplates(adminUrl: string, manifest: string): Promise<void> {
  const { migrated, seeded } = JSON.parse(manifest) as Manifest;
  await withAdmin(adminUrl, async (admin) => {
    for (const name of [...Object.values(seeded), ...Object.values(migrated)])
      await admin.query(`drop database if exists ${name} with (force)`);
  });
}
