import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFederation, type SharedFederation } from '../../helpers/shared-federation';
import { postGraphQL, type GraphQLResponse } from '../../helpers/http';
import { headersFor, type ConsumerName } from '../../helpers/trust';
import { PRIMARY_ENGINE } from '../../helpers/database';

// Issue 16: an app team builds on the graph in the production setting, where a consumer may run
// only trusted documents (GATEWAY_ANY_DOCUMENT_ROLES=developer), from a browser on its own origin.
const manifest = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'schema', 'trusted-documents.json'), 'utf8'),
) as { operations: { id: string; name: string; body: string }[] };
const idOf = (name: string) => {
  const operation = manifest.operations.find((o) => o.name === name);
  if (!operation) throw new Error(`the manifest has no ${name} document`);
  return operation.id;
};
const APP_ORIGIN = 'http://buurtprofiel.example';

describe('apps on the graph', () => {
  let federation: SharedFederation;
  let base: string;
  beforeAll(async () => {
    federation = await sharedFederation(PRIMARY_ENGINE, {
      GATEWAY_ANY_DOCUMENT_ROLES: 'developer',
      GATEWAY_CORS_ORIGINS: `${APP_ORIGIN}, http://localhost:4080`,
      GATEWAY_EXPLORER: 'on',
    });
    base = federation.gatewayUrl.replace(/\/graphql$/, '');
  });
  afterAll(() => federation?.stop());

  const byId = (name: string, variables: Record<string, unknown>, as: ConsumerName = 'analyst') =>
    postGraphQL(federation.gatewayUrl, { documentId: `sha256:${idOf(name)}`, variables } as never, headersFor(as));
  const getById = async (name: string, variables: Record<string, unknown>): Promise<GraphQLResponse> => {
    const params = new URLSearchParams({ documentId: `sha256:${idOf(name)}`, variables: JSON.stringify(variables) });
    const response = await fetch(`${federation.gatewayUrl}?${params}`, {
      headers: { ...headersFor('analyst'), 'apollo-require-preflight': 'true' },
    });
    return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
  };
  const code = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

  describe('trusted documents that take variables', () => {
    test('when a consumer limited to trusted documents asks the profile of another neighbourhood and year, then it gets that one', async () => {
      const response = await byId('NeighbourhoodProfile', { code: 'BU03440112', year: 2024, targetGroup: 'YOUTH' });
      expect(response.errors).toBeUndefined();
      expect(response.data.neighbourhood).toMatchObject({
        code: 'BU03440112',
        name: 'Oog in Al',
        population: { year: 2024 },
        socialHousing: { year: 2024 },
      });
      expect(response.data.neighbourhood.careDemand.every((d: { year: number }) => d.year === 2024)).toBe(true);
      // Without variables the document still answers the README's example (Welgelegen, 2023).
      const defaults = await byId('NeighbourhoodProfile', {});
      expect(defaults.data.neighbourhood.population).toMatchObject({ year: 2023, total: 1810, source: 'CBS' });
    });

    test('when it asks the advice for Beatrixstraat 94 by id, then the ranked destinations with their criteria arrive', async () => {
      const response = await byId('VacantBuildingAdvice', { code: 'BU03440111' });
      expect(response.errors).toBeUndefined();
      const [building] = response.data.neighbourhood.vacantBuildings;
      expect(building.address).toBe('Beatrixstraat 94');
      expect(building.destinationAdvice.candidates[0]).toMatchObject({ rank: 1, destination: 'CARE_HOUSING_ELDERLY' });
      expect(building.destinationAdvice.candidates[0].criteria.length).toBeGreaterThan(0);
      expect(building.destinationAdvice.missingInputs).toEqual(expect.any(Array));
      expect(response.data.neighbourhood.insights.indicators.map((i: { kind: string }) => i.kind)).toContain(
        'CARE_DEMAND_RATE',
      );
    });

    test('when it asks insights with comparison and trends, per-partner figures, entry points and the search list, then each answers', async () => {
      const insights = await byId('NeighbourhoodInsights', {
        code: 'BU03440111',
        kinds: ['SHARE_65_PLUS'],
        year: 2023,
      });
      expect(insights.errors).toBeUndefined();
      expect(insights.data.neighbourhood.insights.indicators).toEqual([
        expect.objectContaining({
          kind: 'SHARE_65_PLUS',
          comparison: expect.objectContaining({ year: 2023 }),
          trend: expect.objectContaining({ method: expect.any(String) }),
        }),
      ]);

      const partners = await byId('PartnerFigures', { code: 'BU03440111', year: 2023, targetGroup: 'DISABILITY' });
      expect(partners.errors).toBeUndefined();
      expect(partners.data.neighbourhood.careDemand).toEqual([expect.objectContaining({ targetGroup: 'DISABILITY' })]);
      const byProvider = partners.data.neighbourhood.careDemandByProvider;
      expect(byProvider.map((p: { provider: { id: string } }) => p.provider.id).sort()).toEqual([
        'care-stadszorg',
        'care-wijkteam',
      ]);
      // Stadszorg hides its DISABILITY count in Welgelegen (README): a hidden count is null, never 0.
      expect(
        byProvider.find((p: { provider: { id: string } }) => p.provider.id === 'care-stadszorg').careDemand,
      ).toEqual([expect.objectContaining({ targetGroup: 'DISABILITY', clients: null, suppressed: true })]);
      expect(partners.data.neighbourhood.socialHousingByCorporation).toHaveLength(2);

      const entry = await byId('EntryPoints', {
        district: 'WK034401',
        municipality: 'GM0344',
        populationYear: 2024,
        year: 2023,
        targetGroup: 'ELDERLY',
      });
      expect(entry.errors).toBeUndefined();
      expect(entry.data.district.socialHousing.dwellings).toBe(2976);
      expect(entry.data.municipality.name).toBe('Utrecht');

      const search = await byId('NeighbourhoodSearch', { municipality: 'GM0344', first: 500 });
      expect(search.errors).toBeUndefined();
      expect(search.data.neighbourhoods.totalCount).toBe(111);
      expect(search.data.neighbourhoods.nodes).toContainEqual(
        expect.objectContaining({ code: 'BU03440111', name: 'Welgelegen, Den Hommel' }),
      );

      const page = await byId('Buurtprofiel', { code: 'BU03440111', year: 2023 });
      expect(page.errors).toBeUndefined();
      expect(page.data.neighbourhood.population.total).toBe(1810);
    });

    test('when a variable the document does not declare is sent over POST, by id or as text, then it is refused with 400 UNDECLARED_VARIABLE', async () => {
      const misspelt = await byId('NeighbourhoodProfile', { neighbourhood: 'BU03440112' });
      expect([misspelt.status, code(misspelt)]).toEqual([400, 'UNDECLARED_VARIABLE']);
      expect(misspelt.errors?.[0]?.message).toMatch(/\$neighbourhood/);
      expect(misspelt.data).toBeUndefined();
      // Indicators has no $first: a page size sent as a variable would be silently ignored.
      const asText = await federation.query(manifest.operations.find((o) => o.name === 'Indicators')?.body ?? '', {
        municipality: 'GM0344',
        year: 2023,
        first: 10,
      });
      expect([asText.status, code(asText)]).toEqual([400, 'UNDECLARED_VARIABLE']);
      // A developer's own document is held to the same rule.
      const own = await federation.query(
        'query ($code: ID!) { neighbourhood(code: $code) { name } }',
        { code: 'BU03440112', year: 2023 },
        'developer',
      );
      expect([own.status, code(own)]).toEqual([400, 'UNDECLARED_VARIABLE']);
    });

    test('when a variable the document does not declare is sent over GET, then it is refused the same way; declared ones pass', async () => {
      const refused = await getById('PartnerFigures', { code: 'BU03440111', year: 2023, targetgroup: 'YOUTH' });
      expect([refused.status, code(refused)]).toEqual([400, 'UNDECLARED_VARIABLE']);
      const answered = await getById('PartnerFigures', { code: 'BU03440111', year: 2023, targetGroup: 'YOUTH' });
      expect(answered.errors).toBeUndefined();
      expect(answered.data.neighbourhood.careDemand).toHaveLength(1);
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string, url = federation.gatewayUrl) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-api-key, x-purpose',
        },
      });

    test('when a browser on an allowed origin sends a preflight without credentials, then it is told which trust headers it may send', async () => {
      const response = await preflight(APP_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(response.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('x-api-key'));
      expect(response.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('x-purpose'));
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect((await preflight(APP_ORIGIN, `${base}/bi/v1/catalogue`)).status).toBe(204);
    });

    test('when the app then sends its request, then the answer may be read by that origin and still needs the key', async () => {
      const response = await fetch(federation.gatewayUrl, {
        method: 'POST',
        headers: { origin: APP_ORIGIN, 'content-type': 'application/json', ...headersFor('analyst') },
        body: JSON.stringify({
          documentId: `sha256:${idOf('NeighbourhoodSearch')}`,
          variables: { municipality: 'GM0344', first: 5 },
        }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      const anonymous = await fetch(federation.gatewayUrl, {
        method: 'POST',
        headers: { origin: APP_ORIGIN, 'content-type': 'application/json' },
        body: '{"query":"{ municipalities { name } }"}',
      });
      expect(anonymous.status).toBe(401);
    });

    test('when a BI export from that origin is refused, then the app may read the error code header as well as the status', async () => {
      const response = await fetch(`${base}/bi/v1/neighbourhood-indicators.csv?year=2024&municipality=GM9999`, {
        headers: { origin: APP_ORIGIN, ...headersFor('analyst') },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-buurtgraaf-error-code')).toBe('AREA_NOT_FOUND');
      const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(', ');
      expect(exposed).toEqual(expect.arrayContaining(['x-buurtgraaf-error-code', 'x-buurtgraaf-expected-rows']));
    });

    test('when another origin asks, then it gets no CORS headers; without GATEWAY_CORS_ORIGINS no origin does', async () => {
      const other = await preflight('http://elsewhere.example');
      expect(other.status).toBe(403);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const plain = await fetch(federation.gatewayUrl, {
        method: 'POST',
        headers: { origin: 'http://elsewhere.example', 'content-type': 'application/json', ...headersFor('analyst') },
        body: '{"query":"{ municipalities { name } }"}',
      });
      expect(plain.headers.get('access-control-allow-origin')).toBeNull();
      // The defaults of a deployment (this federation's settings are inherited, so they are reset).
      const closed = await federation.anotherGateway({ GATEWAY_CORS_ORIGINS: '', GATEWAY_EXPLORER: 'off' });
      const response = await preflight(APP_ORIGIN, closed.gatewayUrl);
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      // The explorer is off there too.
      expect((await fetch(closed.gatewayUrl.replace(/\/graphql$/, '/explorer'))).status).toBe(404);
    });
  });

  describe('the offline explorer', () => {
    test('when it is on, then /explorer serves GraphiQL from the installed packages and loads nothing from elsewhere', async () => {
      const page = await fetch(`${base}/explorer`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Buurtgraaf explorer');
      // Everything from the gateway itself; the empty favicon is inline (data:), so it is not asked for at all.
      const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
        .map((match) => match[1] ?? '')
        .filter((source) => source !== 'data:,');
      expect(sources.length).toBeGreaterThanOrEqual(4);
      expect(sources.every((source) => source.startsWith('explorer/'))).toBe(true);
      expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self'/);
      for (const source of sources) expect((await fetch(`${base}/${source}`)).status).toBe(200);
    });

    test('when the developer role introspects through it, then the schema descriptions come along; others are refused', async () => {
      const query = '{ __type(name: "DestinationCandidate") { description fields { name description } } }';
      const developer = await federation.query(query, undefined, 'developer');
      expect(developer.errors).toBeUndefined();
      expect(developer.data.__type.fields).toContainEqual({
        name: 'coverage',
        description: expect.stringContaining('weight'),
      });
      const analyst = await federation.query(query, undefined, 'analyst');
      expect(analyst.status).toBe(403);
    });
  });
});
