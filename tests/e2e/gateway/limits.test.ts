import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { postGraphQL } from '../../helpers/http';
import { headersFor } from '../../helpers/trust';
import { PRIMARY_ENGINE } from '../../helpers/database';

const DOCUMENTS = join(__dirname, '..', '..', '..', 'schema', 'documents');

describe('operation limits', () => {
  let federation: SharedFederation;
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE, {
      GATEWAY_MAX_DEPTH: '6',
      GATEWAY_MAX_ALIASES: '5',
      GATEWAY_MAX_DIRECTIVES: '3',
      GATEWAY_MAX_TOKENS: '400',
    });
  });
  afterAll(() => federation?.stop());
  const refusal = async (query: string) => {
    const response = await federation.query(query);
    expect(response.data).toBeUndefined();
    return {
      status: response.status,
      code: response.errors?.[0]?.extensions?.code,
      message: response.errors?.[0]?.message ?? '',
    };
  };

  test('when an operation is too deep, then it is refused before any partner is asked', async () => {
    const deep =
      '{ neighbourhood(code: "BU03440112") { district { municipality { districts { neighbourhoods { district { name } } } } } } }';
    expect(await refusal(deep)).toEqual({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: expect.stringContaining('depth limit of 6'),
    });
  });

  test('when an operation has too many aliases, also on __typename, then it is refused', async () => {
    const aliases = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect(await refusal(aliases)).toMatchObject({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      message: expect.stringContaining('Aliases limit of 5'),
    });
  });

  test('when an operation has too many directives, then it is refused', async () => {
    expect(
      await refusal('{ __typename @include(if: true) @include(if: true) @skip(if: false) @skip(if: false) }'),
    ).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  test('when a document has too many tokens, then it is a 400 parse error, not a 500', async () => {
    const huge = `{ ${'__typename '.repeat(500)} }`;
    expect(await refusal(huge)).toMatchObject({
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
      message: expect.stringMatching(/token/i),
    });
  });

  test('when a request body is not GraphQL at all, then it is a 400 with a clear message', async () => {
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headersFor('analyst') },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
  });

  test('when batched requests are sent while they are off, then they are refused', async () => {
    const response = await fetch(federation.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headersFor('analyst') },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });
});

describe('the cost limit', () => {
  let federation: SharedFederation;
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE);
  });
  afterAll(() => federation?.stop());

  test('when a BI tool pulls the whole country in one page, then the default limit lets it through', async () => {
    const indicators = readFileSync(join(DOCUMENTS, 'indicators.graphql'), 'utf8').replace(
      'first: 1000',
      'first: 20000',
    );
    const { errors, data } = await federation.query(indicators, { year: 2023 });
    expect(errors).toBeUndefined();
    expect(data.neighbourhoods.totalCount).toBe(111);
  });

  test('when an operation would fan out over every neighbourhood of every municipality with their facilities, then it is refused with its cost', async () => {
    const fanOut =
      '{ municipalities { neighbourhoods { facilities { name kind } vacantBuildings { address } populationHistory { total } } } }';
    const { status, errors } = await federation.query(fanOut);
    expect(status).toBe(400);
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'COST_LIMIT_EXCEEDED',
      limit: 1_000_000,
      cost: expect.any(Number),
    });
  });

  test('when variables make a page bigger, then the cost follows the variables', async () => {
    const query =
      'query ($n: Int) { neighbourhoods(first: $n) { nodes { facilities { name kind } vacantBuildings { address } populationHistory { total } } } }';
    expect((await federation.query(query, { n: 100 })).errors).toBeUndefined();
    expect((await federation.query(query, { n: 20000 })).errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
  });
});

describe('trusted documents', () => {
  let federation: SharedFederation;
  const manifest = JSON.parse(readFileSync(join(DOCUMENTS, '..', 'trusted-documents.json'), 'utf8')) as {
    operations: { id: string; name: string; body: string }[];
  };
  const indicators = manifest.operations.find((operation) => operation.name === 'Indicators');
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE, { GATEWAY_ANY_DOCUMENT_ROLES: 'developer' });
  });
  afterAll(() => federation?.stop());

  test('when a BI tool sends the id of a trusted document, then the gateway runs it', async () => {
    const byId = await postGraphQL(
      federation.gatewayUrl,
      { documentId: `sha256:${indicators?.id}`, variables: { municipality: 'GM0344', year: 2023 } } as never,
      headersFor('analyst'),
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data.neighbourhoods.totalCount).toBe(111);
    const apollo = await postGraphQL(
      federation.gatewayUrl,
      {
        extensions: { persistedQuery: { version: 1, sha256Hash: indicators?.id } },
        variables: { year: 2023 },
      } as never,
      headersFor('analyst'),
    );
    expect(apollo.errors).toBeUndefined();
  });

  test('when an unknown id is sent, then the error says so', async () => {
    const response = await postGraphQL(
      federation.gatewayUrl,
      { documentId: 'sha256:' + '0'.repeat(64) } as never,
      headersFor('analyst'),
    );
    expect([response.status, response.errors?.[0]?.extensions?.code]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
  });

  test('when a consumer limited to trusted documents sends its own document, then it is refused; the same text as the trusted one passes', async () => {
    const own = await federation.query('{ municipalities { name } }', undefined, 'analyst');
    expect([own.status, own.errors?.[0]?.extensions?.code]).toEqual([403, 'DOCUMENT_NOT_TRUSTED']);
    const sameText = await federation.query(indicators?.body ?? '', { year: 2023 }, 'analyst');
    expect(sameText.errors).toBeUndefined();
  });

  test('when a developer sends its own document, then it runs', async () => {
    const { data, errors } = await federation.query('{ municipalities { name } }', undefined, 'developer');
    expect(errors).toBeUndefined();
    expect(data.municipalities).toEqual([{ name: 'Utrecht' }]);
  });
});
