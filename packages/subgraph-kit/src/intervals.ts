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
  const bounds = known.map((window): Window => (window ? [window[0], window[1]] : [0, Infinity]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parent, children] of equations) {
      // The children's sums as they stand before this equation tightens any of them: still bounds.
      let sumLo = 0;
      let finiteHi = 0;
      let infinite = 0;
      for (const child of children) {
        const [lo, hi] = bounds[child]!;
        sumLo += lo;
        if (hi === Infinity) infinite += 1;
        else finiteHi += hi;
      }
      const [plo, phi] = bounds[parent]!;
      const next: Window = [Math.max(plo, sumLo), Math.min(phi, infinite > 0 ? Infinity : finiteHi)];
      if (next[0] !== plo || next[1] !== phi) {
        bounds[parent] = next;
        changed = true;
      }
      for (const child of children) {
        const [clo, chi] = bounds[child]!;
        const othersLo = sumLo - clo;
        const othersHi = infinite - (chi === Infinity ? 1 : 0) > 0 ? Infinity : finiteHi - (chi === Infinity ? 0 : chi);
        const tightened: Window = [Math.max(clo, next[0] - othersHi), Math.min(chi, next[1] - othersLo)];
        if (tightened[0] !== clo || tightened[1] !== chi) {
          bounds[child] = tightened;
          changed = true;
        }
      }
    }
  }
  return bounds;
}
