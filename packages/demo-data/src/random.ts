import seedrandom from 'seedrandom';

/**
 * Deterministic randomness keyed by what it is for ("BU03440111", "care", 2021): the same key
 * always gives the same numbers, whatever order the generator visits areas in, so the three
 * partners' demo databases agree without ever talking to each other.
 */
export class Random {
  private readonly next: () => number;
  constructor(...key: (string | number)[]) {
    this.next = seedrandom(['buurtgraaf-demo-v1', ...key].join(':'));
  }
  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** Poisson-distributed count with the given mean (Knuth; means here stay small). */
  poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    for (let product = this.next(); product > limit; product *= this.next()) count += 1;
    return count;
  }
  /** Standard normal (Box-Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
}

/** CBS rounds neighbourhood and district counts to multiples of 5; generated counts do the same. */
export const roundTo5 = (value: number) => Math.max(0, Math.round(value / 5) * 5);
