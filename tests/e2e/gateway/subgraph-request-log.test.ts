import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import express from 'express';
import { parse } from 'graphql';
import { listen, type Listening } from '@buurtgraaf/platform';
import { createRequestLog } from '@buurtgraaf/subgraph-kit/plugins/request-log';
import { requireGatewaySignature } from '@buurtgraaf/subgraph-kit/trust/require-signature';
import { guardFields, useTrust, type TrustContext } from '@buurtgraaf/subgraph-kit/trust/use-trust';
import { createMigratedDatabase, type TestDatabase, PRIMARY_ENGINE } from '../../helpers/database';
import { forgetSigner, postGraphQL, registerSigner } from '../../helpers/http';
import { memoryLogger } from '../../helpers/logs';
import { careOf } from '../../helpers/partners';
import { ANALYST_CONTEXT } from '../../helpers/trust';

const SECRET = 'a-test-secret-of-at-least-32-characters-0001';

// The kit's request path (signature check, policy, audit) on a one-field schema, with the request
// log wired as kit/server.ts will wire it.
describe('the request log of a subgraph', () => {
  const { logger, lines, next } = memoryLogger();
  const requestLine = () => next((line) => line.msg === 'graphql request');
  let db: TestDatabase;
  let server: ApolloServer<TrustContext>;
  let http: Listening;
  let url: string;

  beforeAll(async () => {
    db = await createMigratedDatabase(PRIMARY_ENGINE, careOf().migrationsDir);
    const schema = guardFields(
      buildSubgraphSchema({
        typeDefs: parse('type Query { greeting: String secret: String }'),
        resolvers: { Query: { greeting: () => 'hallo', secret: () => 'x' } },
      }),
    );
    const requestLog = createRequestLog(logger);
    const policy = {
      default: 'allow' as const,
      rules: [{ fields: ['Query.secret'], organisations: ['nobody'], roles: ['*'], purposes: ['*'] }],
    };
    server = new ApolloServer<TrustContext>({
      schema,
      plugins: [ApolloServerPluginInlineTraceDisabled(), useTrust({ policy, db, logger }), requestLog.plugin],
    });
    await server.start();
    const app = express();
    app.use(
      '/graphql',
      ...requireGatewaySignature({ secret: SECRET, maxAgeSeconds: 60, bodyLimit: '1mb', logger }),
      requestLog.middleware,
      expressMiddleware(server, { context: async ({ res }) => ({ request: res.locals.requestContext }) }),
    );
    http = await listen(app, 0);
    url = `${http.url}/graphql`;
    registerSigner(url, SECRET, 'care');
  });
  afterAll(async () => {
    forgetSigner(url);
    await http?.close();
    await server?.stop();
    await db?.drop();
  });
  beforeEach(() => void lines.splice(0));

  test('when the gateway forwards a request, then one line carries its transaction id, caller, purpose and outcome, and no query text', async () => {
    await postGraphQL(
      url,
      { query: 'query Greeting__care__0 { greeting }' },
      {},
      { ...ANALYST_CONTEXT, operationName: 'Greeting' },
    );
    expect(await requestLine()).toMatchObject({
      transactionId: ANALYST_CONTEXT.transactionId,
      consumer: 'analyst',
      organisation: ANALYST_CONTEXT.organisation,
      purpose: 'neighbourhood-planning',
      operationName: 'Greeting',
      outcome: 'ok',
      errorCodes: [],
      status: 200,
    });
    expect(lines.filter((line) => line.msg === 'graphql request')).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('greeting }');
  });

  test('when the policy denies a field, then the line names it and the outcome is partial', async () => {
    await postGraphQL(url, { query: '{ greeting secret }' });
    expect(await requestLine()).toMatchObject({
      outcome: 'partial',
      errorCodes: ['FORBIDDEN'],
      denied: ['Query.secret'],
    });
  });

  test('when the audit record cannot be written, then the line shows the AUDIT_UNAVAILABLE answer the gateway really got', async () => {
    await db.exec(`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
      create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();`);
    try {
      const response = await postGraphQL(url, { query: '{ greeting }' });
      expect(response.status).toBe(503);
      expect(await requestLine()).toMatchObject({ outcome: 'error', errorCodes: ['AUDIT_UNAVAILABLE'], status: 503 });
    } finally {
      await db.exec('drop trigger refuse_audit on audit_log; drop function refuse_audit();');
    }
  });
});
