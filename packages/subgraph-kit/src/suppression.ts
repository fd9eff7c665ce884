import { districtOf, levelOf, municipalityOf } from '@buurtgraaf/protocol';
import { discloseCount, type DisclosureRule } from './disclosure';
import { publishedWindow, type Window } from './intervals';
import { pinningCell } from './suppression-audit';

/**
 * Complementary (secondary) suppression: a count hidden by the disclosure rule must not come back
 * by subtraction, such as a district's total minus its other neighbourhoods, or a municipality's
 * total minus its other districts.
 *
 * It protects one additive table at a time: ONE measure of ONE year and target group, over the
 * neighbourhoods, districts and municipalities in it. That is enough only because no figure adds
 * tables up: there is no total over target groups and no count over several years. A field that
 * published either would make a new parent of these cells, and this function would have to see it.
 */

/** One area's exact count in that table. */
export interface SuppressionCell {
  code: string;
  count: number;
}

/**
 * The codes whose count must not be published: those below the rule's threshold (primary
 * suppression, decided by discloseCount), plus those hidden so that no group of a parent and its
 * children (municipality -> districts, district -> neighbourhoods, by CBS code) lets anyone work
 * one out. Within every group, after this:
 * - never exactly one member is hidden, neither a child (parent minus the others) nor the parent
 *   (the sum of its children), so an only child is hidden exactly when its parent is;
 * - when the parent is published, the hidden children add up to at least the threshold, so even
 *   their sum is not a small number.
 * A missing count is hidden by taking the published child with the smallest count (ties: the
 * lowest code), or the parent when no child is left. Groups are checked in code order until none
 * changes, so the answer does not depend on the order of `cells`.
 *
 * Then an audit over all groups of a municipality at once (kit/suppression-audit.ts): every
 * hidden count must keep at least `threshold` possible values given every published value's
 * rounding window and all the sums, which the rules per group do not ensure (a hidden district
 * bounded from below by its published neighbourhoods narrows its hidden sibling through their
 * published municipality). While one does not, one more count is hidden and the groups settled
 * again.
 */
export function complementarySuppression(cells: readonly SuppressionCell[], rule: DisclosureRule): Set<string> {
  const codes = cells.map((cell) => cell.code);
  const counts = cells.map((cell) => cell.count);
  const indexOf = new Map<string, number>();
  codes.forEach((code, index) => {
    if (indexOf.has(code)) throw new Error(`Area ${code} appears twice in one suppression table`);
    indexOf.set(code, index);
  });
  const hidden = counts.map((count) => discloseCount(count, rule).suppressed);

  // Groups in code order of the parent, children in code order: the answer does not depend on
  // the order of `cells`. 'GM' sorts before 'WK', so within one pass a municipality's group is
  // settled before its districts' groups.
  // A municipality is also the sum of all its neighbourhoods, across districts: without that
  // group, two hidden neighbourhoods in different districts could be worked out together.
  const groupsOf = (parentCode: (code: string) => string | undefined) => {
    const childrenOf = new Map<number, number[]>();
    codes.forEach((code, index) => {
      const parent = indexOf.get(parentCode(code) ?? '');
      if (parent === undefined) return;
      const children = childrenOf.get(parent);
      if (children) children.push(index);
      else childrenOf.set(parent, [index]);
    });
    return [...childrenOf];
  };
  const byCode = (a: number, b: number) => (codes[a]! < codes[b]! ? -1 : 1);
  const groups = [...groupsOf(parentOf), ...groupsOf(municipalityOfNeighbourhood)]
    .sort(([a], [b]) => byCode(a, b))
    .map(([parent, children]) => [parent, children.sort(byCode)] as const);

  /** True when the group had to hide something; it is then safe. */
  const settle = (parent: number, children: readonly number[]): boolean => {
    let changed = false;
    for (;;) {
      let hiddenChildren = 0;
      let hiddenSum = 0;
      let smallest = -1;
      for (const child of children) {
        if (hidden[child]) {
          hiddenChildren += 1;
          hiddenSum += counts[child]!;
        } else if (smallest === -1 || counts[child]! < counts[smallest]!) {
          smallest = child;
        }
      }
      const safe = hidden[parent]
        ? hiddenChildren > 0
        : hiddenChildren === 0 || (hiddenChildren > 1 && hiddenSum >= rule.threshold);
      if (safe) return changed;
      hidden[smallest === -1 ? parent : smallest] = true;
      changed = true;
    }
  };

  // No group crosses a municipality, so each is settled and audited on its own: the same groups
  // in the same order as all at once, and the audit stays as small as one municipality.
  const byMunicipality = new Map<string, (readonly [number, number[]])[]>();
  for (const group of groups) {
    const municipality = municipalityOf(codes[group[0]]!);
    const own = byMunicipality.get(municipality);
    if (own) own.push(group);
    else byMunicipality.set(municipality, [group]);
  }
  // Many areas share a count: each rounding window is worked out once per table.
  const windows = new Map<number, Window>();
  const windowOf = (count: number) => {
    let window = windows.get(count);
    if (!window) windows.set(count, (window = publishedWindow(count, rule)));
    return window;
  };
  for (const own of byMunicipality.values()) {
    const audit = pinningCell(own, codes, counts, rule, windowOf);
    for (;;) {
      for (let changed = true; changed; ) {
        changed = false;
        for (const [parent, children] of own) if (settle(parent, children)) changed = true;
      }
      // The rules above look at one group at a time; chains of groups can still pin a cell.
      const more = audit(hidden);
      if (more === undefined) break;
      hidden[more] = true;
    }
  }
  return new Set(codes.filter((_, index) => hidden[index]));
}

function municipalityOfNeighbourhood(code: string): string | undefined {
  return levelOf(code) === 'neighbourhood' ? municipalityOf(code) : undefined;
}

function parentOf(code: string): string | undefined {
  const level = levelOf(code);
  if (level === 'neighbourhood') return districtOf(code);
  if (level === 'district') return municipalityOf(code);
  return undefined;
}
