import { districtOf, levelOf, municipalityOf } from '@buurtgraaf/protocol';
import { noiseRange } from '@buurtgraaf/subgraph-kit/secure-sum';

// The attacker of issue 15: one care provider that knows its own exact counts and noises, and reads
// every published figure (combined and per provider, every year, every level). It works out, for
// each suppressed cell of another provider, the interval that provider's count must lie in:
// windows from the secure-sum figures, then the additive ties of the victim's own table (a parent
// is the sum of its children) propagated until nothing changes, as an LP bound would.

export interface Rule {
  threshold: number;
  roundTo: number;
}
export interface Truth {
  clients: number;
  waitingList: number;
  clientsSuppressed: boolean;
  waitingListSuppressed: boolean;
}
export type Measure = 'clients' | 'waitingList';
export interface CombinedCell {
  value: number | null;
  by: string;
}

export const cellKey = (code: string, year: number, group: string, measure: Measure) =>
  `${code}|${year}|${group}|${measure}`;

export interface AttackInput {
  victimRule: Rule;
  /** Every provider's rule, for the noise's mean and the combined rounding. */
  rules: readonly Rule[];
  /** How many providers serve each area (the secure sum's parties). */
  servingCount: (code: string) => number;
  /** True when the area's parties are exactly the attacker and the victim: the sum minus its own is the victim's. */
  onlyUsTwo: (code: string) => boolean;
  /** The attacker's own perturbed count of a cell (count + its own noise); 0 where it is no party. */
  attackerPerturbed: (key: string) => number;
  /** The combined figure of every cell. */
  combined: ReadonlyMap<string, CombinedCell>;
  /** The victim's published figures: null when suppressed. */
  victimPublished: ReadonlyMap<string, number | null>;
  /** Only to debug the attack itself. */
  truth?: ReadonlyMap<string, number>;
}

/** The interval [lo, hi] the attacker can pin each of the victim's suppressed cells to. */
export function attack(input: AttackInput): Map<string, [number, number]> {
  const { victimRule: rule } = input;
  const bounds = new Map<string, [number, number]>();
  const meanNoise = (n: number) => input.rules.slice(0, n).reduce((sum, r) => sum + (noiseRange(r) - 1) / 2, 0);
  const roundTo = Math.max(...input.rules.map((r) => r.roundTo));
  const smallest = Math.ceil(rule.threshold / rule.roundTo) * rule.roundTo;
  for (const [key, value] of input.victimPublished) {
    if (value !== null) {
      // A published count: rounded to the victim's step, never below its threshold.
      bounds.set(key, [
        Math.max(rule.threshold, value - Math.floor(rule.roundTo / 2)),
        value === smallest ? value + Math.floor(rule.roundTo / 2) : value + Math.floor(rule.roundTo / 2),
      ]);
      continue;
    }
    let [lo, hi] = [0, Infinity];
    const cell = input.combined.get(key);
    if (cell?.by === 'SECURE_SUM' && cell.value !== null) {
      const code = key.split('|')[0]!;
      const parties = input.servingCount(code);
      // (sum of perturbed counts) - meanNoise rounds to the value; the victim's perturbed count is
      // at least its threshold (else it vetoed), at most the sum minus the attacker's own.
      const sumLo = Math.ceil(cell.value - roundTo / 2 + meanNoise(parties) - 1e-9);
      const sumHi = Math.floor(cell.value + roundTo / 2 + meanNoise(parties) + 1e-9);
      const own = input.attackerPerturbed(key);
      const yHi = sumHi - own;
      const yLo = Math.max(rule.threshold, input.onlyUsTwo(code) ? sumLo - own : rule.threshold);
      lo = Math.max(0, yLo - (noiseRange(rule) - 1));
      hi = yHi;
    }
    bounds.set(key, [lo, hi]);
  }
  if (input.truth) {
    for (const [key, [lo, hi]] of bounds) {
      const value = input.truth.get(key)!;
      if (value < lo || value > hi)
        throw new Error(
          `initial ${key} ${value} not in [${lo}, ${hi}] published ${input.victimPublished.get(key)} combined ${JSON.stringify(input.combined.get(key))} own ${input.attackerPerturbed(key)}`,
        );
    }
  }
  // Additive ties of the victim's table: each parent is the sum of its children, per year, group and measure.
  const groups = new Map<string, string[]>();
  for (const key of bounds.keys()) {
    const [code, ...rest] = key.split('|');
    const level = levelOf(code!);
    const parents =
      level === 'neighbourhood'
        ? [districtOf(code!), municipalityOf(code!)]
        : level === 'district'
          ? [municipalityOf(code!)]
          : [];
    for (const parent of parents) {
      const parentKey = [parent, ...rest].join('|');
      // A municipality is the sum of its districts, and also of its neighbourhoods: two groups.
      const group = `${parentKey}>${level}`;
      if (bounds.has(parentKey)) groups.set(group, [...(groups.get(group) ?? []), key]);
    }
  }
  for (let round = 0, changed = true; changed && round < 50; round += 1) {
    changed = false;
    for (const [group, children] of groups) {
      const parent = group.split('>')[0]!;
      const [plo, phi] = bounds.get(parent)!;
      const his = children.map((child) => bounds.get(child)![1]);
      const sumLo = children.reduce((sum, child) => sum + bounds.get(child)![0], 0);
      const infinite = his.filter((hi) => hi === Infinity).length;
      const finiteHi = his.reduce((sum, hi) => (hi === Infinity ? sum : sum + hi), 0);
      const next: [number, number] = [Math.max(plo, sumLo), Math.min(phi, infinite > 0 ? Infinity : finiteHi)];
      if (next[0] !== plo || next[1] !== phi) {
        bounds.set(parent, next);
        changed = true;
      }
      for (const child of children) {
        const [clo, chi] = bounds.get(child)!;
        const othersLo = sumLo - clo;
        const othersHi = infinite - (chi === Infinity ? 1 : 0) > 0 ? Infinity : finiteHi - (chi === Infinity ? 0 : chi);
        const tightened: [number, number] = [Math.max(clo, next[0] - othersHi), Math.min(chi, next[1] - othersLo)];
        if (tightened[0] !== clo || tightened[1] !== chi) {
          bounds.set(child, tightened);
          changed = true;
        }
      }
    }
  }
  return new Map([...bounds].filter(([key]) => input.victimPublished.get(key) === null));
}
