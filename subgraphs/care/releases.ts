import { districtOf, levelOf, municipalityOf } from '@buurtgraaf/protocol';
import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import type { DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';
import { SHARE_GROUPS, SHARE_MEASURES, type ShareMeasure } from '@buurtgraaf/subgraph-kit/secure-sum';
import { cellNoises, type SecureSumSetup } from './share';

/**
 * Which of this provider's suppressed cells it lets into the secure sum; every other suppressed
 * cell it vetoes. A released cell's perturbed count y = x + e tells about x only up to the noise,
 * but a provider's own published figures tie its suppressed cells together (a district minus its
 * published neighbourhoods is the sum of the suppressed ones), so releasing every suppressed cell
 * of a group would let the noises be worked out. Within every group of a parent and its children
 * (the groups of kit/suppression.ts) that releases anything, at least two suppressed cells stay
 * vetoed and their counts add up to at least the threshold: the same guarantee complementary
 * suppression gives, now for what stays behind. A cell is released only when y >= threshold
 * (kit/secure-sum/rule.ts).
 *
 * Worked out over the provider's whole table, as complementary suppression is, so the answer does
 * not depend on which areas a request asks for; cached until the table is recomputed.
 */
interface Table {
  year: number;
  targetGroup: string;
  codes: string[];
  clients: number[];
  waitingList: number[];
  clientsSuppressed: boolean[];
  waitingListSuppressed: boolean[];
}

export const releaseKey = (code: string, year: number, group: string, measure: ShareMeasure) =>
  `${code}|${year}|${group}|${measure}`;

const parentsOf = (code: string): string[] => {
  const level = levelOf(code);
  if (level === 'neighbourhood') return [districtOf(code), municipalityOf(code)];
  if (level === 'district') return [municipalityOf(code)];
  return [];
};

export async function releasableCells(
  db: Queryable,
  setup: SecureSumSetup,
  rule: DisclosureRule,
): Promise<Set<string>> {
  const tables = await db.query<Table>(
    `select year, target_group as "targetGroup", array_agg(area_code order by area_code) as codes,
            array_agg(clients order by area_code) as clients, array_agg(waiting_list order by area_code) as "waitingList",
            array_agg(clients_suppressed order by area_code) as "clientsSuppressed",
            array_agg(waiting_list_suppressed order by area_code) as "waitingListSuppressed"
       from care_demand group by year, target_group`,
  );
  const released = new Set<string>();
  const noiseCache = new Map<string, number[] | null>();
  const noiseOf = (code: string, year: number, measure: ShareMeasure, group: string) => {
    const key = `${code}|${year}|${measure}`;
    if (!noiseCache.has(key)) noiseCache.set(key, cellNoises(setup, rule, code, year, measure));
    return noiseCache.get(key)?.[SHARE_GROUPS.indexOf(group as (typeof SHARE_GROUPS)[number])] ?? null;
  };
  for (const table of tables) {
    for (const measure of SHARE_MEASURES) {
      const counts = measure === 'clients' ? table.clients : table.waitingList;
      const hidden = measure === 'clients' ? table.clientsSuppressed : table.waitingListSuppressed;
      const index = new Map(table.codes.map((code, i) => [code, i]));
      const out = table.codes.map((code, i) => {
        if (!hidden[i]) return false;
        const noise = noiseOf(code, table.year, measure, table.targetGroup);
        return noise !== null && counts[i]! + noise >= rule.threshold;
      });
      const groups = new Map<number, number[]>();
      table.codes.forEach((code, i) => {
        for (const parent of parentsOf(code)) {
          const p = index.get(parent);
          if (p !== undefined) groups.set(p, [...(groups.get(p) ?? []), i]);
        }
      });
      for (let changed = true; changed; ) {
        changed = false;
        for (const [parent, children] of groups) {
          const members = [parent, ...children].filter((i) => hidden[i]);
          const out_ = members.filter((i) => out[i]);
          if (out_.length === 0) continue;
          const kept = members.filter((i) => !out[i]);
          if (kept.length >= 2 && kept.reduce((sum, i) => sum + counts[i]!, 0) >= rule.threshold) continue;
          // Veto the released member with the smallest count (ties: the lowest code) and look again.
          const next = out_.sort((a, b) => counts[a]! - counts[b]! || (table.codes[a]! < table.codes[b]! ? -1 : 1))[0]!;
          out[next] = false;
          changed = true;
        }
      }
      table.codes.forEach(
        (code, i) => out[i] && released.add(releaseKey(code, table.year, table.targetGroup, measure)),
      );
    }
  }
  return released;
}
