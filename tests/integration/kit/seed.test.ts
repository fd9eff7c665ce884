import type { Database } from '@buurtgraaf/subgraph-kit/database';
import { municipality } from '../../../subgraphs/municipality/subgraph';
import { partnersOfKind } from '../../../schema/subgraphs';
import { createMigratedDatabase, ENGINES, type TestDatabase } from '../../helpers/database';
import { careOf, housingOf } from '../../helpers/partners';

interface Partner {
  name: string;
  migrationsDir: string;
  seedDemo?(db: Database): Promise<boolean>;
}
// Every corporation and care provider seeds its own share of the demo.
const PARTNERS: [string, Partner, string[]][] = [
  ['municipality', municipality, ['area', 'population', 'facility', 'vacant_building']],
  ...partnersOfKind('housing').map(({ name }): [string, Partner, string[]] => [
    name,
    housingOf(name),
    ['social_housing'],
  ]),
  ...partnersOfKind('care').map(({ name }): [string, Partner, string[]] => [
    name,
    careOf(name),
    ['care_client', 'care_demand'],
  ]),
];
const housing = housingOf();

async function rowCounts(db: Database, tables: string[]) {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await db.query<{ count: number }>(`select count(*)::int as count from ${table}`);
    counts[table] = row?.count ?? -1;
  }
  return counts;
}

describe.each(ENGINES)('demo seeding on %s', (engine) => {
  describe.each(PARTNERS)('of the %s partner', (_, partner, tables) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createMigratedDatabase(engine, partner.migrationsDir);
    });
    afterAll(() => db?.drop());

    test('when the database is empty, then seedDemo loads the demo data and says so', async () => {
      expect(await partner.seedDemo?.(db)).toBe(true);
      const counts = await rowCounts(db, tables);
      for (const table of tables) expect(counts[table]).toBeGreaterThan(0);
    });

    test('when the database already holds data, then seedDemo says false and leaves every row as it was', async () => {
      const before = await rowCounts(db, tables);
      expect(Object.values(before).every((count) => count > 0)).toBe(true);
      expect(await partner.seedDemo?.(db)).toBe(false);
      expect(await rowCounts(db, tables)).toEqual(before);
    });
  });

  test("when the partner's own data was loaded instead of the demo, then seedDemo does not touch it", async () => {
    const db = await createMigratedDatabase(engine, housing.migrationsDir);
    try {
      await db.query(`insert into social_housing (neighbourhood_code, year, dwellings, step_free, care_suitable, vacant, source)
                      values ('BU03440111', 2024, 12, 3, 1, 0, 'PARTNER')`);
      expect(await housing.seedDemo?.(db)).toBe(false);
      expect(await db.query('select neighbourhood_code, dwellings, source from social_housing')).toEqual([
        { neighbourhood_code: 'BU03440111', dwellings: 12, source: 'PARTNER' },
      ]);
    } finally {
      await db.drop();
    }
  });
});
