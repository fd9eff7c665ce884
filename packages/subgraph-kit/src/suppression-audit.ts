import type { DisclosureRule } from './disclosure';
import { propagate, publishedWindow, valuesIn, type Window } from './intervals';

/**
 * The audit of complementary suppression (kit/suppression.ts) in one municipality: the attacker
 * reads every published count of the table, each meaning a truth within its rounding window, knows
 * every count is at least 0 and that every group is a sum, and propagates that to an interval for
 * each hidden count (kit/intervals.ts; on these sums what a linear program would find). With
 * nothing published every hidden count is unbounded, so the aim is plain: every hidden count keeps
 * at least `rule.threshold` possible values.
 *
 * Made once per municipality; called with the hidden flags, it returns the index of one more
 * count to hide, or undefined when none is pinned. For the first pinned count (in code order) it
 * tries the published counts that bound it, smallest first (ties: the lowest code): those in a
 * group with it, and those in a group with a hidden member of one of its groups (a hidden
 * sibling's published children give that sibling its lower bound). The first that frees it on its
 * own is taken; if none does, the one that widens it most; if none is near, the smallest published
 * count of the municipality. Hiding only ever widens intervals, and with
 * everything hidden none is pinned, so calling this until it returns undefined ends.
 */
export function pinningCell(
  groups: readonly (readonly [number, readonly number[]])[],
  codes: readonly string[],
  counts: readonly number[],
  rule: DisclosureRule,
  windowOf: (count: number) => Window = (count) => publishedWindow(count, rule),
): (hidden: readonly boolean[]) => number | undefined {
  // What does not change while more is hidden is worked out once per municipality.
  const members = [...new Set(groups.flatMap(([parent, children]) => [parent, ...children]))].sort((a, b) =>
    codes[a]! < codes[b]! ? -1 : 1,
  );
  const local = new Map(members.map((i, j) => [i, j]));
  const equations = groups.map(([parent, children]): [number, number[]] => [
    local.get(parent)!,
    children.map((child) => local.get(child)!),
  ]);
  const windows = members.map((i) => windowOf(counts[i]!));
  const bySize = (a: number, b: number) => counts[members[a]!]! - counts[members[b]!]! || a - b;
  const around = (j: number) => equations.filter(([p, c]) => p === j || c.includes(j)).flatMap(([p, c]) => [p, ...c]);

  return (hidden) => {
    if (!members.some((i) => hidden[i])) return undefined;
    const known = members.map((i, j): Window | null => (hidden[i] ? null : windows[j]!));
    const bounds = propagate(known, equations);
    const failing = members.findIndex((i, j) => hidden[i] && valuesIn(bounds[j]!) < rule.threshold);
    if (failing === -1) return undefined;

    const near = new Set(around(failing));
    for (const j of [...near]) if (hidden[members[j]!]) for (const k of around(j)) near.add(k);
    const candidates = [...near].filter((j) => !hidden[members[j]!]).sort(bySize);
    let best: number | undefined;
    let widest = valuesIn(bounds[failing]!);
    for (const j of candidates) {
      const without = known.map((window, k) => (k === j ? null : window));
      const values = valuesIn(propagate(without, equations)[failing]!);
      if (values >= rule.threshold) return members[j];
      if (values > widest) [best, widest] = [j, values];
    }
    if (best !== undefined) return members[best];
    const anyPublished = members
      .map((_, j) => j)
      .filter((j) => !hidden[members[j]!])
      .sort(bySize);
    return anyPublished.length > 0 ? members[anyPublished[0]!] : undefined;
  };
}
