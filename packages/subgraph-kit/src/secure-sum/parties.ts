import { partySetHash } from './masks';
import { serves, type PartnerRef } from '@buurtgraaf/protocol';

/** Target groups and measures in the order a share lists its cells (per year: measure, then group). */
export const SHARE_GROUPS = ['DISABILITY', 'ELDERLY', 'MENTAL_HEALTH', 'YOUTH'] as const;
export const SHARE_MEASURES = ['clients', 'waitingList'] as const;
export type ShareMeasure = (typeof SHARE_MEASURES)[number];

/** Where a cell's value sits in a share's values. */
export const shareIndex = (yearIndex: number, measure: ShareMeasure, group: string) =>
  (yearIndex * SHARE_MEASURES.length + SHARE_MEASURES.indexOf(measure)) * SHARE_GROUPS.length +
  SHARE_GROUPS.indexOf(group as (typeof SHARE_GROUPS)[number]);

/**
 * The parties of one area's secure sum: the care providers the partners file lists as serving the
 * area, and the combiner. A provider that does not serve the area has nothing there (and everyone
 * knows it), so it takes no part. The hash names the parties and the areas each serves, so
 * parties that read different partners files (one not yet told that a provider joined or left)
 * derive different cell ids: their masks would not cancel, and the combiner refuses the sum.
 */
export function areaParties(partners: readonly PartnerRef[], code: string) {
  const providers = partners.filter((partner) => partner.kind === 'care' && serves(partner.areas, code));
  const combiner = partners.filter((partner) => partner.kind === 'combiner');
  const hash = partySetHash(
    [...providers, ...combiner].map((partner) => `${partner.id}:${[...partner.areas].sort().join(',')}`),
  );
  return { providers: providers.map((partner) => partner.id), combiner: combiner.map((partner) => partner.id), hash };
}
