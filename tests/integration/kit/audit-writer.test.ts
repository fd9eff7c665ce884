import { join } from 'node:path';
import { observeQueries } from '@buurtgraaf/subgraph-kit/database';
import { auditWriter, type AuditRecord } from '@buurtgraaf/subgraph-kit/trust/audit-writer';
import { createMigratedDatabase, ENGINES, type TestDatabase } from '../../helpers/database';

const CARE_MIGRATIONS = join(__dirname, '..', '..', '..', 'subgraphs', 'care', 'migrations');

const record = (transactionId: string, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  transactionId,
  consumer: 'analyst',
  organisation: 'gemeente-utrecht',
  purpose: 'neighbourhood-planning',
  operationName: 'Profile',
  documentHash: null,
  subgraphDocumentHash: 'f'.repeat(64),
  read: ['Neighbourhood.careDemand'],
  denied: [],
  outcome: 'OK',
  areas: ['BU03440112'],
  arguments: ['Neighbourhood.careDemand(year: 2023)'],
  ...overrides,
});

describe.each(ENGINES)('the audit log writer on %s', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createMigratedDatabase(engine, CARE_MIGRATIONS);
  });
  afterAll(() => db?.drop());

  test('when many requests finish at once, then every record is written, in fewer statements than records', async () => {
    const statements: string[] = [];
    const write = auditWriter(observeQueries(db, (sql) => statements.push(sql)));
    const ids = Array.from({ length: 40 }, (_, index) => `batch-${index}`);
    await Promise.all(ids.map((id) => write(record(id))));
    const rows = await db.query<{ transaction_id: string; fields_read: string[] }>(
      "select transaction_id, fields_read from audit_log where transaction_id like 'batch-%'",
    );
    expect(rows.map((row) => row.transaction_id).sort()).toEqual([...ids].sort());
    expect(rows[0]?.fields_read).toEqual(['Neighbourhood.careDemand']);
    // The first record goes alone; the 39 that queued behind it go together.
    expect(statements).toHaveLength(2);
  });

  test('when one record of a batch cannot be written, then only its own request is refused and the others are logged', async () => {
    const write = auditWriter(db);
    const broken = record('mixed-broken', { consumer: null as unknown as string });
    const results = await Promise.allSettled(
      [record('mixed-0'), record('mixed-1'), broken, record('mixed-2')].map(write),
    );
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const rows = await db.query<{ transaction_id: string }>(
      "select transaction_id from audit_log where transaction_id like 'mixed-%' order by 1",
    );
    expect(rows.map((row) => row.transaction_id)).toEqual(['mixed-0', 'mixed-1', 'mixed-2']);
  });
});
