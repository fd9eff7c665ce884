import { copyRows, insertRows, type Column } from '@buurtgraaf/subgraph-kit/tables';
import { createTestDatabase, ENGINES, type TestDatabase } from '../../helpers/database';

interface Row {
  id: number;
  label: string | null;
  day: string | null;
  share: number | null;
  flag: boolean | null;
}
// Every value COPY's text format treats specially: its separators, its escape and its null marker.
const ROWS: Row[] = [
  { id: 1, label: 'plain', day: '2024-02-29', share: 72.3, flag: true },
  { id: 2, label: 'tab\there', day: null, share: 1 / 3, flag: false },
  { id: 3, label: 'line\nbreak\r\nand back\\slash', day: '2019-01-01', share: null, flag: null },
  { id: 4, label: '\\N', day: '2020-12-31', share: 0, flag: true },
  { id: 5, label: null, day: '2021-06-15', share: -4.5, flag: false },
  { id: 6, label: '', day: '2022-03-01', share: 1e-7, flag: true },
  { id: 7, label: 'Gemeente \u00e9\u00e8n', day: '2023-07-04', share: 123456.789, flag: false },
];
const COLUMNS: Column<Row>[] = [
  { name: 'id', type: 'int', value: (row) => row.id },
  { name: 'label', type: 'text', value: (row) => row.label },
  { name: 'day', type: 'date', value: (row) => row.day },
  { name: 'share', type: 'numeric', value: (row) => row.share },
  { name: 'flag', type: 'boolean', value: (row) => row.flag },
];
const TABLE = '(id int primary key, label text, day date, share numeric, flag boolean)';

describe.each(ENGINES)('copyRows on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
    await db.exec(`create table inserted ${TABLE}; create table copied ${TABLE}`);
  });
  afterAll(() => db?.drop());

  test('when rows are copied in batches, then the table holds exactly what insertRows writes in one go', async () => {
    await insertRows(db, 'inserted', COLUMNS, ROWS);
    // A generator, as the seeds pass: batches of 3 make a full batch, another, and a short last one.
    expect(await copyRows(db, 'copied', COLUMNS, ROWS.values(), 3)).toBe(ROWS.length);
    const inserted = await db.query('select * from inserted order by id');
    expect(await db.query('select * from copied order by id')).toEqual(inserted);
    expect(inserted).toHaveLength(ROWS.length);
  });

  test('when a later batch fails inside a transaction, then none of the batches stays', async () => {
    await db.exec('truncate copied');
    function* failing() {
      yield* ROWS;
      throw new Error('generator failed after two batches');
    }
    await expect(db.transaction((tx) => copyRows(tx, 'copied', COLUMNS, failing(), 3))).rejects.toThrow(
      'generator failed',
    );
    expect(await db.query('select count(*)::int as rows from copied')).toEqual([{ rows: 0 }]);
  });
});
