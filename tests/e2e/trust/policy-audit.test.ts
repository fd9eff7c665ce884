import { partnersOfKind } from '../../../schema/subgraphs';
import { startFederation, type Federation } from '../../helpers/federation';
import { CARE } from '../../helpers/partners';
import { headersFor } from '../../helpers/trust';
import { exportAuditLog } from '@buurtgraaf/subgraph-kit/trust/audit-export';
import { PRIMARY_ENGINE } from '../../helpers/database';

const PROFILE =
  '{ neighbourhood(code: "BU03440112") { name population(year: 2023) { total } socialHousing(year: 2023) { dwellings } careDemand(year: 2023) { clients } } }';

const CORPORATIONS = partnersOfKind('housing');
const PROVIDERS = partnersOfKind('care');

interface AuditRow {
  transaction_id: string;
  consumer: string;
  organisation: string;
  purpose: string;
  operation_name: string | null;
  document_hash: string | null;
  fields_read: string[];
  fields_denied: string[];
  outcome: string;
}

describe('each partner decides and logs at its source', () => {
  let federation: Federation;
  beforeAll(async () => {
    federation = await startFederation(PRIMARY_ENGINE);
  });
  afterAll(() => federation?.stop());
  const auditOf = (partner: 'municipality' | 'housing' | 'care', transactionId: string) =>
    federation.subgraphs[partner].db.query<AuditRow>('select * from audit_log where transaction_id = $1', [
      transactionId,
    ]);

  test('when a consumer without care rights asks for a profile, then care and housing fields are null with FORBIDDEN from each partner, and the rest arrives', async () => {
    const { data, errors } = await federation.query(PROFILE, undefined, 'viewer');
    expect(data.neighbourhood).toEqual({
      name: 'Oog in Al',
      population: { total: 4200 },
      socialHousing: null,
      careDemand: null,
    });
    // Each corporation and each provider refuses for itself, naming the part of its answer it withholds.
    expect(errors?.map((error) => [error.extensions?.code, error.extensions?.field]).sort()).toEqual([
      // Its figures (the compact series the combiner reads), under the provider's policy.
      ...PROVIDERS.map(() => ['FORBIDDEN', 'CareContribution.figures']),
      // The masked share for the secure sum is under the same policy as the figures.
      ...PROVIDERS.map(() => ['FORBIDDEN', 'CareContribution.share']),
      // Which years it has figures for would tell where it has clients at all: the same policy too.
      ...PROVIDERS.map(() => ['FORBIDDEN', 'CareContribution.years']),
      ...CORPORATIONS.map(() => ['FORBIDDEN', 'HousingContribution.figures']),
      ...CORPORATIONS.map(() => ['FORBIDDEN', 'HousingContribution.years']),
    ]);
  });

  test('when an operation runs, then every partner it touched logs the same transaction id, who asked, why and which fields were read', async () => {
    const response = await federation.query(`query Profile ${PROFILE}`);
    const transactionId = response.headers.get('x-transaction-id') ?? '';
    expect(transactionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const partner of ['municipality', 'housing', 'care'] as const) {
      const rows = await auditOf(partner, transactionId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        consumer: 'analyst',
        organisation: 'gemeente-utrecht',
        purpose: 'neighbourhood-planning',
        operation_name: 'Profile',
        outcome: 'OK',
      });
      expect(rows[0]?.document_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect((await auditOf('care', transactionId))[0]?.fields_read).toEqual(
      // The figures travel as one compact field: reading it reads every disclosed count of the area.
      expect.arrayContaining(['CareContribution.figures', 'Neighbourhood.care_stadszorg']),
    );
    expect((await auditOf('municipality', transactionId))[0]?.fields_read).toEqual(
      expect.arrayContaining(['Query.neighbourhood', 'Neighbourhood.name']),
    );
  });

  test('when a denied consumer asks, then the partner logs the refusal too', async () => {
    const response = await federation.query(PROFILE, undefined, 'viewer');
    const [row] = await auditOf('care', response.headers.get('x-transaction-id') ?? '');
    expect(row).toMatchObject({ organisation: 'woonbond', outcome: 'DENIED' });
    // Nothing of care left the partner; what was asked for is recorded as refused.
    expect(row?.fields_read).not.toContain('CareContribution.figures');
    expect(row?.fields_denied).toEqual(expect.arrayContaining(['CareContribution.figures', 'CareContribution.share']));
  });

  test('when a trusted caller brings its own transaction id, then it is used everywhere; from anyone else it is replaced', async () => {
    const own = 'bi-refresh-2026-11-29-0001';
    const trusted = await federation.query(PROFILE, undefined, { ...headersFor('trusted'), 'x-transaction-id': own });
    expect(trusted.headers.get('x-transaction-id')).toBe(own);
    expect(await auditOf('care', own)).toHaveLength(1);
    const forged = await federation.query(PROFILE, undefined, {
      ...headersFor('analyst'),
      'x-transaction-id': 'forged-transaction-id-01',
    });
    expect(forged.headers.get('x-transaction-id')).not.toBe('forged-transaction-id-01');
    expect(await auditOf('care', 'forged-transaction-id-01')).toHaveLength(0);
  });

  test.each([
    ['update', "update audit_log set outcome = 'OK'"],
    ['delete', 'delete from audit_log'],
    ['truncate', 'truncate audit_log'],
  ])('when anyone tries to %s the audit log, then the database refuses', async (_, sql) => {
    await federation.query(PROFILE);
    await expect(federation.subgraphs.care.db.query(sql)).rejects.toThrow(/append-only/);
  });

  test("when a care provider's database refuses the audit insert, then that provider sends nothing and says why, and the sums say it is missing", async () => {
    const { db } = federation.subgraphs.care;
    await db.exec(`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
      create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();`);
    try {
      const { data, errors } = await federation.query(
        '{ neighbourhood(code: "BU03440112") { name socialHousing(year: 2023) { dwellings } careDemand(year: 2023) { coverage { complete missing { partner { id } status } } } } }',
      );
      expect(data.neighbourhood).toMatchObject({ name: 'Oog in Al', socialHousing: { dwellings: expect.any(Number) } });
      for (const cell of data.neighbourhood.careDemand)
        expect(cell.coverage).toEqual({ complete: false, missing: [{ partner: { id: CARE }, status: 'UNAVAILABLE' }] });
      expect(errors?.map((error) => error.extensions)).toEqual([
        expect.objectContaining({ code: 'AUDIT_UNAVAILABLE', partner: CARE }),
      ]);
    } finally {
      await db.exec('drop trigger refuse_audit on audit_log; drop function refuse_audit();');
    }
  });

  test('when the privacy officer exports the log for one organisation, then it gets exactly its requests as CSV', async () => {
    const viewer = await federation.query(PROFILE, undefined, 'viewer');
    const csv = await exportAuditLog(
      federation.subgraphs.care.db,
      { organisation: 'woonbond', from: '2000-01-01' },
      'csv',
    );
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toBe(
      'at,transaction_id,consumer,organisation,purpose,operation_name,document_hash,subgraph_document_hash,fields_read,fields_denied,outcome,areas,arguments',
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.includes('"woonbond"'))).toBe(true);
    expect(csv).toContain(viewer.headers.get('x-transaction-id'));
    expect(
      await exportAuditLog(federation.subgraphs.care.db, { organisation: 'woonbond', to: '2000-01-01' }, 'json'),
    ).toBe('[]\n');
  });
});
