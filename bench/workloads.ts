import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const document = (name: string) =>
  readFileSync(join(__dirname, '..', 'schema', 'documents', `${name}.graphql`), 'utf8');

/**
 * The contract's NeighbourhoodProfile, with its one literal code made a variable so each request
 * can ask for another neighbourhood; the selection is the trusted document's, word for word.
 */
export const PROFILE_QUERY = document('neighbourhood-profile')
  .replace('query NeighbourhoodProfile {', 'query NeighbourhoodProfile($code: ID!) {')
  .replace('neighbourhood(code: "BU03440111")', 'neighbourhood(code: $code)');

/** The contract's Indicators with a page large enough for the whole country in one request. */
export const BULK_PAGE_SIZE = 20_000;
export const BULK_QUERY = document('indicators').replace('first: 1000', `first: ${BULK_PAGE_SIZE}`);
export const BULK_YEAR = 2023;

/**
 * The whole-country insights pull (issue 19's target, docs/decisions.md "At scale"): the contract's
 * MunicipalityInsights, every municipality's neighbourhoods with their care-demand indicators.
 */
export const INSIGHTS_QUERY = document('municipality-insights');
export const INSIGHTS_KINDS = ['CARE_DEMAND_RATE'];

export const profileBody = (code: string) =>
  JSON.stringify({ query: PROFILE_QUERY, operationName: 'NeighbourhoodProfile', variables: { code } });
export const bulkBody = () =>
  JSON.stringify({ query: BULK_QUERY, operationName: 'Indicators', variables: { year: BULK_YEAR } });
export const insightsBody = () =>
  JSON.stringify({
    query: INSIGHTS_QUERY,
    operationName: 'MunicipalityInsights',
    variables: { kinds: INSIGHTS_KINDS, year: BULK_YEAR },
  });

/** What makes a profile answer count: no errors, the neighbourhood asked for, and every partner's part. */
export function checkProfile(text: string, code: string): string | null {
  const body = JSON.parse(text) as {
    data?: { neighbourhood?: Record<string, unknown> | null };
    errors?: { message: string }[];
  };
  if (body.errors?.length) return `errors: ${body.errors[0]?.message}`;
  const profile = body.data?.neighbourhood;
  if (!profile || profile.code !== code) return `no profile for ${code}`;
  if (!Array.isArray(profile.populationHistory) || !Array.isArray(profile.facilities))
    return 'municipality part missing';
  if (!profile.socialHousing) return 'housing part missing';
  if (!Array.isArray(profile.careDemand) || !Array.isArray(profile.careDemandHistory)) return 'care part missing';
  return null;
}

/** A bulk answer counts when it has no errors and exactly `expected` neighbourhoods, each with every partner's part. */
export function checkBulk(text: string, expected: number): string | null {
  const body = JSON.parse(text) as {
    data?: { neighbourhoods?: { totalCount: number; nodes: Record<string, unknown>[] } };
    errors?: { message: string }[];
  };
  if (body.errors?.length) return `errors: ${body.errors[0]?.message}`;
  const page = body.data?.neighbourhoods;
  if (!page) return 'no data';
  if (page.totalCount !== expected || page.nodes.length !== expected)
    return `${page.nodes.length} of ${page.totalCount} rows, expected ${expected}`;
  const incomplete = page.nodes.find(
    (node) => !('socialHousing' in node) || !Array.isArray(node.careDemand) || node.population === undefined,
  );
  return incomplete ? `incomplete row ${String(incomplete.code)}` : null;
}

/** An insights answer counts when it has no errors and every neighbourhood once, each with its indicators. */
export function checkInsights(text: string, expected: number): string | null {
  type Entry = { neighbourhood?: { code?: string }; insights?: { indicators?: unknown[] } | null };
  const body = JSON.parse(text) as {
    data?: { municipalities?: { insights?: { neighbourhoods?: Entry[] } | null }[] };
    errors?: { message: string }[];
  };
  if (body.errors?.length) return `errors: ${body.errors[0]?.message}`;
  const entries = (body.data?.municipalities ?? []).flatMap(
    (municipality) => municipality.insights?.neighbourhoods ?? [],
  );
  if (entries.length !== expected) return `${entries.length} neighbourhoods, expected ${expected}`;
  const bare = entries.find((entry) => !Array.isArray(entry.insights?.indicators));
  return bare ? `no indicators for ${String(bare.neighbourhood?.code)}` : null;
}
