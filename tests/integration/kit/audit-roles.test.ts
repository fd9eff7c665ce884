import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../../subgraphs/kit/database';
import { migrateSubgraph } from '../../../subgraphs/kit/migrations';

const adminUrl = process.env.TEST_DATABASE_URL;
// PGlite has a single role, so owner and serving role cannot be told apart there: these tests
// need a real PostgreSQL (CI has one; a laptop without one runs the PGlite suites only).
const describeOnPostgres = adminUrl ? describe : describe.skip;

describeOnPostgres('the audit log against the role that serves requests', () => {
  const suffix = randomBytes(4).toString('hex');
  const [database, owner, app] = [`buurtgraaf_test_roles_${suffix}`, `bg_owner_${suffix}`, `bg_app_${suffix}`];
  const urlFor = (user: string) => {
    const url = new URL(adminUrl ?? '');
    url.username = user;
    url.password = '';
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    return client.connect().then(() => client.query(sql)).finally(() => client.end());
  };
  let asApp: Database;

  beforeAll(async () => {
    await admin(`create role ${owner} login; create role ${app} login`);
    await admin(`create database ${database} owner ${owner}`);
    const asOwner = await openDatabase({ url: urlFor(owner) }, 1);
    await migrateSubgraph(asOwner, join(__dirname, '..', '..', '..', 'subgraphs', 'care', 'migrations'));
    await asOwner.exec(`grant select on all tables in schema public to ${app}; grant insert on audit_log to ${app};
      grant execute on function claim_signature_nonce(text, timestamptz), forget_expired_signature_nonces() to ${app};`);
    await asOwner.close();
    asApp = await openDatabase({ url: urlFor(app) }, 1);
  });
  afterAll(async () => {
    await asApp?.close();
    await admin(`drop database if exists ${database} with (force)`);
    await admin(`drop role if exists ${app}; drop role if exists ${owner}`);
  });

  test('when the serving role appends a record, then it is stored', async () => {
    await asApp.query(`insert into audit_log (transaction_id, consumer, organisation, purpose, subgraph_document_hash, fields_read, outcome)
      values ('t-1', 'c', 'o', 'p', 'h', '{}', 'OK')`);
    expect(await asApp.query('select transaction_id from audit_log')).toEqual([{ transaction_id: 't-1' }]);
  });

  test.each([
    ['switch the triggers off', 'alter table audit_log disable trigger audit_log_no_change', /owner/],
    ['delete records', 'delete from audit_log', /permission denied/],
    ['change records', "update audit_log set outcome = 'OK'", /permission denied/],
    ['empty the log', 'truncate audit_log', /permission denied/],
  ])('when the serving role tries to %s, then the database refuses', async (_, sql, reason) => {
    await expect(asApp.query(sql)).rejects.toThrow(reason);
  });

  test('when the serving role claims a signature nonce, then it gets it once, and it can neither list nor delete live nonces', async () => {
    const expires = new Date(Date.now() + 60_000).toISOString();
    const claim = () => asApp.query<{ claimed: boolean }>('select claim_signature_nonce($1, $2) as claimed', ['nonce-of-the-role-test', expires]);
    expect(await claim()).toEqual([{ claimed: true }]);
    expect(await claim()).toEqual([{ claimed: false }]);
    await asApp.query('select forget_expired_signature_nonces()');
    await expect(asApp.query('delete from signature_nonce')).rejects.toThrow(/permission denied/);
  });
});
