import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTables as care } from '../subgraphs/care/load';
import { loadTables as housing } from '../subgraphs/housing/load';
import { ConfigError } from '@buurtgraaf/platform';
import { openDatabase, type Database } from '@buurtgraaf/subgraph-kit/database';
import { DatabaseInUseError } from '@buurtgraaf/subgraph-kit/data-dir-lock';
import { formatOutcome } from '@buurtgraaf/subgraph-kit/loading/report';
import { DEFAULT_MAX_REMOVED_SHARE, loadCsvFile } from '@buurtgraaf/subgraph-kit/loading/run-load';
import { columnsOf, type LoadTable } from '@buurtgraaf/subgraph-kit/loading/table';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import { loadDatabaseTarget } from '@buurtgraaf/subgraph-kit/subgraph-config';
import { loadTables as municipality } from '../subgraphs/municipality/load';
import { SUBGRAPHS } from '../schema/subgraphs';

/**
 * `npm run load -- <partner id> <table> <file.csv> [--dry-run] [--replace]`: a partner's CSV export
 * into its own database (the same <NAME>_DATABASE_URL or <NAME>_DATA_DIR as its subgraph), all rows
 * or none. Summary and rejections go to standard output, progress and failures to standard error.
 */
const TABLES_BY_KIND: Record<string, Record<string, LoadTable>> = { municipality, housing, care };

/** The partner a load is for: its id in schema/partners.json, or a kind that has exactly one partner. */
function partnerNamed(name: string) {
  const byId = SUBGRAPHS.find((entry) => entry.name === name);
  if (byId) return byId;
  const ofKind = SUBGRAPHS.filter((entry) => entry.kind === name);
  if (ofKind.length > 1)
    throw new UsageError(
      `Several partners are of kind ${name}: ${ofKind.map((entry) => entry.name).join(', ')}. Name the one to load.`,
    );
  if (ofKind[0]) return ofKind[0];
  throw new UsageError(
    name
      ? `Unknown subgraph "${name}": schema/partners.json lists ${SUBGRAPHS.map((entry) => entry.name).join(', ')}.`
      : 'Name a subgraph, a table and a file.',
  );
}

const EXIT = {
  /** Loaded (or, with --dry-run, the file would load). */
  loaded: 0,
  /** The file has rejected rows or a wrong header; nothing was written. */
  rejected: 1,
  /** Wrong arguments, an unreadable file or invalid database settings; nothing was opened. */
  usage: 2,
  /** The database failed (unreachable, a migration, a constraint); the transaction was rolled back. */
  failed: 3,
  /** Another process (a running subgraph) has the embedded database open; nothing was opened. */
  inUse: 4,
  /** --replace would remove more than --max-removed-share of the rows in scope; nothing was written. */
  refused: 5,
} as const;

class UsageError extends Error {}

function usage(): string {
  const tables = Object.entries(TABLES_BY_KIND).flatMap(([kind, list]) => {
    const ids = SUBGRAPHS.filter((entry) => entry.kind === kind)
      .map((entry) => entry.name)
      .join(', ');
    return Object.entries(list).map(
      ([name, table]) =>
        `  ${kind} ${name}: ${table.description} (partners: ${ids})\n      columns: ${columnsOf(table).join(';')}`,
    );
  });
  return (
    `Usage: npm run load -- <partner id> <table> <file.csv> [--dry-run] [--replace [--max-removed-share <percent>] [--confirm-removal]]\n\n` +
    '  --dry-run             check everything and report what would change, then roll back\n' +
    '  --replace             the file is complete for the municipalities (and years) it holds: remove stored rows there it does not hold\n' +
    `  --max-removed-share   with --replace, refuse to remove more than this percentage of those rows (default ${DEFAULT_MAX_REMOVED_SHARE * 100})\n` +
    '  --confirm-removal     with --replace, remove however many rows that is\n\n' +
    `Tables by kind of partner:\n${tables.join('\n')}\n`
  );
}

function parseCommandLine() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      replace: { type: 'boolean', default: false },
      'max-removed-share': { type: 'string' },
      'confirm-removal': { type: 'boolean', default: false },
    },
  });
  const [partnerName = '', tableName = '', name = ''] = positionals;
  // `npm run` starts scripts in the package root; a relative path means where the partner typed it.
  const file = name && resolve(process.env.INIT_CWD ?? '.', name);
  const entry = partnerNamed(partnerName);
  const partner = entry.name;
  const tables = TABLES_BY_KIND[entry.kind];
  if (!tables) throw new UsageError(`The ${partner} subgraph keeps no data of its own to load.`);
  const table = tables[tableName];
  const known = Object.keys(tables).join(', ');
  if (!tableName) throw new UsageError(`Name the table to load; the ${partner} subgraph loads ${known}.`);
  if (!table) throw new UsageError(`The ${partner} subgraph has no table "${tableName}"; it loads ${known}.`);
  if (!file) throw new UsageError('Name the CSV file to load.');
  if (positionals.length > 3) throw new UsageError(`Unexpected argument "${positionals[3]}".`);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`No such file: ${file}`);
  if (!values.replace && (values['max-removed-share'] !== undefined || values['confirm-removal'])) {
    throw new UsageError(
      '--max-removed-share and --confirm-removal go with --replace; without it a load never removes a row.',
    );
  }
  if (values.replace && !table.scope?.length)
    throw new UsageError(`--replace does not apply to ${tableName}: a load never removes its rows.`);
  const maxRemovedShare = removedShare(values['max-removed-share']);
  return {
    partner,
    kind: entry.kind,
    tableName,
    table,
    name,
    file,
    dryRun: values['dry-run'],
    replace: values.replace,
    maxRemovedShare,
    confirmRemoval: values['confirm-removal'],
  };
}

function removedShare(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_REMOVED_SHARE;
  const percent = Number(text.replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(text) || percent > 100)
    throw new UsageError(`--max-removed-share must be a percentage from 0 to 100, got "${text}".`);
  return percent / 100;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseCommandLine>;
  let target: ReturnType<typeof loadDatabaseTarget>;
  try {
    args = parseCommandLine();
    target = loadDatabaseTarget(args.partner);
  } catch (error) {
    if (
      !(
        error instanceof UsageError ||
        error instanceof ConfigError ||
        (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      )
    )
      throw error;
    process.stderr.write(`${(error as Error).message}\n\n${usage()}`);
    return EXIT.usage;
  }
  // Never print a database URL: it may hold a password.
  const where = 'url' in target ? 'PostgreSQL' : 'dataDir' in target ? target.dataDir : 'memory';
  process.stdout.write(
    `${args.dryRun ? 'Checking' : 'Loading'} ${args.name} as ${args.partner} ${args.tableName} (${where}).\n`,
  );
  let db: Database;
  try {
    db = await openDatabase(target, 1);
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.inUse;
  }
  try {
    await migrateSubgraph(db, join(__dirname, '..', 'subgraphs', args.kind, 'migrations'));
    const outcome = await loadCsvFile(db, args.table, args.file, {
      dryRun: args.dryRun,
      replace: args.replace,
      maxRemovedShare: args.maxRemovedShare,
      confirmRemoval: args.confirmRemoval,
      onProgress: (message) => process.stderr.write(`  ${message}\n`),
    });
    process.stdout.write(formatOutcome(outcome, args.table.target));
    return outcome.status === 'rejected' ? EXIT.rejected : outcome.status === 'refused' ? EXIT.refused : EXIT.loaded;
  } catch (error) {
    process.stderr.write(`The load failed and was rolled back; nothing was loaded.\n${(error as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exitCode = EXIT.failed;
  },
);
