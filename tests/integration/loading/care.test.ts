import { loadTables } from '../../../subgraphs/care/load';
import { loadCsvFile } from '@buurtgraaf/subgraph-kit/loading/run-load';
import { createMigratedDatabase, ENGINES, type TestDatabase } from '../../helpers/database';
import { careOf } from '../../helpers/partners';
import { csvFolder, snapshot } from './csv-files';

const clients = loadTables.clients!;
const HEADER = 'id,neighbourhood_code,target_group,waiting_since,care_start,care_end';
/** Twelve older residents in care during 2023 (waiting since late 2022) and one young person waiting. */
const elderly = (count: number) =>
  Array.from({ length: count }, (_, index) => `E-${index + 1},BU03440111,ELDERLY,2022-12-01,2023-01-10,`);
const EXPORT = [HEADER, ...elderly(12), 'Y-1,BU03440111,YOUTH,2023-05-01,,'];

const demand = (db: TestDatabase, targetGroup: string) =>
  db.query(
    `select area_code, year, clients, waiting_list, clients_suppressed, source from care_demand
      where target_group = $1 order by year, area_code`,
    [targetGroup],
  );

const files = csvFolder();
afterAll(() => files.remove());

describe.each(ENGINES)('loading care client records on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createMigratedDatabase(engine, careOf().migrationsDir);
  });
  afterAll(() => db.drop());

  test('when records are loaded, then the published counts and their suppression are recomputed in the same load', async () => {
    expect(await loadCsvFile(db, clients, files.write(EXPORT))).toMatchObject({
      status: 'loaded',
      counts: { inserted: 13 },
    });
    // Clients count in the years they were in care, waiting lists in the years they waited.
    expect(await demand(db, 'ELDERLY')).toEqual([
      {
        area_code: 'BU03440111',
        year: 2022,
        clients: 0,
        waiting_list: 12,
        clients_suppressed: true,
        source: 'PARTNER',
      },
      { area_code: 'GM0344', year: 2022, clients: 0, waiting_list: 12, clients_suppressed: true, source: 'PARTNER' },
      { area_code: 'WK034401', year: 2022, clients: 0, waiting_list: 12, clients_suppressed: true, source: 'PARTNER' },
      {
        area_code: 'BU03440111',
        year: 2023,
        clients: 12,
        waiting_list: 0,
        clients_suppressed: false,
        source: 'PARTNER',
      },
      { area_code: 'GM0344', year: 2023, clients: 12, waiting_list: 0, clients_suppressed: false, source: 'PARTNER' },
      { area_code: 'WK034401', year: 2023, clients: 12, waiting_list: 0, clients_suppressed: false, source: 'PARTNER' },
    ]);
    // A year without any young client is a zero from the partner's records, not generated data.
    expect((await demand(db, 'YOUTH')).map((row) => [row.area_code, row.year, row.waiting_list, row.source])).toEqual([
      ['BU03440111', 2022, 0, 'PARTNER'],
      ['GM0344', 2022, 0, 'PARTNER'],
      ['WK034401', 2022, 0, 'PARTNER'],
      ['BU03440111', 2023, 1, 'PARTNER'],
      ['GM0344', 2023, 1, 'PARTNER'],
      ['WK034401', 2023, 1, 'PARTNER'],
    ]);
  });

  test('when the same export is loaded again, then neither the records nor the counts are rewritten', async () => {
    const before = [
      await snapshot(db, 'care_client', 'id'),
      await snapshot(db, 'care_demand', 'area_code, year, target_group'),
    ];
    expect(await loadCsvFile(db, clients, files.write(EXPORT))).toMatchObject({
      counts: { inserted: 0, updated: 0, unchanged: 13, removed: 0 },
    });
    expect([
      await snapshot(db, 'care_client', 'id'),
      await snapshot(db, 'care_demand', 'area_code, year, target_group'),
    ]).toEqual(before);
  });

  test('when a corrected export drops three records, then they are removed and the counts that fall under the threshold are hidden', async () => {
    const corrected = [HEADER, ...elderly(9), 'Y-1,BU03440111,YOUTH,2023-05-01,,'];
    expect(
      await loadCsvFile(db, clients, files.write(corrected), { replace: true, confirmRemoval: true }),
    ).toMatchObject({ counts: { inserted: 0, updated: 0, unchanged: 10, removed: 3 } });
    expect((await demand(db, 'ELDERLY')).filter((row) => row.year === 2023)).toEqual([
      { area_code: 'BU03440111', year: 2023, clients: 9, waiting_list: 0, clients_suppressed: true, source: 'PARTNER' },
      { area_code: 'GM0344', year: 2023, clients: 9, waiting_list: 0, clients_suppressed: true, source: 'PARTNER' },
      { area_code: 'WK034401', year: 2023, clients: 9, waiting_list: 0, clients_suppressed: true, source: 'PARTNER' },
    ]);
  });

  test('when care ends before it starts, then the line is rejected and the counts stay as they were', async () => {
    const before = await snapshot(db, 'care_demand', 'area_code, year, target_group');
    const outcome = await loadCsvFile(
      db,
      clients,
      files.write([HEADER, 'E-1,BU03440111,ELDERLY,2022-12-01,2023-01-10,2022-12-31']),
    );
    expect(outcome).toMatchObject({
      status: 'rejected',
      rejections: [{ line: 2, reason: 'care_end: is 2022-12-31, before care_start 2023-01-10' }],
    });
    expect(await snapshot(db, 'care_demand', 'area_code, year, target_group')).toEqual(before);
  });
});
