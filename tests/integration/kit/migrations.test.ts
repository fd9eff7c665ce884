import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@buurtgraaf/subgraph-kit/database';
import { migrate, readMigrations } from '@buurtgraaf/subgraph-kit/migrations';
import { municipality } from '../../../subgraphs/municipality/subgraph';
import { createTestDatabase, ENGINES, type TestDatabase } from '../../helpers/database';
import { careOf, housingOf } from '../../helpers/partners';

// Partners of one kind share their migrations; each kind is run once.
const care = careOf();
const PARTNERS = [municipality, housingOf(), care].map(
  (definition) => [definition.kind ?? definition.name, definition.migrationsDir] as const,
);
const recorded = async (db: Database) =>
  (
    await db.query<{ version: number; name: string }>('select version, name from schema_migrations order by version')
  ).map((row) => `${row.version}:${row.name}`);

describe.each(ENGINES)('migrations on %s', (engine) => {
  let db: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    db = await createTestDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), 'buurtgraaf-migrate-'));
  });
  afterEach(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each(PARTNERS)(
    'when the %s migrations run twice, then the second run applies nothing and each is recorded once',
    async (_, migrationsDir) => {
      const migrations = readMigrations(migrationsDir);
      expect(await migrate(db, migrations)).toEqual(migrations.map((migration) => migration.name));
      expect(await migrate(db, migrations)).toEqual([]);
      expect(await recorded(db)).toEqual(migrations.map((migration) => `${migration.version}:${migration.name}`));
    },
  );

  test('when a migration is added later, then only the new one is applied and the old data stays', async () => {
    writeFileSync(join(dir, '0001_init.sql'), 'create table note (id int primary key, body text not null);');
    await migrate(db, readMigrations(dir));
    await db.query("insert into note values (1, 'kept')");
    writeFileSync(
      join(dir, '0002_add_author.sql'),
      "alter table note add column author text not null default 'unknown';",
    );

    expect(await migrate(db, readMigrations(dir))).toEqual(['0002_add_author.sql']);
    expect(await db.query('select id, body, author from note')).toEqual([{ id: 1, body: 'kept', author: 'unknown' }]);
  });

  test('when a migration fails halfway, then none of it is applied or recorded and the error reaches the operator', async () => {
    writeFileSync(join(dir, '0001_init.sql'), 'create table note (id int primary key);');
    writeFileSync(
      join(dir, '0002_broken.sql'),
      'create table half_done (id int); alter table no_such_table add column x int;',
    );

    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/no_such_table/);

    expect(await recorded(db)).toEqual(['1:0001_init.sql']);
    expect(await db.query("select 1 from information_schema.tables where table_name = 'half_done'")).toEqual([]);
  });

  test('when three replicas of a subgraph start together on a fresh database, then all of them start and each migration is applied once', async () => {
    const migrations = readMigrations(care.migrationsDir);
    // Separate connection pools on PostgreSQL, as separate processes would have; PGlite has one
    // writer, so there the three callers share it.
    const replicas = db.url ? await Promise.all([1, 2, 3].map(() => openDatabase({ url: db.url! }, 2))) : [db, db, db];
    try {
      const results = await Promise.allSettled(replicas.map((replica) => migrate(replica, migrations)));
      expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started'))).toEqual([
        'started',
        'started',
        'started',
      ]);
      const applied = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
      expect([...applied].sort()).toEqual(migrations.map((migration) => migration.name));
    } finally {
      if (db.url) await Promise.all(replicas.map((replica) => replica.close()));
    }
    expect(await recorded(db)).toEqual(migrations.map((migration) => `${migration.version}:${migration.name}`));
  });
});
