import { applySuppressionRule, suppressionRule } from '../../../subgraphs/care/store';
import { districtOf, levelOf, municipalityOf, envPrefix } from '@buurtgraaf/protocol';
import { buildWorld, DEMO_YEARS } from '@buurtgraaf/demo-data';
import { DEFAULT_DISCLOSURE_RULE, discloseCount } from '@buurtgraaf/subgraph-kit/disclosure';
import { migrate, readMigrations } from '@buurtgraaf/subgraph-kit/migrations';
import {
  createMigratedDatabase,
  createTestDatabase,
  PRIMARY_ENGINE,
  type Engine,
  type TestDatabase,
} from '../../helpers/database';
import { startSubgraph, type RunningSubgraph } from '../../helpers/federation';
import { careOf, careSettings } from '../../helpers/partners';
import { careSeries, fetchEntities, partnersOf, representations } from '../entities';

// The attacker: someone who reads every published care figure of Utrecht and subtracts. Every
// care provider suppresses its own tables, so the attack is run on each provider's own field.
// (That combining the providers gives nothing away either is tests/integration/combiner/.)

const MEASURES = ['clients', 'waitingList'] as const;
type Measure = (typeof MEASURES)[number];
/** What is published of one table (one year, target group and measure): area code -> value, null when hidden. */
type Table = Map<string, number | null>;

const world = buildWorld('utrecht');
const codesOf = (level: 'neighbourhood' | 'district' | 'municipality') =>
  world.areas.filter((area) => area.level === level).map((area) => area.code);
const AREAS = [
  ...representations('Neighbourhood', codesOf('neighbourhood')),
  ...representations('District', codesOf('district')),
  ...representations('Municipality', codesOf('municipality')),
];
// Each provider reads its rule under its own prefix: CARE_STADSZORG_DISCLOSURE_THRESHOLD and so on.
const PROVIDERS = partnersOf('care').map((provider) => ({
  ...provider,
  threshold: `${envPrefix(provider.id)}_DISCLOSURE_THRESHOLD`,
}));

interface Published {
  year: number;
  targetGroup: string;
  clients: number | null;
  waitingList: number | null;
  suppressed: boolean;
  waitingListSuppressed: boolean;
}

/** Every table, as published over HTTP to a caller of `_entities`, keyed by year, group and measure. */
async function publishedTables(subgraph: RunningSubgraph, field: string): Promise<Map<string, Table>> {
  const response = await fetchEntities(subgraph.url, AREAS, `code ${careSeries(field)}`);
  expect(response.errors).toBeUndefined();
  const tables = new Map<string, Table>();
  for (const entity of response.data._entities as ({ code: string } & Record<string, { series: Published[] }>)[]) {
    for (const figure of entity[field]!.series) {
      for (const measure of MEASURES) {
        const hidden = measure === 'clients' ? figure.suppressed : figure.waitingListSuppressed;
        // A hidden figure must really be hidden, and a published one must say so.
        expect(hidden).toBe(figure[measure] === null);
        tableOf(tables, figure.year, figure.targetGroup, measure).set(entity.code, figure[measure]);
      }
    }
  }
  return tables;
}

function tableOf(tables: Map<string, Table>, year: number, targetGroup: string, measure: Measure): Table {
  const key = `${year} ${targetGroup} ${measure}`;
  const table = tables.get(key) ?? new Map();
  tables.set(key, table);
  return table;
}

/**
 * What subtraction reveals. Within each group of a parent and its children (by CBS code), using
 * only published values, each of which means a truth within `margin` of it: a member that is the
 * only hidden one is known, and hidden children whose sum is bounded below the threshold are a
 * small number given away. Returns one line per finding.
 */
function attack(tables: Map<string, Table>, threshold: number, margin = 2): string[] {
  const findings: string[] = [];
  for (const [name, table] of tables) {
    const groups = new Map<string, string[]>();
    for (const code of table.keys()) {
      const parent =
        levelOf(code) === 'neighbourhood'
          ? districtOf(code)
          : levelOf(code) === 'district'
            ? municipalityOf(code)
            : undefined;
      if (parent !== undefined && table.has(parent)) groups.set(parent, [...(groups.get(parent) ?? []), code]);
    }
    for (const [parent, children] of groups) {
      const unknown = [parent, ...children].filter((code) => table.get(code) === null);
      if (unknown.length === 1)
        findings.push(`${name}: ${unknown[0]} is the only hidden figure of ${parent} and its children`);
      const parentValue = table.get(parent);
      const hiddenChildren = children.filter((code) => table.get(code) === null);
      if (parentValue == null || hiddenChildren.length === 0) continue;
      const upperBound =
        parentValue +
        margin -
        children.reduce((sum, code) => sum + (table.get(code) == null ? 0 : table.get(code)! - margin), 0);
      if (upperBound < threshold)
        findings.push(`${name}: ${hiddenChildren.join(' + ')} in ${parent} is at most ${upperBound}`);
    }
  }
  return findings;
}

interface Exact {
  code: string;
  year: number;
  targetGroup: string;
  clients: number;
  waitingList: number;
}

/** The tables as they were published before complementary suppression: the disclosure rule alone. */
async function tablesUnderTheRuleAlone(db: TestDatabase, threshold: number): Promise<Map<string, Table>> {
  const rows = await db.query<Exact>(
    'select area_code as code, year, target_group as "targetGroup", clients, waiting_list as "waitingList" from care_demand',
  );
  const tables = new Map<string, Table>();
  for (const row of rows) {
    for (const measure of MEASURES)
      tableOf(tables, row.year, row.targetGroup, measure).set(
        row.code,
        discloseCount(row[measure], { threshold, roundTo: 5 }).value,
      );
  }
  return tables;
}

describe.each([PRIMARY_ENGINE])('complementary suppression of care figures on %s', (engine: Engine) => {
  describe.each(PROVIDERS)('of $id with the default disclosure rule', ({ id, field }) => {
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(careOf(id), engine, careSettings({}, id));
    });
    afterAll(() => subgraph?.stop());

    test('when only the threshold was applied, then subtraction would reveal small counts in the demo data', async () => {
      const tables = await tablesUnderTheRuleAlone(subgraph.db, 10);
      // Under the rule alone a parent is hidden only when all its children are, so each of these is
      // a group with exactly one child under the threshold: parent minus the others gives it away.
      const onlyHidden = attack(tables, 10).filter((finding) => finding.includes('is the only hidden figure'));
      expect(onlyHidden.length).toBeGreaterThan(10);
      expect(onlyHidden.some((finding) => finding.includes(' clients: '))).toBe(true);
      // Demo waiting lists are small in nearly every neighbourhood, so they rarely stand alone;
      // their flags are computed all the same (see the stored flags below).
    });

    test('when every published figure of Utrecht is subtracted from its parent, then no hidden count and no small sum comes out', async () => {
      const tables = await publishedTables(subgraph, field);
      expect(tables.size).toBe(DEMO_YEARS.length * 4 * MEASURES.length);
      expect(attack(tables, 10)).toEqual([]);
    });

    test('when the published figures are compared with the rule alone, then more is hidden, but nothing under the threshold is published and the rest is still there', async () => {
      const published = await publishedTables(subgraph, field);
      const ruleAlone = await tablesUnderTheRuleAlone(subgraph.db, 10);
      let extra = 0;
      let shown = 0;
      for (const [name, table] of ruleAlone) {
        for (const [code, value] of table) {
          const now = published.get(name)?.get(code);
          expect(now).toBeDefined();
          if (value === null) expect(now).toBeNull();
          else if (now === null) extra += 1;
          else {
            expect(now).toBe(value);
            shown += 1;
          }
        }
      }
      expect(extra).toBeGreaterThan(0);
      // Secondary suppression takes what it must, not most of what was published.
      expect(extra).toBeLessThan(shown);
    });
  });

  describe.each(PROVIDERS)('of $id with $threshold=20', ({ id, field }) => {
    let subgraph: RunningSubgraph;
    beforeAll(async () => {
      subgraph = await startSubgraph(careOf(id), engine, careSettings({ DISCLOSURE_THRESHOLD: '20' }, id));
    });
    afterAll(() => subgraph?.stop());

    test('when the same attacker subtracts every published figure, then it finds nothing, though the rule alone would have given counts away', async () => {
      expect(attack(await tablesUnderTheRuleAlone(subgraph.db, 20), 20).length).toBeGreaterThan(0);
      const tables = await publishedTables(subgraph, field);
      expect(attack(tables, 20)).toEqual([]);
      expect(
        [...tables.values()].every((table) => [...table.values()].every((value) => value === null || value >= 20)),
      ).toBe(true);
    });
  });

  describe.each(PROVIDERS)('the stored flags of $id', ({ id }) => {
    const care = careOf(id);
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createMigratedDatabase(engine, care.migrationsDir);
      await care.seedDemo?.(db);
    });
    afterAll(() => db?.drop());

    const flagged = async () =>
      (
        await db.query<{ count: number }>(
          'select count(*)::int as count from care_demand where clients_suppressed or waiting_list_suppressed',
        )
      )[0]?.count;

    test('when the demo is loaded, then the flags are computed under the default rule and that rule is recorded', async () => {
      expect(await suppressionRule(db)).toEqual(DEFAULT_DISCLOSURE_RULE);
      const [counts] = await db.query<{ small: number; unflaggedSmall: number; total: number }>(
        `select count(*) filter (where clients < 10)::int as small,
                count(*) filter (where clients < 10 and not clients_suppressed)::int as "unflaggedSmall",
                count(*)::int as total from care_demand`,
      );
      expect(counts!.small).toBeGreaterThan(0);
      expect(counts!.unflaggedSmall).toBe(0);
      expect(await flagged()).toBeLessThan(counts!.total);
    });

    test('when the subgraph starts again with the same rule, then the flags are left as they are', async () => {
      expect(await db.transaction((tx) => applySuppressionRule(tx, DEFAULT_DISCLOSURE_RULE))).toBe(false);
    });

    test('when the subgraph starts with a stricter rule, then the flags are recomputed before it serves and the new rule is recorded', async () => {
      const before = await flagged();
      await care.prepare?.(db, careSettings({ DISCLOSURE_THRESHOLD: '20' }, id));
      expect(await suppressionRule(db)).toEqual({ threshold: 20, roundTo: 5 });
      expect(await flagged()).toBeGreaterThan(before!);
      const [unflagged] = await db.query<{ count: number }>(
        'select count(*)::int as count from care_demand where (clients < 20 and not clients_suppressed) or (waiting_list < 20 and not waiting_list_suppressed)',
      );
      expect(unflagged?.count).toBe(0);
    });

    test('when a database whose flags were computed before the pattern audit is migrated, then start-up computes them again', async () => {
      const old = await createTestDatabase(engine);
      try {
        const migrations = readMigrations(care.migrationsDir);
        await migrate(
          old,
          migrations.filter((migration) => migration.version <= 2),
        );
        await old.query('insert into care_disclosure_rule (threshold, round_to) values (10, 5)');
        await migrate(old, migrations);
        // No rule on record: applySuppressionRule recomputes every flag at start-up (the test below).
        expect(await suppressionRule(old)).toBeNull();
      } finally {
        await old.drop();
      }
    });

    test('when a database filled before this feature is migrated, then every count stays hidden until start-up computes the flags', async () => {
      const old = await createTestDatabase(engine);
      try {
        const migrations = readMigrations(care.migrationsDir);
        await migrate(
          old,
          migrations.filter((migration) => migration.version === 1),
        );
        await old.query(
          `insert into care_demand (area_code, year, target_group, clients, waiting_list, source)
                         select * from unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::int[], $6::text[])`,
          [
            ['GM0344', 'WK034401', 'BU03440101', 'BU03440102', 'BU03440103'],
            [2024, 2024, 2024, 2024, 2024],
            Array(5).fill('YOUTH'),
            [95, 95, 5, 40, 50],
            [40, 40, 20, 10, 10],
            Array(5).fill('PARTNER'),
          ],
        );
        await migrate(old, migrations);
        const flags = () =>
          old.query<{ code: string; clients: boolean; waiting: boolean }>(
            'select area_code as code, clients_suppressed as clients, waiting_list_suppressed as waiting from care_demand order by area_code',
          );
        expect((await flags()).every((row) => row.clients && row.waiting)).toBe(true);
        expect(await suppressionRule(old)).toBeNull();

        await care.prepare?.(old, careSettings({}, id));

        expect(await flags()).toEqual([
          { code: 'BU03440101', clients: true, waiting: false },
          { code: 'BU03440102', clients: true, waiting: false },
          { code: 'BU03440103', clients: false, waiting: false },
          { code: 'GM0344', clients: false, waiting: false },
          { code: 'WK034401', clients: false, waiting: false },
        ]);
      } finally {
        await old.drop();
      }
    });

    test('when a row reaches care_demand without a computation, then it counts as hidden', async () => {
      await db.query(
        `insert into care_demand (area_code, year, target_group, clients, waiting_list, source) values ('BU03449999', 2024, 'YOUTH', 400, 80, 'PARTNER')`,
      );
      expect(
        await db.query('select clients_suppressed, waiting_list_suppressed from care_demand where area_code = $1', [
          'BU03449999',
        ]),
      ).toEqual([{ clients_suppressed: true, waiting_list_suppressed: true }]);
    });
  });
});
