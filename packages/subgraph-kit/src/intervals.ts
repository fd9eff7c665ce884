import { districtOf, levelOf, municipalityOf } from '@buurtgraaf/protocol';
import { discloseCount, type DisclosureRule } from './disclosure';

/**
 * The interval audit of one additive table (one year, target group and measure over the areas of
 * one or more municipalities): what an attacker can derive about each hidden count from what is
 * known of the others and from the table's sums. Both complementary suppression (one provider's
 * publication, kit/suppression.ts) and the secure sum's releases (subgraphs/care/releases.ts)
 * check their pattern with it, so the two agree on what "pinned" means.
 */

/** An interval of possible counts, both ends included; the upper end may be Infinity. */
export type Window = [number, number];

/**
 * The equations of one table, by index, in code order: a parent and its children of one level
 * (municipality = its districts, municipality = its neighbourhoods, district = its neighbourhoods),
 * each on its own. The municipality's two equations are redundant with the districts', but having
 * both lets the propagation below reach the bounds a linear program would.
 */
export function equationsOf(codes: readonly string[]): [number, number[]][] {
  const index = new Map(codes.map((code, i) => [code, i]));
  const equations = new Map<string, [number, number[]]>();
  codes.forEach((code, i) => {
    const level = levelOf(code);
    const parents =
      level === 'neighbourhood'
        ? [districtOf(code), municipalityOf(code)]
        : level === 'district'
          ? [municipalityOf(code)]
          : [];
    for (const parent of parents) {
      const p = index.get(parent);
      if (p === undefined) continue;
      const key = `${parent}>${level}`;
      const equation = equations.get(key);
      if (equation) equation[1].push(i);
      else equations.set(key, [p, [i]]);
    }
  });
  return [...equations.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, equation]) => equation);
}

/** The counts a published value can stand for under the rule (its rounding window). */
export function publishedWindow(count: number, rule: DisclosureRule): Window {
  const value = discloseCount(count, rule).value;
  let lo = count;
  let hi = count;
  while (lo > 0 && discloseCount(lo - 1, rule).value === value) lo -= 1;
  while (discloseCount(hi + 1, rule).value === value) hi += 1;
  return [lo, hi];
}

export const valuesIn = ([lo, hi]: Window) => hi - lo + 1;

/**
 * The bounds an attacker gets on every count of one table from `known` windows (others [0, ∞))
 * and the equations, propagated until none changes. Every bound holds for the true counts, so
 * each change tightens an integer bound that cannot cross the truth, and the loop ends.
 */
export function propagate(known: readonly (Window | null)[], equations: readonly [number, number[]][]): Window[] {
  // Two flat arrays rather than a pair per cell: this runs at start-up over every table of the
  // country, and allocating a pair for each tightened bound was most of its time.
  const lo = new Float64Array(known.length);
  const hi = new Float64Array(known.length).fill(Infinity);
  known.forEach((window, i) => {
    if (window) [lo[i], hi[i]] = window;
  });
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parent, children] of equations) {
      // The children's sums as they stand before this equation tightens any of them: still bounds.
      let sumLo = 0;
      let finiteHi = 0;
      let infinite = 0;
      for (const child of children) {
        sumLo += lo[child]!;
        if (hi[child] === Infinity) infinite += 1;
        else finiteHi += hi[child]!;
      }
      const parentLo = Math.max(lo[parent]!, sumLo);
      const parentHi = Math.min(hi[parent]!, infinite > 0 ? Infinity : finiteHi);
      if (parentLo !== lo[parent] || parentHi !== hi[parent]) {
        lo[parent] = parentLo;
        hi[parent] = parentHi;
        changed = true;
      }
      for (const child of children) {
        const clo = lo[child]!;
        const chi = hi[child]!;
        const othersLo = sumLo - clo;
        const othersHi = infinite - (chi === Infinity ? 1 : 0) > 0 ? Infinity : finiteHi - (chi === Infinity ? 0 : chi);
        const childLo = Math.max(clo, parentLo - othersHi);
        const childHi = Math.min(chi, parentHi - othersLo);
        if (childLo !== clo || childHi !== chi) {
          lo[child] = childLo;
          hi[child] = childHi;
          changed = true;
        }
      }
    }
  }
  return known.map((_, i): Window => [lo[i]!, hi[i]!]);
}
