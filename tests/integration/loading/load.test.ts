import { loadTables as housingTables } from '../../../subgraphs/housing/load';
import { formatOutcome } from '@buurtgraaf/subgraph-kit/loading/report';
import { loadCsvFile } from '@buurtgraaf/subgraph-kit/loading/run-load';
import { municipality } from '../../../subgraphs/municipality/subgraph';
import { loadTables as municipalityTables } from '../../../subgraphs/municipality/load';
import { createMigratedDatabase, ENGINES, type TestDatabase } from '../../helpers/database';
import { housingOf } from '../../helpers/partners';
import { csvFolder, snapshot } from './csv-files';

const stock = housingTables['social-housing']!;
const HEADER = 'neighbourhood_code;year;dwellings;step_free;care_suitable;vacant;average_waiting_months';
const UTRECHT_2023 = [
  HEADER,
  'BU03440111;2023;240;72;12;3;84,5',
  'BU03440112;2023;410;130;25;6;91,0',
  'BU03440113;2023;185;40;9;2;',
];
const housingRows = (db: TestDatabase) =>
  db.query(`select neighbourhood_code, year, dwellings, vacant, average_waiting_months::float8 as waiting, source
              from social_housing order by neighbourhood_code, year`);

const files = csvFolder();
afterAll(() => files.remove());

describe.each(ENGINES)('loading a CSV export on %s', (engine) => {
  describe('of the housing corporation', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createMigratedDatabase(engine, housingOf().migrationsDir);
    });
    beforeEach(() => db.exec('truncate social_housing'));
    afterAll(() => db.drop());

    test("when every row is valid, then all rows are written as the partner's own and the summary counts them", async () => {
      const outcome = await loadCsvFile(db, stock, files.write(UTRECHT_2023));
      expect(formatOutcome(outcome, 'social_housing')).toBe(
        'Read 3 rows (delimiter ";").\nLoaded into social_housing in one transaction: 3 inserted, 0 updated, 0 unchanged, 0 removed.\n',
      );
      expect(await housingRows(db)).toEqual([
        { neighbourhood_code: 'BU03440111', year: 2023, dwellings: 240, vacant: 3, waiting: 84.5, source: 'PARTNER' },
        { neighbourhood_code: 'BU03440112', year: 2023, dwellings: 410, vacant: 6, waiting: 91, source: 'PARTNER' },
        { neighbourhood_code: 'BU03440113', year: 2023, dwellings: 185, vacant: 2, waiting: null, source: 'PARTNER' },
      ]);
    });

    test('when some rows are bad, then nothing is loaded and every bad line is reported with its reason', async () => {
      await loadCsvFile(db, stock, files.write(UTRECHT_2023));
      const before = await snapshot(db, 'social_housing', 'neighbourhood_code, year');
      const outcome = await loadCsvFile(
        db,
        stock,
        files.write([
          ...UTRECHT_2023,
          'BU03440114;2023;50;60;1;1;',
          'BU03440121;2023;50;10;1;1;12,25',
          'BU03440122;2024;50;10;1;1;',
        ]),
      );
      expect(outcome.status).toBe('rejected');
      expect(formatOutcome(outcome, 'social_housing')).toBe(
        'Read 6 rows (delimiter ";").\nRejected: 2 problems. Nothing was loaded; correct the file and load all of it again.\n' +
          '  line 5: step_free: is 60, more than the 50 dwellings\n' +
          '  line 6: average_waiting_months: must be a number from 0 to 1200 with at most 1 decimal, e.g. 14,5 or 14.5 (or empty), got "12,25"\n',
      );
      expect(await snapshot(db, 'social_housing', 'neighbourhood_code, year')).toEqual(before);
    });

    test('when the same file is loaded again, then no row changes, not even its row version', async () => {
      const file = files.write(UTRECHT_2023);
      await loadCsvFile(db, stock, file);
      const before = await snapshot(db, 'social_housing', 'neighbourhood_code, year');
      const again = await loadCsvFile(db, stock, file);
      expect(again).toMatchObject({ status: 'loaded', counts: { inserted: 0, updated: 0, unchanged: 3, removed: 0 } });
      expect(await snapshot(db, 'social_housing', 'neighbourhood_code, year')).toEqual(before);
    });

    const corrected = [HEADER, 'BU03440111;2023;240;72;12;4;84,5', 'BU03440112;2023;410;130;25;6;91,0'];

    test('when a file lacks stored rows of its municipality and year, then by default they are kept and the report says so', async () => {
      await loadCsvFile(db, stock, files.write(UTRECHT_2023));
      const outcome = await loadCsvFile(db, stock, files.write(corrected));
      expect(formatOutcome(outcome, 'social_housing')).toBe(
        'Read 2 rows (delimiter ";").\nLoaded into social_housing in one transaction: 0 inserted, 1 updated, 1 unchanged, 0 removed.\n' +
          '1 stored rows in municipality GM0344; year 2023 that this file does not hold were kept; with --replace they would be removed.\n',
      );
      expect((await housingRows(db)).map((row) => row.neighbourhood_code)).toEqual([
        'BU03440111',
        'BU03440112',
        'BU03440113',
      ]);
    });

    test('when --replace would remove more than the allowed share, then nothing is written and the report names the rows', async () => {
      await loadCsvFile(db, stock, files.write(UTRECHT_2023));
      const before = await snapshot(db, 'social_housing', 'neighbourhood_code, year');
      const outcome = await loadCsvFile(db, stock, files.write(corrected), { replace: true });
      expect(formatOutcome(outcome, 'social_housing')).toBe(
        'Read 2 rows (delimiter ";").\n' +
          'Refused: this file would remove 1 of the 3 rows of social_housing in municipality GM0344; year 2023 (33.3%), more than the 10% allowed. Nothing was written.\n' +
          'Check that the file is complete for municipality GM0344; year 2023. If these removals are meant, run again with --confirm-removal (or a higher --max-removed-share).\n' +
          'Rows in municipality GM0344; year 2023 that the file does not hold, e.g. neighbourhood_code BU03440113, year 2023.\n',
      );
      expect(await snapshot(db, 'social_housing', 'neighbourhood_code, year')).toEqual(before);
      expect(
        await loadCsvFile(db, stock, files.write(corrected), { replace: true, maxRemovedShare: 0.4, dryRun: true }),
      ).toMatchObject({ status: 'checked', missing: { count: 1 } });
    });

    test('when a corrected re-export replaces with confirmation, then corrections land, dropped rows go and other years and municipalities stay', async () => {
      await db.query(`insert into social_housing (neighbourhood_code, year, dwellings, step_free, care_suitable, vacant, source)
                      values ('BU03440111', 2022, 230, 60, 10, 2, 'PARTNER'), ('BU03070101', 2023, 90, 20, 5, 1, 'PARTNER')`);
      await loadCsvFile(db, stock, files.write(UTRECHT_2023));
      const outcome = await loadCsvFile(db, stock, files.write(corrected), { replace: true, confirmRemoval: true });
      expect(outcome).toMatchObject({
        status: 'loaded',
        counts: { inserted: 0, updated: 1, unchanged: 1, removed: 1 },
      });
      expect(await housingRows(db)).toEqual([
        { neighbourhood_code: 'BU03070101', year: 2023, dwellings: 90, vacant: 1, waiting: null, source: 'PARTNER' },
        { neighbourhood_code: 'BU03440111', year: 2022, dwellings: 230, vacant: 2, waiting: null, source: 'PARTNER' },
        { neighbourhood_code: 'BU03440111', year: 2023, dwellings: 240, vacant: 4, waiting: 84.5, source: 'PARTNER' },
        { neighbourhood_code: 'BU03440112', year: 2023, dwellings: 410, vacant: 6, waiting: 91, source: 'PARTNER' },
      ]);
    });

    test('when it is a dry run, then it reports what a load would do and writes nothing', async () => {
      const outcome = await loadCsvFile(db, stock, files.write(UTRECHT_2023), { dryRun: true });
      expect(formatOutcome(outcome, 'social_housing')).toContain(
        'Dry run: nothing was written. Loading this file into social_housing would give 3 inserted, 0 updated, 0 unchanged, 0 removed.',
      );
      expect(await housingRows(db)).toEqual([]);
    });

    test('when a dry run replaces, then it counts and names the rows that would go', async () => {
      await loadCsvFile(db, stock, files.write(UTRECHT_2023));
      const outcome = await loadCsvFile(db, stock, files.write(corrected), {
        dryRun: true,
        replace: true,
        confirmRemoval: true,
      });
      expect(formatOutcome(outcome, 'social_housing')).toContain(
        'would give 0 inserted, 1 updated, 1 unchanged, 1 removed.\nThis file is the complete set for municipality GM0344; year 2023: rows there that it does not hold would be removed.\n' +
          'Rows in municipality GM0344; year 2023 that the file does not hold, e.g. neighbourhood_code BU03440113, year 2023.\n',
      );
      expect(await housingRows(db)).toHaveLength(3);
    });

    test('when a file holds the same row twice, then the later line is rejected naming the earlier one', async () => {
      const outcome = await loadCsvFile(db, stock, files.write([...UTRECHT_2023, 'BU03440111;2023;240;72;12;3;84,5']));
      expect(outcome).toMatchObject({
        status: 'rejected',
        rejections: [
          { line: 5, reason: 'same neighbourhood_code BU03440111, year 2023 as line 2; a file holds each row once' },
        ],
      });
    });

    test('when a file is large, then it is staged a batch at a time and never held whole', async () => {
      const rows = Array.from({ length: 12 }, (_, index) => `BU03440111;${2010 + index};240;72;12;3;`);
      const batches: number[] = [];
      const outcome = await loadCsvFile(db, stock, files.write([HEADER, ...rows]), {
        batchSize: 5,
        onBatch: (size) => batches.push(size),
      });
      expect(batches).toEqual([5, 5, 2]);
      expect(outcome).toMatchObject({ status: 'loaded', counts: { inserted: 12 } });
    });

    test('when very many rows are bad, then all are counted and the first thousand listed', async () => {
      const bad = Array.from({ length: 1_005 }, (_, index) => `BU03440111;${2010 + (index % 10)};10;20;1;1;`);
      const report = formatOutcome(await loadCsvFile(db, stock, files.write([HEADER, ...bad])), 'social_housing');
      expect(report).toContain('Rejected: 1005 problems.');
      expect(report.split('\n').filter((line) => line.startsWith('  line '))).toHaveLength(1_000);
      expect(report).toContain('  ... and 5 more problems after line 1001.\n');
    });
  });

  describe('of the municipality', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createMigratedDatabase(engine, municipality.migrationsDir);
    });
    afterAll(() => db.drop());

    test('when areas come with their parents, then level and parents follow from the codes; a missing parent rejects the row', async () => {
      const rejected = await loadCsvFile(
        db,
        municipalityTables.areas!,
        files.write(['code,name', 'GM0344,Utrecht', 'BU03440111,Welgelegen']),
      );
      expect(rejected).toMatchObject({
        status: 'rejected',
        rejections: [{ line: 3, reason: 'code: its district WK034401 is neither in this file nor loaded before' }],
      });
      expect(await db.query('select code from area')).toEqual([]);

      const loaded = await loadCsvFile(
        db,
        municipalityTables.areas!,
        files.write(['code,name', 'BU03440111,Welgelegen', 'WK034401,West', 'GM0344,Utrecht']),
      );
      expect(loaded.status).toBe('loaded');
      expect(await db.query('select code, level, district_code, municipality_code from area order by code')).toEqual([
        { code: 'BU03440111', level: 'neighbourhood', district_code: 'WK034401', municipality_code: 'GM0344' },
        { code: 'GM0344', level: 'municipality', district_code: null, municipality_code: null },
        { code: 'WK034401', level: 'district', district_code: null, municipality_code: 'GM0344' },
      ]);
    });

    test('when names hold tabs, backslashes, quotes, line breaks or the text \\N, then they are stored exactly as written', async () => {
      const names = ['Oost\tZuid', 'C:\\wijk\\', '\\N', 'Welgelegen,\nDen Hommel', 'Het "Rode" Dorp', 'Ünïcode\r\n€'];
      const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
      const codes = ['GM0307', 'GM0344', 'GM0356', 'GM0518', 'GM0363', 'GM0599'];
      const outcome = await loadCsvFile(
        db,
        municipalityTables.areas!,
        files.write(['code,name', ...names.map((name, index) => `${codes[index]},${quoted(name)}`)]),
      );
      expect(outcome.status).toBe('loaded');
      const stored = await db.query<{ name: string }>(
        `select name from area where code in (${codes.map((code) => `'${code}'`).join(', ')}) order by code`,
      );
      const byCode = Object.fromEntries(codes.map((code, index) => [code, names[index]]));
      expect(stored.map(({ name }) => name)).toEqual([...codes].sort().map((code) => byCode[code]));
    });

    test('when facilities name a neighbourhood that is not loaded or a kind the API does not know, then those lines are reported', async () => {
      const outcome = await loadCsvFile(
        db,
        municipalityTables.facilities!,
        files.write([
          'id,neighbourhood_code,name,kind',
          'F1,BU03440111,Buurthuis,COMMUNITY_CENTRE',
          'F2,BU03449999,Bibliotheek,LIBRARY',
          'F3,BU03440111,Kerk,CHURCH',
        ]),
      );
      expect(outcome).toMatchObject({
        status: 'rejected',
        rejections: [
          {
            line: 3,
            reason: 'neighbourhood_code: area BU03449999 is not loaded; load it with the "areas" table first',
          },
          {
            line: 4,
            reason: expect.stringMatching(/^kind: must be one of COMMUNITY_CENTRE, LIBRARY, .* got "CHURCH"$/),
          },
        ],
      });
      expect(await db.query('select id from facility')).toEqual([]);
    });
  });
});
