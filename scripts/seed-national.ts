import { performance } from 'node:perf_hooks';
import { seedWorld as seedCare } from '../subgraphs/care/seed';
import { seedWorld as seedHousing } from '../subgraphs/housing/seed';
import { seedWorld as seedMunicipality } from '../subgraphs/municipality/seed';
import { ConfigError } from '@buurtgraaf/platform';
import { openDatabase, type Database } from '@buurtgraaf/subgraph-kit/database';
import { DatabaseInUseError } from '@buurtgraaf/subgraph-kit/data-dir-lock';
import { buildWorld, type DemoWorld } from '@buurtgraaf/demo-data';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import { loadDatabaseTarget } from '@buurtgraaf/subgraph-kit/subgraph-config';
import { renderFor, SUBGRAPHS } from '../schema/subgraphs';
import type { RenderFor } from '@buurtgraaf/subgraph-kit/type-defs';
import { join } from 'node:path';

/**
 * `npm run seed:national`: the whole country into each partner's own database (the same
 * <NAME>_DATABASE_URL or <NAME>_DATA_DIR the subgraphs use), replacing what was there, each
 * partner in one transaction. Stop the federation first when it runs on PGlite: an embedded
 * database has one writer.
 */
const SEEDS: Record<string, (db: Database, world: DemoWorld, partner: RenderFor) => Promise<void>> = {
  municipality: seedMunicipality,
  housing: seedHousing,
  care: seedCare,
};

async function main() {
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = only.filter((name) => !SUBGRAPHS.some((entry) => entry.name === name));
  if (unknown.length > 0)
    throw new ConfigError([
      `unknown partner ${unknown.join(', ')}: schema/partners.json lists ${SUBGRAPHS.map(({ name }) => name).join(', ')}`,
    ]);
  // Only partners that keep data: insights and the combiner derive theirs at query time.
  const targets = SUBGRAPHS.filter(({ name, kind }) => SEEDS[kind] && (only.length === 0 || only.includes(name)));
  for (const name of only.filter((id) => !targets.some((target) => target.name === id)))
    log(`${name}: keeps no data of its own; nothing to seed`);
  if (targets.length === 0) return;
  const configs = targets.map(({ name, kind }) => ({ name, kind, database: loadDatabaseTarget(name) }));
  let started = performance.now();
  const world = buildWorld('national');
  const neighbourhoods = world.areas.filter((area) => area.level === 'neighbourhood').length;
  log(`national world: ${world.areas.length} areas, ${neighbourhoods} neighbourhoods (${seconds(started)})`);
  for (const config of configs) {
    started = performance.now();
    const db = await openDatabase(config.database, 2);
    try {
      await migrateSubgraph(db, join(__dirname, '..', 'subgraphs', config.kind, 'migrations'));
      await SEEDS[config.kind]?.(db, world, renderFor(config.name));
    } finally {
      await db.close();
    }
    const where = 'dataDir' in config.database ? config.database.dataDir : 'PostgreSQL';
    log(`${config.name}: loaded into ${where} (${seconds(started)})`);
  }
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

main().catch((error: Error) => {
  // A setting or a running subgraph is the user's to fix: one line; anything else is a bug, with its stack.
  process.stderr.write(
    error instanceof ConfigError || error instanceof DatabaseInUseError
      ? `${error.message}\n`
      : `${error.stack ?? error.message}\n`,
  );
  process.exit(1);
});
