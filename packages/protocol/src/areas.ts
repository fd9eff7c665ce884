import { badUserInput } from '@buurtgraaf/platform';

/** CBS area codes. Since 2023 some municipalities use letters in the last positions. */
export const AREA_CODE = {
  municipality: /^GM[0-9]{4}$/,
  district: /^WK[0-9]{4}[0-9A-Z]{2}$/,
  neighbourhood: /^BU[0-9]{4}[0-9A-Z]{4}$/,
} as const;
export type AreaLevel = keyof typeof AREA_CODE;

const LEVEL_NAMES: Record<AreaLevel, string> = {
  municipality: 'municipality (GM + 4 digits, e.g. GM0344)',
  district: 'district (WK + 6 characters, e.g. WK034401)',
  neighbourhood: 'neighbourhood (BU + 8 characters, e.g. BU03440111)',
};

/** Throws BAD_USER_INPUT unless `code` is a well-formed code of that level. */
export function assertAreaCode(level: AreaLevel, code: string, argument = 'code'): string {
  if (!AREA_CODE[level].test(code)) {
    throw badUserInput(`"${code}" is not a CBS ${LEVEL_NAMES[level]} code.`, argument);
  }
  return code;
}

export function levelOf(code: string): AreaLevel | undefined {
  return (Object.keys(AREA_CODE) as AreaLevel[]).find((level) => AREA_CODE[level].test(code));
}

/**
 * CBS codes nest: BU03440111 lies in WK034401 in GM0344. Partners that only know neighbourhood
 * codes find the district or municipality from the code, without a copy of the hierarchy.
 */
export function districtOf(neighbourhoodCode: string): string {
  return `WK${neighbourhoodCode.slice(2, 8)}`;
}
export function municipalityOf(code: string): string {
  return `GM${code.slice(2, 6)}`;
}
