import { prfValues } from './masks';

/**
 * The publication rule for a combined count that some provider did not publish itself. Each
 * provider protects itself, with its own disclosure rule (threshold T, rounding R):
 *
 * 1. It perturbs its own count x by a noise e in [0, 2T), from a key only it holds and the cell's
 *    id (the cell-key idea of the CBS 2021 census tables: the same cell always gets the same
 *    noise, so every route and every day shows the same value until the data change).
 * 2. It vetoes the cell when its perturbed count y = x + e is below T.
 * 3. The combiner publishes, when at least two providers serve the area and none vetoed, the sum
 *    of the perturbed counts minus the noises' mean, rounded to the largest R of the providers,
 *    and only when that is at least the largest T (the strictest provider's settings win).
 *
 * Why: another provider A that knows its own count and noise learns from the published figure
 * only an interval [a, b] (the rounding's width) for the victim's y, with b >= y >= T. The victim's
 * count is y - e for an unknown e in [0, 2T), so every value in [max(0, a - 2T + 1), b] remains
 * possible: at least T of them. With three or more providers, A learns less still (only the others'
 * sum). The veto itself only tells that y >= T, which the interval already says. That holds for
 * one window alone: windows tied by a provider's own sums (a municipality and its districts) can
 * narrow each other, so which suppressed cells a provider lets in at all is decided, and audited,
 * by subgraphs/care/releases.ts. See docs/trust-model.md and tests/e2e/partners/secure-sum*.ts.
 */
export interface ProviderRule {
  threshold: number;
  roundTo: number;
}

/** The value added to a perturbed count to veto a cell; the combiner reads vetoes above it. */
export const VETO = 2 ** 32;

export const noiseRange = (rule: ProviderRule) => 2 * rule.threshold;

/** The provider's contribution to one cell: its perturbed count, plus VETO when it is too small to combine. */
export function contribution(count: number, noise: number, rule: ProviderRule): number {
  const perturbed = count + noise;
  return perturbed + (perturbed < rule.threshold ? VETO : 0);
}

/** The provider's noises for a block of cells, from its own key. */
export const noises = (ownKey: string, block: string, count: number, rule: ProviderRule) =>
  prfValues(ownKey, `noise|${block}`, count).map((value) => value % noiseRange(rule));

export type Outcome = { value: number; withheld: false } | { value: null; withheld: true };

/**
 * What the combiner publishes from the unmasked sum of one cell, given the rules of the providers
 * that serve the area (all of which contributed a perturbed count).
 */
export function publish(sum: number, rules: readonly ProviderRule[]): Outcome {
  const vetoes = Math.floor(sum / VETO);
  if (rules.length < 2 || vetoes > 0) return { value: null, withheld: true };
  const perturbed = sum % VETO;
  const meanNoise = rules.reduce((total, rule) => total + (noiseRange(rule) - 1) / 2, 0);
  const threshold = Math.max(...rules.map((rule) => rule.threshold));
  const roundTo = Math.max(...rules.map((rule) => rule.roundTo));
  const value = Math.round((perturbed - meanNoise) / roundTo) * roundTo;
  return value < threshold ? { value: null, withheld: true } : { value, withheld: false };
}
