import {
  areaParties,
  blockId,
  decode,
  masksOf,
  publish,
  shareIndex,
  SHARE_GROUPS,
  SHARE_MEASURES,
  sumShares,
  type Outcome,
  type PairSecrets,
  type ProviderRule,
  type ShareMeasure,
} from '@buurtgraaf/subgraph-kit/secure-sum';
import { type PartnerRef } from '@buurtgraaf/protocol';

type Area = Record<string, unknown> & { code: string };
interface Share {
  parties: string;
  years: number[];
  threshold: number;
  roundTo: number;
  values: string;
}

/** Why a combined count that some provider suppressed could not come from the secure sum. */
export type Unavailable = 'SECURE_SUM_UNAVAILABLE';
export type SecureOutcome = Outcome | Unavailable;
/** A cell's outcome from the secure sum; null when the area has no secure sum (fewer than two providers serve it). */
export type SecureSums = ((year: number, targetGroup: string, measure: ShareMeasure) => SecureOutcome) | null;

const UNAVAILABLE = () => 'SECURE_SUM_UNAVAILABLE' as const;
const cache = new WeakMap<Area, SecureSums>();

/**
 * Unmasks the area's combined cells: the combiner adds every serving provider's share and its own
 * masks, and learns each cell's sum of perturbed counts (and how many providers vetoed it), never
 * a provider's count. Every serving provider must have sent a share for the same parties, or no
 * cell is unmasked: a missing share would leave the others' masks in, and a partial sum is never
 * presented as whole. Computed once per area per request, whichever fields ask.
 */
export function secureSumsOf(area: Area, partners: readonly PartnerRef[], secrets: PairSecrets | null): SecureSums {
  if (cache.has(area)) return cache.get(area)!;
  const result = compute(area, partners, secrets);
  cache.set(area, result);
  return result;
}

function compute(area: Area, partners: readonly PartnerRef[], secrets: PairSecrets | null): SecureSums {
  const parties = areaParties(partners, area.code);
  if (parties.providers.length < 2) return null;
  if (!secrets) return UNAVAILABLE;
  const providers = parties.providers.map((id) => partners.find((partner) => partner.id === id)!);
  const shares = providers.map(
    (partner) => (area[partner.field] as { share?: Share | null } | null | undefined)?.share ?? null,
  );
  // A provider down, refusing the caller, without pair secrets, or reading another partners file.
  if (shares.some((share) => share === null || share.parties !== parties.hash)) return UNAVAILABLE;
  const present = shares as Share[];
  const rules: ProviderRule[] = present.map(({ threshold, roundTo }) => ({ threshold, roundTo }));
  let decoded: number[][];
  try {
    decoded = present.map((share) => decode(share.values));
  } catch {
    return UNAVAILABLE;
  }
  if (
    decoded.some(
      (values, index) => values.length !== present[index]!.years.length * SHARE_MEASURES.length * SHARE_GROUPS.length,
    )
  )
    return UNAVAILABLE;
  const own = {
    self: secrets.self,
    peers: new Map([...secrets.peers].filter(([peer]) => parties.providers.includes(peer))),
  };
  const outcomes = new Map<string, Outcome>();
  const years = present[0]!.years.filter((year) => present.every((share) => share.years.includes(year)));
  const cells = SHARE_MEASURES.flatMap((measure) => SHARE_GROUPS.map((group) => [measure, group] as const));
  for (const year of years) {
    const block = blockId(parties.hash, area.code, year);
    const parts = present.map((share, index) =>
      cells.map(([measure, group]) => decoded[index]![shareIndex(share.years.indexOf(year), measure, group)]!),
    );
    const sums = sumShares([...parts, masksOf(own, block, cells.length)]);
    cells.forEach(([measure, group], index) =>
      outcomes.set(`${year}|${group}|${measure}`, publish(sums[index]!, rules)),
    );
  }
  return (year, targetGroup, measure) => outcomes.get(`${year}|${targetGroup}|${measure}`) ?? 'SECURE_SUM_UNAVAILABLE';
}
