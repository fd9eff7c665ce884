import { encodeRequestContext, signRequest } from '@buurtgraaf/protocol';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { gatewayHeaders } from '../../helpers/http';
import { CARE } from '../../helpers/partners';
import { ANALYST_CONTEXT } from '../../helpers/trust';
import { PRIMARY_ENGINE } from '../../helpers/database';

// An outsider who can reach a partner's subgraph, without going through the gateway.
describe('only the gateway reaches a subgraph', () => {
  let federation: SharedFederation;
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE);
  });
  afterAll(() => federation?.stop());

  const ENTITIES = JSON.stringify({
    query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Neighbourhood { ${CARE.replaceAll('-', '_')} { series { clients } } } } }`,
    variables: { r: [{ __typename: 'Neighbourhood', code: 'BU03440112' }] },
  });
  const SERVICE = JSON.stringify({ query: '{ _service { sdl } }' });
  const send = async (url: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
    };
  };
  const expectRefused = (result: Awaited<ReturnType<typeof send>>) => {
    expect(result.status).toBe(401);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  };

  test.each([
    ['_entities', ENTITIES],
    ['_service', SERVICE],
  ])('when %s is called without a signature, then it is refused with 401', async (_, body) => {
    expectRefused(await send(federation.subgraphs.care.url, body, {}));
  });

  test('when the signature is made with a guessed secret, then it is refused', async () => {
    const { care } = federation.subgraphs;
    expectRefused(
      await send(
        care.url,
        ENTITIES,
        gatewayHeaders(care.url, ENTITIES, 'a-guessed-secret-that-is-long-enough-000', CARE),
      ),
    );
  });

  test('when a signed request is replayed, then the copy is refused', async () => {
    const { care } = federation.subgraphs;
    const headers = gatewayHeaders(care.url, ENTITIES, care.secret, CARE);
    expect((await send(care.url, ENTITIES, headers)).status).toBe(200);
    expectRefused(await send(care.url, ENTITIES, headers));
  });

  test('when the signature is older than the allowed clock skew, then it is refused', async () => {
    const { care } = federation.subgraphs;
    const target = new URL(care.url);
    const old = signRequest(
      { method: 'POST', target: target.pathname, body: ENTITIES, context: encodeRequestContext(ANALYST_CONTEXT) },
      care.secret,
      CARE,
      Date.now() - 10 * 60_000,
    );
    expectRefused(await send(care.url, ENTITIES, old));
  });

  test('when a signed request gets another body or a wider context, then it is refused', async () => {
    const { care } = federation.subgraphs;
    const headers = gatewayHeaders(care.url, ENTITIES, care.secret, CARE);
    expectRefused(await send(care.url, SERVICE, headers));
    const fresh = gatewayHeaders(care.url, ENTITIES, care.secret, CARE);
    const widened = encodeRequestContext({ ...ANALYST_CONTEXT, roles: ['analyst', 'administrator'] });
    expectRefused(await send(care.url, ENTITIES, { ...fresh, 'buurtgraaf-context': widened }));
  });

  test('when the gateway signs, then the same request is answered, and no inline trace is returned even when asked for', async () => {
    const { care } = federation.subgraphs;
    const result = await send(care.url, ENTITIES, {
      ...gatewayHeaders(care.url, ENTITIES, care.secret, CARE),
      'apollo-federation-include-trace': 'ftv1',
    });
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).not.toContain('ftv1');
  });

  test('when signed headers are sent to another path, query or with another method, then they are refused', async () => {
    const { care } = federation.subgraphs;
    expectRefused(await send(`${care.url}?extra=1`, ENTITIES, gatewayHeaders(care.url, ENTITIES, care.secret, CARE)));
    const get = await fetch(care.url, {
      method: 'GET',
      headers: { ...gatewayHeaders(care.url, '', care.secret, CARE), 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(401);
  });
});
