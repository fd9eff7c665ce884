import { municipalityOf } from '@buurtgraaf/protocol';
import type { Params } from './parameters';

/**
 * CBS codes nest, so a district outside the municipality asked for is known from the codes alone
 * (WK034401 lies in GM0344). Such a pair would export zero rows marked complete: refuse it instead.
 */
export function areaMismatch(params: Params): string | null {
  const { municipality, district } = params;
  if (typeof municipality !== 'string' || typeof district !== 'string') return null;
  const parent = municipalityOf(district);
  if (parent === municipality) return null;
  return `District ${district} lies in municipality ${parent}, not in ${municipality}: give a district of ${municipality}, or leave out municipality.`;
}

/** The narrowest area an export asks for; a district lies in its municipality, so it decides. */
export function askedArea(params: Params): { level: 'municipality' | 'district'; code: string } | null {
  if (typeof params.district === 'string') return { level: 'district', code: params.district };
  if (typeof params.municipality === 'string') return { level: 'municipality', code: params.municipality };
  return null;
}

/** Looks one area up by code; the municipality partner answers null for a well-formed code it does not know. */
export const AREA_LOOKUP = {
  municipality: 'query BiAreaExists($code: ID!) { area: municipality(code: $code) { code } }',
  district: 'query BiAreaExists($code: ID!) { area: district(code: $code) { code } }',
} as const;
