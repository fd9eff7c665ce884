import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '@buurtgraaf/subgraph-kit/database';
import { migrateSubgraph } from '@buurtgraaf/subgraph-kit/migrations';
import { parseEnv, listen, type Listening, createLogger } from '@buurtgraaf/platform';
import { createSubgraph } from '@buurtgraaf/subgraph-kit/server';
import { municipality, settings } from '../../../subgraphs/municipality/subgraph';
import { gatewayHeaders } from '../../helpers/http';

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
    return client
      .connect()
      .then(() => client.query(sql))
      .finally(() => client.end());
  };
  let asApp: Database;
  let asOwner: Database;

  beforeAll(async () => {
    await admin(`create role ${owner} login; create role ${app} login`);
    await admin(`create database ${database} owner ${owner}`);
    asOwner = await openDatabase({ url: urlFor(owner) }, 1);
    await migrateSubgraph(asOwner, join(__dirname, '..', '..', '..', 'subgraphs', 'care', 'migrations'));
    // Exactly the README's grants for care ("Two database roles in production").
    await asOwner.exec(`grant select on care_demand to ${app};
      grant insert (transaction_id, consumer, organisation, purpose, operation_name, document_hash,
                    subgraph_document_hash, fields_read, fields_denied, outcome, areas, arguments) on audit_log to ${app};
      grant execute on function claim_signature_nonce(text, timestamptz), forget_expired_signature_nonces() to ${app};`);
    asApp = await openDatabase({ url: urlFor(app) }, 1);
  });
  afterAll(async () => {
    await asApp?.close();
    await asOwner?.close();
    await admin(`drop database if exists ${database} with (force)`);
    await admin(`drop role if exists ${app}; drop role if exists ${owner}`);
  });

  test('when the serving role appends a record, then it is stored', async () => {
    await asApp.query(`insert into audit_log (transaction_id, consumer, organisation, purpose, subgraph_document_hash, fields_read, outcome)
      values ('t-1', 'c', 'o', 'p', 'h', '{}', 'OK')`);
    expect(await asOwner.query('select transaction_id from audit_log')).toEqual([{ transaction_id: 't-1' }]);
  });

  test('when the serving role reads the published aggregates, then it may', async () => {
    await expect(asApp.query('select count(*) from care_demand')).resolves.toHaveLength(1);
  });

  test.each([
    ['switch the triggers off', 'alter table audit_log disable trigger audit_log_no_change', /owner/],
    ['delete records', 'delete from audit_log', /permission denied/],
    ['change records', "update audit_log set outcome = 'OK'", /permission denied/],
    ['empty the log', 'truncate audit_log', /permission denied/],
    [
      'backdate a record',
      "insert into audit_log (at, transaction_id, consumer, organisation, purpose, subgraph_document_hash, fields_read, outcome) values ('2020-01-01', 't', 'c', 'o', 'p', 'h', '{}', 'OK')",
      /permission denied/,
    ],
    ['read the audit log', 'select * from audit_log', /permission denied/],
    ['read the raw client records', 'select * from care_client', /permission denied/],
    ['read the disclosure bookkeeping', 'select * from care_disclosure_rule', /permission denied/],
  ])('when the serving role tries to %s, then the database refuses', async (_, sql, reason) => {
    await expect(asApp.query(sql)).rejects.toThrow(reason);
  });

  test('when the serving role claims a signature nonce, then it gets it once, and it can neither list nor delete live nonces', async () => {
    const expires = new Date(Date.now() + 60_000).toISOString();
    const claim = () =>
      asApp.query<{ claimed: boolean }>('select claim_signature_nonce($1, $2) as claimed', [
        'nonce-of-the-role-test',
        expires,
      ]);
    expect(await claim()).toEqual([{ claimed: true }]);
    expect(await claim()).toEqual([{ claimed: false }]);
    await asApp.query('select forget_expired_signature_nonces()');
    await expect(asApp.query('delete from signature_nonce')).rejects.toThrow(/permission denied/);
  });
});

describeOnPostgres('a subgraph served with exactly the README grants', () => {
  const suffix = randomBytes(4).toString('hex');
  const [database, owner, app] = [`buurtgraaf_test_grants_${suffix}`, `bg_owner_${suffix}`, `bg_app_${suffix}`];
  const urlFor = (user: string) => {
    const url = new URL(adminUrl ?? '');
    url.username = user;
    url.password = '';
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    return client
      .connect()
      .then(() => client.query(sql))
      .finally(() => client.end());
  };
  let asApp: Database;
  let asOwner: Database;
  let http: Listening;
  let stopSubgraph: () => Promise<void>;
  const secret = 'grants-test-secret-that-is-long-enough-000000';

  beforeAll(async () => {
    await admin(`create role ${owner} login; create role ${app} login`);
    await admin(`create database ${database} owner ${owner}`);
    asOwner = await openDatabase({ url: urlFor(owner) }, 1);
    await migrateSubgraph(asOwner, municipality.migrationsDir);
    await municipality.seedDemo?.(asOwner);
    await asOwner.exec(`grant select on area, population, facility, vacant_building to ${app};
      grant insert (transaction_id, consumer, organisation, purpose, operation_name, document_hash,
                    subgraph_document_hash, fields_read, fields_denied, outcome, areas, arguments) on audit_log to ${app};
      grant execute on function claim_signature_nonce(text, timestamptz), forget_expired_signature_nonces() to ${app};`);
    asApp = await openDatabase({ url: urlFor(app) }, 2);
    const subgraph = await createSubgraph(municipality, {
      db: asApp,
      logger: createLogger('test', 'silent'),
      extra: parseEnv(settings, {}),
      trust: {
        gatewaySecret: secret,
        signatureMaxAgeSeconds: 60,
        policyFile: join(__dirname, '..', '..', '..', 'subgraphs', 'municipality', 'policy.json'),
      },
    });
    http = await listen(subgraph.app, 0);
    stopSubgraph = () => subgraph.stop();
  });
  afterAll(async () => {
    await http?.close(100);
    await stopSubgraph?.();
    await asApp?.close();
    await asOwner?.close();
    await admin(`drop database if exists ${database} with (force)`);
    await admin(`drop role if exists ${app}; drop role if exists ${owner}`);
  });

  test('when the gateway asks as usual, then the serving role answers, records the audit row and claims the nonce', async () => {
    const url = `${http.url}/graphql`;
    const body = JSON.stringify({
      query: '{ neighbourhood(code: "BU03440112") { name population(year: 2023) { total } } }',
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...gatewayHeaders(url, body, secret, 'municipality') },
      body,
    });
    const answer = (await response.json()) as { data?: { neighbourhood?: { name?: string } }; errors?: unknown };
    expect([response.status, answer.errors, answer.data?.neighbourhood?.name]).toEqual([200, undefined, 'Oog in Al']);
    expect(await asOwner.query('select areas, arguments from audit_log')).toEqual([
      { areas: ['BU03440112'], arguments: ['Neighbourhood.population(year: 2023)'] },
    ]);
    expect(await asOwner.query('select count(*)::int as n from signature_nonce')).toEqual([{ n: 1 }]);
  });
});
