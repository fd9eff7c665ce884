import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { postGraphQL } from '../../helpers/http';
import { CONSUMERS, headersFor } from '../../helpers/trust';
import { PRIMARY_ENGINE } from '../../helpers/database';

const QUERY = '{ neighbourhood(code: "BU03440112") { name } }';
const HS_SECRET = 'a-jwt-secret-of-at-least-32-characters-long';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwtClaims = { org: 'woningcorporatie-demo', roles: ['analyst'], purposes: ['neighbourhood-planning'] };

describe('every client of the gateway is known and says why it asks', () => {
  let federation: SharedFederation;
  beforeAll(async () => {
    // Keys come from files the operator provides; the gateway reads them once at start-up.
    const keys = mkdtempSync(join(tmpdir(), 'buurtgraaf-jwt-'));
    writeFileSync(join(keys, 'hs256.secret'), HS_SECRET);
    writeFileSync(join(keys, 'rs256.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    const jwt = {
      issuer: 'https://login.example',
      audience: 'buurtgraaf',
      hs256SecretFile: join(keys, 'hs256.secret'),
      rs256PublicKeyFile: join(keys, 'rs256.pem'),
    };
    federation = await sharedFederation(PRIMARY_ENGINE, {}, { jwt });
  });
  afterAll(() => federation?.stop());
  const ask = (headers: Record<string, string>) => postGraphQL(federation.gatewayUrl, { query: QUERY }, headers);

  test('when a request has no credentials, then it is refused with 401 and a transaction id', async () => {
    const response = await ask({ 'x-purpose': 'neighbourhood-planning' });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.headers.get('x-transaction-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('when the API key is wrong, then it is refused', async () => {
    const response = await ask({ 'x-api-key': `${CONSUMERS.analyst.key}x`, 'x-purpose': 'neighbourhood-planning' });
    expect([response.status, response.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  test.each([
    ['no purpose', undefined, 400, 'PURPOSE_REQUIRED'],
    ['an unknown purpose', 'marketing', 403, 'PURPOSE_UNKNOWN'],
    ['a purpose the consumer may not use', 'care-planning', 403, 'PURPOSE_NOT_ALLOWED'],
  ])('when a known consumer declares %s, then it is refused with a clear error', async (_, purpose, status, code) => {
    const headers: Record<string, string> = {
      'x-api-key': CONSUMERS.analyst.key,
      ...(purpose ? { 'x-purpose': purpose } : {}),
    };
    const response = await ask(headers);
    expect([response.status, response.errors?.[0]?.extensions?.code]).toEqual([status, code]);
    expect(response.errors?.[0]?.message).toContain('neighbourhood-planning');
  });

  test('when an API key and an allowed purpose are sent, then the answer arrives', async () => {
    const response = await ask(headersFor('analyst'));
    expect(response.data).toEqual({ neighbourhood: { name: 'Oog in Al' } });
  });

  test.each([
    [
      'HS256',
      () =>
        new SignJWT(jwtClaims)
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('bi-tool')
          .setIssuer('https://login.example')
          .setAudience('buurtgraaf')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(HS_SECRET)),
    ],
    [
      'RS256',
      () =>
        new SignJWT(jwtClaims)
          .setProtectedHeader({ alg: 'RS256' })
          .setSubject('bi-tool')
          .setIssuer('https://login.example')
          .setAudience('buurtgraaf')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey),
    ],
  ])('when a %s token from the configured issuer is sent, then the consumer is known', async (_, token) => {
    const response = await ask({ authorization: `Bearer ${await token()}`, 'x-purpose': 'neighbourhood-planning' });
    expect(response.data).toEqual({ neighbourhood: { name: 'Oog in Al' } });
  });

  test('when a token is from another issuer, expired, without expiry, signed with the public key as HMAC secret, or has odd claims, then it is refused', async () => {
    const otherIssuer = await new SignJWT(jwtClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('https://evil.example')
      .setAudience('buurtgraaf')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(HS_SECRET));
    const expired = await new SignJWT(jwtClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('https://login.example')
      .setAudience('buurtgraaf')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 600)
      .sign(new TextEncoder().encode(HS_SECRET));
    const neverExpires = await new SignJWT(jwtClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('https://login.example')
      .setAudience('buurtgraaf')
      .setIssuedAt()
      .sign(new TextEncoder().encode(HS_SECRET));
    const rsaKeyAsHmacSecret = await new SignJWT(jwtClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('https://login.example')
      .setAudience('buurtgraaf')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(publicKey.export({ type: 'spki', format: 'pem' }).toString()));
    const formulaOrg = await new SignJWT({ ...jwtClaims, org: '=HYPERLINK("x")' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('https://login.example')
      .setAudience('buurtgraaf')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(HS_SECRET));
    for (const token of [otherIssuer, expired, neverExpires, rsaKeyAsHmacSecret, formulaOrg]) {
      expect((await ask({ authorization: `Bearer ${token}`, 'x-purpose': 'neighbourhood-planning' })).status).toBe(401);
    }
  });

  test('when a consumer without the developer role introspects, then it is refused; a developer may', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const analyst = await postGraphQL(federation.gatewayUrl, { query: introspection }, headersFor('analyst'));
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(analyst.data?.__schema).toBeUndefined();
    const developer = await postGraphQL(federation.gatewayUrl, { query: introspection }, headersFor('developer'));
    expect(developer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  test('when a query has a typo, then the error does not suggest field names', async () => {
    const response = await postGraphQL(
      federation.gatewayUrl,
      { query: '{ neighbourhood(code: "BU03440112") { nam } }' },
      headersFor('analyst'),
    );
    expect(response.errors?.[0]?.message).not.toMatch(/did you mean/i);
  });
});
