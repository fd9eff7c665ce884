import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { postGraphQL, type GraphQLResponse } from '../../helpers/http';
import { headersFor, type ConsumerName } from '../../helpers/trust';
import { PRIMARY_ENGINE } from '../../helpers/database';

// The holes of issue 12 that an outside client reaches through the running gateway.
const manifest = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'schema', 'trusted-documents.json'), 'utf8'),
) as { operations: { id: string; name: string; body: string }[] };
const indicators = manifest.operations.find((operation) => operation.name === 'Indicators');
if (!indicators) throw new Error('the manifest has no Indicators document');

describe('trusted documents, cost and client mistakes at the gateway', () => {
  let federation: SharedFederation;
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE, { GATEWAY_ANY_DOCUMENT_ROLES: 'developer' });
  });
  afterAll(() => federation?.stop());

  /** A GET as Apollo accepts it (the preflight header satisfies its CSRF prevention). */
  const get = async (params: Record<string, string>, as: ConsumerName = 'analyst'): Promise<GraphQLResponse> => {
    const response = await fetch(`${federation.gatewayUrl}?${new URLSearchParams(params)}`, {
      headers: { ...headersFor(as), 'apollo-require-preflight': 'true' },
    });
    return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
  };
  const post = (body: Record<string, unknown>, as: ConsumerName = 'analyst') =>
    postGraphQL(federation.gatewayUrl, body as never, headersFor(as));
  const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

  describe('trusted documents over GET and POST', () => {
    test('when a consumer limited to trusted documents sends its own query with a trusted id over GET, then its query does not run', async () => {
      const sneaky = await get({ query: '{ municipalities { name } }', documentId: `sha256:${indicators.id}` });
      expect(sneaky.data).toBeUndefined();
      expect([sneaky.status, code(sneaky)]).toEqual([400, 'BAD_REQUEST']);
      const own = await get({ query: '{ municipalities { name } }' });
      expect([own.status, code(own)]).toEqual([403, 'DOCUMENT_NOT_TRUSTED']);
    });

    test('when a GET carries only a document id, then the trusted document runs, as over POST', async () => {
      const variables = JSON.stringify({ municipality: 'GM0344', year: 2023 });
      for (const id of [`sha256:${indicators.id}`, indicators.id]) {
        const byId = await get({ documentId: id, variables });
        expect(byId.errors).toBeUndefined();
        expect(byId.data.neighbourhoods.totalCount).toBe(111);
      }
      const apollo = await get({
        extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: indicators.id } }),
        variables,
      });
      expect(apollo.errors).toBeUndefined();
      expect(apollo.data.neighbourhoods.totalCount).toBe(111);
    });

    test('when a POST carries both a query and a document id, then it is refused, whoever sends it', async () => {
      for (const as of ['analyst', 'developer'] as const) {
        const both = await post(
          { query: '{ municipalities { name } }', documentId: indicators.id, variables: { year: 2023 } },
          as,
        );
        expect([both.status, code(both), both.data]).toEqual([400, 'BAD_REQUEST', undefined]);
        const apollo = await post(
          {
            query: '{ municipalities { name } }',
            extensions: { persistedQuery: { version: 1, sha256Hash: indicators.id } },
          },
          as,
        );
        expect([apollo.status, code(apollo)]).toEqual([400, 'BAD_REQUEST']);
      }
    });

    test('when a GET repeats the document id, then it is refused rather than one copy picked', async () => {
      const params = new URLSearchParams([
        ['documentId', indicators.id],
        ['documentId', '0'.repeat(64)],
      ]);
      const response = await fetch(`${federation.gatewayUrl}?${params}`, {
        headers: { ...headersFor('analyst'), 'apollo-require-preflight': 'true' },
      });
      expect(response.status).toBe(400);
    });
  });

  describe('the cost limit and its cache', () => {
    const FAN_OUT =
      'query ($f: Int = 20000) { neighbourhoods(first: $f) { nodes { facilities { name kind } vacantBuildings { address } populationHistory { total } } } }';

    test('when a null primes the cost of a document, then leaving the variable out (its default 20000 applies) is still priced and refused', async () => {
      const primed = await post({ query: FAN_OUT, variables: { f: null } }, 'developer');
      expect(code(primed)).not.toBe('COST_LIMIT_EXCEEDED');
      const defaulted = await post({ query: FAN_OUT, variables: {} }, 'developer');
      expect([defaulted.status, code(defaulted), defaulted.data]).toEqual([400, 'COST_LIMIT_EXCEEDED', undefined]);
    });

    test('when a variable has the wrong type, then it is a 400 BAD_USER_INPUT every time, not a 500 first', async () => {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const wrong = await post(
          { query: 'query ($n: Int) { neighbourhoods(first: $n) { totalCount } }', variables: { n: 'twenty' } },
          'developer',
        );
        expect([wrong.status, code(wrong)]).toEqual([400, 'BAD_USER_INPUT']);
        expect(wrong.errors?.[0]?.message).toMatch(/\$n/);
      }
    });
  });

  describe('client mistakes are 400s with a clear message', () => {
    test('when a required variable is missing, then it is a 400 naming it', async () => {
      const missing = await post(
        { query: 'query ($code: ID!) { neighbourhood(code: $code) { name } }', variables: {} },
        'developer',
      );
      expect([missing.status, code(missing)]).toEqual([400, 'BAD_USER_INPUT']);
      expect(missing.errors?.[0]?.message).toMatch(/\$code/);
    });

    test('when operationName names no operation of the document, then it is a 400 saying so', async () => {
      const unknown = await post(
        { query: 'query A { __typename } query B { __typename }', operationName: 'C' },
        'developer',
      );
      expect([unknown.status, code(unknown)]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
      expect(unknown.errors?.[0]?.message).toContain('"C"');
      const unnamed = await post({ query: 'query A { __typename } query B { __typename }' }, 'developer');
      expect([unnamed.status, code(unnamed)]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
    });

    test('when a document has ten unknown directives, then the answer stops at a few validation errors', async () => {
      const directives = Array.from({ length: 10 }, (_, i) => `@unknown${i}`).join(' ');
      const response = await post({ query: `{ __typename ${directives} }` }, 'developer');
      expect([response.status, code(response)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
      expect(response.errors?.length).toBeLessThanOrEqual(6);
    });
  });

  describe('aliases and @requires', () => {
    test('when an alias takes the name of a field a @requires reads (floorArea: address), then the document is refused with a clear validation error', async () => {
      const forged = await post(
        { query: '{ neighbourhood(code: "BU03440112") { vacantBuildings { floorArea: address } } }' },
        'developer',
      );
      expect([forged.status, code(forged), forged.data]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED', undefined]);
      expect(forged.errors?.[0]?.message).toMatch(/alias "floorArea".*reserved/);
      const inputs = await post({ query: '{ neighbourhood(code: "BU03440112") { code: name } }' }, 'developer');
      expect([inputs.status, code(inputs)]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    });

    test('when aliases take names nothing requires, or a field its own name, then the document runs', async () => {
      const fine = await post(
        {
          query:
            '{ neighbourhood(code: "BU03440112") { title: name code: code vacantBuildings { floorArea: floorArea where: address } } }',
        },
        'developer',
      );
      expect(fine.errors).toBeUndefined();
      expect(fine.data.neighbourhood.title).toBe('Oog in Al');
    });
  });
});
