import { Random } from './random';
import { serves, type PartnerRef } from '@buurtgraaf/protocol';

/**
 * How the demo divides one kind's whole (the corporations' stock, the care clients) among the
 * partners of that kind that serve a neighbourhood: uneven, deterministic, and computed the same
 * in every partner's process, so the parts add up without the partners ever talking.
 */
export function demoWeights(
  kind: string,
  code: string,
  partners: readonly PartnerRef[],
  purpose: string,
): Map<string, number> {
  const candidates = partners.filter((partner) => partner.kind === kind && serves(partner.areas, code));
  const weights = new Map<string, number>();
  if (candidates.length === 0) return weights;
  const area = new Random('split', kind, code, purpose);
  // A quarter of the shared neighbourhoods belong to one partner alone, as happens in real cities.
  const sole = candidates.length > 1 && area.chance(0.25) ? area.pick(candidates) : null;
  let total = 0;
  candidates.forEach((partner, index) => {
    // The first partner listed is the larger one, as a city's dominant corporation is.
    const weight = sole
      ? partner === sole
        ? 1
        : 0
      : new Random('split', partner.id, code, purpose).between(0.2, 1) * (index === 0 ? 1.6 : 1);
    weights.set(partner.id, weight);
    total += weight;
  });
  for (const [id, weight] of weights) weights.set(id, weight / total);
  return weights;
}

/** The partner one item (a client) falls to, drawn with the weights above. */
export function demoOwner(weights: ReadonlyMap<string, number>, ...key: (string | number)[]): string | null {
  let draw = new Random('owner', ...key).between(0, 1);
  let last: string | null = null;
  for (const [id, weight] of weights) {
    last = id;
    draw -= weight;
    if (draw < 0) return id;
  }
  return last;
}
