import { municipalityOf } from '@buurtgraaf/protocol';
import type { Queryable } from '@buurtgraaf/subgraph-kit/database';
import type { DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';
import { equationsOf, propagate, publishedWindow, valuesIn, type Window } from '@buurtgraaf/subgraph-kit/intervals';
import { noiseRange, SHARE_GROUPS, SHARE_MEASURES, type ShareMeasure } from '@buurtgraaf/subgraph-kit/secure-sum';
import { cellNoises, type SecureSumSetup } from './share';

/**
 * Which of this provider's suppressed cells it lets into the secure sum; every other suppressed
 * cell it vetoes. A released cell's perturbed count y = x + e tells about x only up to the noise
 * (x lies in [y - 2T + 1, y]), but a provider's own table ties its cells together: a parent is the
 * sum of its children. Those ties can narrow the noise windows of several released cells down to
 * fewer than T values (differencing across levels: a municipality minus one district's window
 * gives the other district's window, and intersecting windows of the same count narrows them),
 * and can turn a window into a bound on a cell that stays hidden. So, per table (one year, target
 * group and measure) and in two steps:
 *
 * 1. Secondary suppression per equation. Each equation of a parent and its children of one level
 *    (municipality = its districts, municipality = its neighbourhoods, district = its
 *    neighbourhoods: the groups of kit/suppression.ts, never merged) that releases anything keeps
 *    at least two suppressed cells vetoed, with counts adding up to at least the threshold.
 * 2. An audit, as the attacker would do it but with more than the attacker gets: every published
 *    count's rounding window, the exact perturbed count of every released cell (so x in
 *    [y - 2T + 1, y]: no rounding, and as if every released cell were published), at least 0 for
 *    every count, and every equation, propagated until no bound changes (on a tree of sums that
 *    is what a linear program would find). Every suppressed cell must keep at least T possible
 *    values, or as many as it has without any release, if fewer (what complementary suppression
 *    alone leaves, which the secure sum must not make worse). While one does not, a released cell
 *    is vetoed: the failing cell itself when it is released, else the released cell with the
 *    smallest count (ties: the lowest code) in an equation with it, else in its municipality.
 *
 * The real attacker, another provider, knows less (a rounding window of the sum, not y; nothing
 * where the combined cell is withheld; only the others' sum when three or more serve the area), and
 * bounds only widen with less knowledge, so it keeps at least as many values as the audit found.
 * A cell is released only when y >= threshold (kit/secure-sum/rule.ts).
 *
 * Worked out over the provider's whole table, as complementary suppression is, so the answer does
 * not depend on which areas a request asks for; cached until the table is recomputed.
 */
export interface ReleaseTable {
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

/**
 * The released cells of one table (one year, target group and measure): `noise` is this
 * provider's noise of each cell, null where it takes no part in a secure sum.
 */
export function releasedOf(
  codes: readonly string[],
  counts: readonly number[],
  hidden: readonly boolean[],
  noise: readonly (number | null)[],
  rule: DisclosureRule,
): boolean[] {
  const out = codes.map((_, i) => hidden[i]! && noise[i] !== null && counts[i]! + noise[i]! >= rule.threshold);
  if (!out.some(Boolean)) return out;
  const equations = equationsOf(codes);
  const smallestFirst = (a: number, b: number) => counts[a]! - counts[b]! || (codes[a]! < codes[b]! ? -1 : 1);

  // 1. At least two vetoed suppressed cells, adding up to the threshold, in every equation that releases.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parent, children] of equations) {
      const members = [parent, ...children].filter((i) => hidden[i]);
      const released = members.filter((i) => out[i]);
      if (released.length === 0) continue;
      const kept = members.filter((i) => !out[i]);
      if (kept.length >= 2 && kept.reduce((sum, i) => sum + counts[i]!, 0) >= rule.threshold) continue;
      out[released.sort(smallestFirst)[0]!] = false;
      changed = true;
    }
  }

  // 2. The audit: no suppressed cell narrower than T values (or than without any release).
  const published = codes.map((_, i) => (hidden[i] ? null : publishedWindow(counts[i]!, rule)));
  const baseline = propagate(published, equations).map(valuesIn);
  const needed = baseline.map((values) => Math.min(rule.threshold, values));
  const spread = noiseRange(rule) - 1;
  for (;;) {
    const known = published.map((window, i): Window | null => {
      if (!out[i]) return window;
      const y = counts[i]! + noise[i]!;
      return [Math.max(0, y - spread), y];
    });
    const bounds = propagate(known, equations);
    const failing = codes.findIndex((_, i) => hidden[i] && valuesIn(bounds[i]!) < needed[i]!);
    if (failing === -1) return out;
    if (out[failing]) {
      out[failing] = false;
      continue;
    }
    const near = equations
      .filter(([parent, children]) => parent === failing || children.includes(failing))
      .flatMap(([parent, children]) => [parent, ...children])
      .filter((i) => out[i]);
    const municipality = municipalityOf(codes[failing]!);
    const candidates =
      near.length > 0 ? near : codes.flatMap((code, i) => (out[i] && municipalityOf(code) === municipality ? [i] : []));
    // Narrower than without any release, so some release did it; should none be found, release nothing.
    if (candidates.length === 0) return out.map(() => false);
    out[candidates.sort(smallestFirst)[0]!] = false;
  }
}

/** The released cells of the provider's tables, by releaseKey. */
export function releasedCells(
  tables: readonly ReleaseTable[],
  setup: SecureSumSetup,
  rule: DisclosureRule,
): Set<string> {
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
      // No equation crosses a municipality: each is worked out on its own, so the audit stays small.
      const byMunicipality = new Map<string, number[]>();
      table.codes.forEach((code, i) => {
        const municipality = municipalityOf(code);
        const members = byMunicipality.get(municipality);
        if (members) members.push(i);
        else byMunicipality.set(municipality, [i]);
      });
      for (const members of byMunicipality.values()) {
        if (!members.some((i) => hidden[i])) continue;
        const codes = members.map((i) => table.codes[i]!);
        const noise = codes.map((code) => noiseOf(code, table.year, measure, table.targetGroup));
        const out = releasedOf(
          codes,
          members.map((i) => counts[i]!),
          members.map((i) => hidden[i]!),
          noise,
          rule,
        );
        codes.forEach((code, i) => out[i] && released.add(releaseKey(code, table.year, table.targetGroup, measure)));
      }
    }
  }
  return released;
}

export async function releasableCells(
  db: Queryable,
  setup: SecureSumSetup,
  rule: DisclosureRule,
): Promise<Set<string>> {
  const tables = await db.query<ReleaseTable>(
    `select year, target_group as "targetGroup", array_agg(area_code order by area_code) as codes,
            array_agg(clients order by area_code) as clients, array_agg(waiting_list order by area_code) as "waitingList",
            array_agg(clients_suppressed order by area_code) as "clientsSuppressed",
            array_agg(waiting_list_suppressed order by area_code) as "waitingListSuppressed"
       from care_demand group by year, target_group`,
  );
  return releasedCells(tables, setup, rule);
}
