import type { DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';
import {
  addMod,
  areaParties,
  blockId,
  contribution,
  encode,
  masksOf,
  noises,
  SHARE_GROUPS,
  SHARE_MEASURES,
  VETO,
  type PairSecrets,
  type ShareMeasure,
} from '@buurtgraaf/subgraph-kit/secure-sum';
import { releaseKey } from './releases';
import type { CareDemandRow } from './store';
import { type PartnerRef } from '@buurtgraaf/protocol';

/** What a provider needs for the secure sum: its pair secrets, its own noise key and the partners file. */
export interface SecureSumSetup {
  secrets: PairSecrets;
  ownKey: string;
  partners: readonly PartnerRef[];
}

export interface CareShare {
  /** The hash of the parties (kit/secure-sum/parties.ts); the combiner unmasks only when all agree. */
  parties: string;
  years: number[];
  /** This provider's disclosure rule: public, so the combiner can apply the strictest. */
  threshold: number;
  roundTo: number;
  /** Masked perturbed counts, 48 bits each, base64url: uniformly random to anyone but the sum. */
  values: string;
}

/** This provider's noises for the four target groups of one area, year and measure; null when it is no party there. */
export function cellNoises(
  setup: SecureSumSetup,
  rule: DisclosureRule,
  code: string,
  year: number,
  measure: ShareMeasure,
): number[] | null {
  const parties = areaParties(setup.partners, code);
  if (!parties.providers.includes(setup.secrets.self) || parties.providers.length < 2) return null;
  const start = SHARE_MEASURES.indexOf(measure) * SHARE_GROUPS.length;
  return noises(setup.ownKey, blockId(parties.hash, code, year), CELLS_PER_YEAR, rule).slice(
    start,
    start + SHARE_GROUPS.length,
  );
}

/** The cells of one area and year: both measures of the four target groups, one PRF call per key. */
const CELLS_PER_YEAR = SHARE_MEASURES.length * SHARE_GROUPS.length;

/**
 * This provider's masked contribution to the combined cells of one area: for every year and
 * measure and target group, its exact count (0 where it has no clients) plus its own noise and
 * veto (kit/secure-sum/rule.ts), plus its masks. Null when it does not serve the area, or when it
 * would be the only provider there: a "sum" of one is that provider's count.
 */
export function shareOf(
  code: string,
  rows: readonly CareDemandRow[],
  years: readonly number[],
  setup: SecureSumSetup,
  rule: DisclosureRule,
  releasable: ReadonlySet<string>,
): CareShare | null {
  const parties = areaParties(setup.partners, code);
  if (!parties.providers.includes(setup.secrets.self) || parties.providers.length < 2) return null;
  const involved = new Set([...parties.providers, ...parties.combiner]);
  const peers = new Map([...setup.secrets.peers].filter(([peer]) => involved.has(peer)));
  const secrets = { self: setup.secrets.self, peers };
  const counts = new Map(rows.map((row) => [`${row.year}|${row.targetGroup}`, row]));
  const values: number[] = [];
  for (const year of years) {
    const block = blockId(parties.hash, code, year);
    const noise = noises(setup.ownKey, block, CELLS_PER_YEAR, rule);
    const own = SHARE_MEASURES.flatMap((measure, m) =>
      SHARE_GROUPS.map((group, g) => {
        const row = counts.get(`${year}|${group}`);
        const perturbed = contribution(row ? row[measure] : 0, noise[m * SHARE_GROUPS.length + g]!, rule);
        const suppressed = row ? (measure === 'clients' ? row.clientsSuppressed : row.waitingListSuppressed) : false;
        // A suppressed cell goes in only when ./releases.ts lets it; else it is vetoed.
        return suppressed && perturbed < VETO && !releasable.has(releaseKey(code, year, group, measure))
          ? perturbed + VETO
          : perturbed;
      }),
    );
    values.push(...addMod(own, masksOf(secrets, block, CELLS_PER_YEAR)));
  }
  return {
    parties: parties.hash,
    years: [...years],
    threshold: rule.threshold,
    roundTo: rule.roundTo,
    values: encode(values),
  };
}
