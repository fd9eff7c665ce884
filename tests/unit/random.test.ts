import { Random, roundTo5 } from '@buurtgraaf/demo-data';

const draw = (random: Random, count = 20) => Array.from({ length: count }, () => random.between(0, 1));

describe('Random', () => {
  test('when two generators share a key, then they give the same numbers', () => {
    expect(draw(new Random('care', 'BU03440111', 2021))).toEqual(draw(new Random('care', 'BU03440111', 2021)));
  });

  test('when the keys differ, then the numbers differ', () => {
    expect(draw(new Random('care', 'BU03440111'))).not.toEqual(draw(new Random('care', 'BU03440112')));
    expect(draw(new Random('care', 2021))).not.toEqual(draw(new Random('housing', 2021)));
  });

  test("when other generators are used in between, then a generator's numbers do not change", () => {
    const alone = draw(new Random('vacant', 'BU03440111'));
    const first = new Random('vacant', 'BU03440111');
    const other = new Random('vacant', 'BU03440112');
    const interleaved = Array.from({ length: 20 }, () => {
      other.between(0, 1);
      return first.between(0, 1);
    });
    expect(interleaved).toEqual(alone);
  });

  test('when whole numbers, picks and chances are drawn, then they stay within their bounds', () => {
    const random = new Random('bounds');
    const items = ['a', 'b', 'c'] as const;
    const ints = new Set<number>();
    for (let index = 0; index < 2_000; index += 1) {
      const int = random.int(1, 6);
      expect(Number.isInteger(int) && int >= 1 && int <= 6).toBe(true);
      ints.add(int);
      expect(items).toContain(random.pick(items));
      const between = random.between(10, 20);
      expect(between >= 10 && between < 20).toBe(true);
    }
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Random('never').chance(0)).toBe(false);
    expect(new Random('always').chance(1)).toBe(true);
  });

  test('when picking from an empty list, then it says so', () => {
    expect(() => new Random('empty').pick([])).toThrow('empty');
  });

  test('when Poisson counts are drawn, then they are whole, never negative, and average near the mean', () => {
    for (const mean of [0.6, 4, 50]) {
      const random = new Random('poisson', mean);
      const samples = Array.from({ length: 4_000 }, () => random.poisson(mean));
      expect(samples.every((sample) => Number.isInteger(sample) && sample >= 0)).toBe(true);
      const average = samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
      expect(Math.abs(average - mean)).toBeLessThan(Math.max(0.1, mean * 0.05));
    }
  });

  test('when a value is rounded like CBS does, then it is the nearest multiple of 5 and never negative', () => {
    expect([0, 2, 3, 7, 8, 1_812, -3].map(roundTo5)).toEqual([0, 0, 5, 5, 10, 1_810, 0]);
  });
});
