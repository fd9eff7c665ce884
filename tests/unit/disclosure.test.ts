import { DEFAULT_DISCLOSURE_RULE, discloseCount, type DisclosureRule } from '@buurtgraaf/subgraph-kit/disclosure';

const counts = (upTo: number) => Array.from({ length: upTo + 1 }, (_, count) => count);

describe('discloseCount', () => {
  test('when a count is below the default threshold of 10, then it is suppressed and no value is published', () => {
    for (const count of counts(9)) {
      expect(discloseCount(count, DEFAULT_DISCLOSURE_RULE)).toEqual({ value: null, suppressed: true });
    }
  });

  test('when a count reaches the threshold, then it is published rounded to the nearest multiple of 5', () => {
    const rule: DisclosureRule = { threshold: 10, roundTo: 5 };
    expect(discloseCount(10, rule)).toEqual({ value: 10, suppressed: false });
    expect(discloseCount(12, rule)).toEqual({ value: 10, suppressed: false });
    expect(discloseCount(13, rule)).toEqual({ value: 15, suppressed: false });
    expect(discloseCount(17, rule)).toEqual({ value: 15, suppressed: false });
    expect(discloseCount(18, rule)).toEqual({ value: 20, suppressed: false });
    expect(discloseCount(1_234, rule)).toEqual({ value: 1_235, suppressed: false });
  });

  test('when every count up to 500 is disclosed with the default rule, then each published value is a multiple of 5, at least 10 and within 2 of the truth', () => {
    for (const count of counts(500).filter((count) => count >= 10)) {
      const { value } = discloseCount(count, DEFAULT_DISCLOSURE_RULE);
      expect(value! % 5).toBe(0);
      expect(value!).toBeGreaterThanOrEqual(10);
      expect(Math.abs(value! - count)).toBeLessThanOrEqual(2);
    }
  });

  test('when the threshold is not a multiple of the rounding, then no published value is below the threshold and all stay on the rounding grid', () => {
    const rules: DisclosureRule[] = [
      { threshold: 12, roundTo: 5 },
      { threshold: 7, roundTo: 3 },
      { threshold: 3, roundTo: 10 },
      { threshold: 11, roundTo: 4 },
    ];
    for (const rule of rules) {
      for (const count of counts(200)) {
        const { value, suppressed } = discloseCount(count, rule);
        expect(suppressed).toBe(count < rule.threshold);
        if (suppressed) continue;
        expect(value!).toBeGreaterThanOrEqual(rule.threshold);
        expect(value! % rule.roundTo).toBe(0);
      }
    }
    // 12 rounds to 10 on a grid of 5, which would publish a value below the threshold.
    expect(discloseCount(12, { threshold: 12, roundTo: 5 }).value).toBe(15);
  });

  test('when a provider sets a stricter threshold of 20, then 19 is suppressed and 20 is published', () => {
    const strict: DisclosureRule = { threshold: 20, roundTo: 5 };
    expect(discloseCount(19, strict)).toEqual({ value: null, suppressed: true });
    expect(discloseCount(20, strict)).toEqual({ value: 20, suppressed: false });
  });

  test.each([-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'when the count is %p, then it is rejected as not a count',
    (count) => {
      expect(() => discloseCount(count, DEFAULT_DISCLOSURE_RULE)).toThrow(RangeError);
    },
  );
});
