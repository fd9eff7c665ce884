import { badUserInput } from '@buurtgraaf/platform';

/**
 * Checks a `year` argument against the years the partners have figures for in this area, so a
 * typo (2203) is a clear error rather than a silent null. An area without any figures accepts
 * every plausible year: it simply has none.
 */
export function assertYear(year: number, yearsPresent: readonly number[]): void {
  if (year < 1900 || year > 2100) throw badUserInput(`year must be between 1900 and 2100, not ${year}.`, 'year');
  if (yearsPresent.length === 0) return;
  const min = Math.min(...yearsPresent);
  const max = Math.max(...yearsPresent);
  if (year < min || year > max)
    throw badUserInput(`No figures for ${year}: the partners have figures for ${min} to ${max}.`, 'year');
}
