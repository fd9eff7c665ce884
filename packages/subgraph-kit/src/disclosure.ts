/**
 * The only place that decides what a small number becomes before it leaves a partner.
 * Defaults follow CBS practice for care figures: counts under 10 are suppressed, the rest are
 * rounded to a multiple of 5. A partner sets its own rule in its subgraph's configuration.
 */
export interface DisclosureRule {
  /** Counts below this are never published. */
  threshold: number;
  /** Published counts are rounded to the nearest multiple of this. */
  roundTo: number;
}

export const DEFAULT_DISCLOSURE_RULE: DisclosureRule = { threshold: 10, roundTo: 5 };

export interface DisclosedCount {
  value: number | null;
  suppressed: boolean;
}

export function discloseCount(count: number, rule: DisclosureRule): DisclosedCount {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`A count must be a whole number of at least 0, got ${count}`);
  }
  if (count < rule.threshold) return { value: null, suppressed: true };
  const rounded = Math.round(count / rule.roundTo) * rule.roundTo;
  // Rounding must never publish a figure below the threshold, nor one off the rounding grid.
  const smallestPublished = Math.ceil(rule.threshold / rule.roundTo) * rule.roundTo;
  return { value: Math.max(rounded, smallestPublished), suppressed: false };
}
