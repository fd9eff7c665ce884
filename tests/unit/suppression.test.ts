import { Random } from '@buurtgraaf/demo-data';
import { DEFAULT_DISCLOSURE_RULE } from '@buurtgraaf/subgraph-kit/disclosure';
import { complementarySuppression, type SuppressionCell } from '@buurtgraaf/subgraph-kit/suppression';
import { discloseCount } from '@buurtgraaf/subgraph-kit/disclosure';
import { equationsOf, propagate, valuesIn } from '@buurtgraaf/subgraph-kit/intervals';

const RULE = DEFAULT_DISCLOSURE_RULE;

/**
 * A municipality from its neighbourhoods' counts, keyed by neighbourhood code; districts and the
 * municipality are their exact sums, as care_demand has them.
 */
function hierarchy(neighbourhoods: Record<string, number>): SuppressionCell[] {
  const totals = new Map<string, number>();
  for (const [code, count] of Object.entries(neighbourhoods)) {
    for (const parent of [code, `WK${code.slice(2, 8)}`, `GM${code.slice(2, 6)}`])
      totals.set(parent, (totals.get(parent) ?? 0) + count);
  }
  return [...totals].map(([code, count]) => ({ code, count }));
}

const hiddenCodes = (cells: SuppressionCell[]) => [...complementarySuppression(cells, RULE)].sort();

/**
 * What an attacker can pin each hidden count to: every published value means a truth within its
 * rounding window (found by trying the counts around it), every count is at least 0, and every
 * parent is the sum of its children, propagated until nothing changes.
 */
function pinnedBelowThreshold(cells: SuppressionCell[], hidden: ReadonlySet<string>, threshold = RULE.threshold) {
  const sorted = [...cells].sort((a, b) => (a.code < b.code ? -1 : 1));
  const windowOf = (count: number): [number, number] => {
    const value = discloseCount(count, RULE).value;
    const same = (c: number) => c >= 0 && discloseCount(c, RULE).value === value;
    let [lo, hi] = [count, count];
    while (same(lo - 1)) lo -= 1;
    while (same(hi + 1)) hi += 1;
    return [lo, hi];
  };
  const bounds = propagate(
    sorted.map((cell) => (hidden.has(cell.code) ? null : windowOf(cell.count))),
    equationsOf(sorted.map((cell) => cell.code)),
  );
  return sorted.flatMap((cell, i) =>
    hidden.has(cell.code) && valuesIn(bounds[i]!) < threshold ? [`${cell.code} (${cell.count}) in [${bounds[i]}]`] : [],
  );
}

/** Every parent with its children, from the cells' codes. */
function groupsOf(cells: SuppressionCell[]) {
  const codes = new Set(cells.map((cell) => cell.code));
  const groups = new Map<string, string[]>();
  for (const code of codes) {
    const parent = code.startsWith('BU')
      ? `WK${code.slice(2, 8)}`
      : code.startsWith('WK')
        ? `GM${code.slice(2, 6)}`
        : undefined;
    if (parent && codes.has(parent)) groups.set(parent, [...(groups.get(parent) ?? []), code]);
  }
  return groups;
}

describe('complementarySuppression', () => {
  test('when nothing is below the threshold, then nothing is suppressed', () => {
    const cells = hierarchy({ BU03440101: 10, BU03440102: 25, BU03440201: 40, BU03440202: 11 });
    expect(hiddenCodes(cells)).toEqual([]);
  });

  test("when one neighbourhood of a district is small, then the district's smallest other neighbourhood is suppressed too", () => {
    const cells = hierarchy({
      BU03440101: 4,
      BU03440102: 30,
      BU03440103: 20,
      BU03440104: 45,
      BU03440201: 60,
      BU03440202: 70,
    });
    expect(hiddenCodes(cells)).toEqual(['BU03440101', 'BU03440103']);
  });

  test('when two small neighbourhoods add up to less than the threshold, then a third one is suppressed', () => {
    const cells = hierarchy({
      BU03440101: 3,
      BU03440102: 4,
      BU03440103: 25,
      BU03440104: 40,
      BU03440105: 30,
      BU03440201: 90,
    });
    expect(hiddenCodes(cells)).toEqual(['BU03440101', 'BU03440102', 'BU03440103']);
  });

  test('when two small neighbourhoods add up to the threshold or more, then nothing else is suppressed', () => {
    const cells = hierarchy({ BU03440101: 6, BU03440102: 4, BU03440103: 25, BU03440201: 90 });
    expect(hiddenCodes(cells)).toEqual(['BU03440101', 'BU03440102']);
  });

  test("when a whole district is small, then the municipality's smallest other district is suppressed, and one of that district's neighbourhoods with it", () => {
    const cells = hierarchy({
      BU03440101: 2,
      BU03440102: 4, // WK034401 = 6: suppressed by the rule
      BU03440201: 30,
      BU03440202: 20, // WK034402 = 50: the smallest other district
      BU03440301: 40,
      BU03440302: 40, // WK034403 = 80
    });
    // Without BU03440201 or BU03440202, WK034402 would be the sum of its two published neighbourhoods.
    expect(hiddenCodes(cells)).toEqual(['BU03440101', 'BU03440102', 'BU03440202', 'WK034401', 'WK034402']);
  });

  test('when a district with a single neighbourhood is suppressed, then that neighbourhood, which has the same count, is suppressed as well', () => {
    const cells = hierarchy({
      BU03440101: 3,
      BU03440102: 5, // WK034401 = 8: suppressed by the rule
      BU03440201: 35, // WK034402 = 35, an only child, and the smallest other district
      BU03440301: 40,
      BU03440302: 40,
    });
    expect(hiddenCodes(cells)).toEqual(['BU03440101', 'BU03440102', 'BU03440201', 'WK034401', 'WK034402']);
  });

  test("when a district's only neighbourhood is small, then the district is suppressed with it and shielded in the municipality", () => {
    const cells = hierarchy({ BU03440101: 7, BU03440201: 35, BU03440301: 40 });
    expect(hiddenCodes(cells)).toEqual(['BU03440101', 'BU03440201', 'WK034401', 'WK034402']);
  });

  test('when a municipality has a single district, then they stand or fall together', () => {
    expect(hiddenCodes(hierarchy({ BU03440101: 4, BU03440102: 30 }))).toEqual(['BU03440101', 'BU03440102']);
    expect(hiddenCodes(hierarchy({ BU03440101: 4, BU03440102: 3 }))).toEqual([
      'BU03440101',
      'BU03440102',
      'GM0344',
      'WK034401',
    ]);
  });

  test('when two candidates have the same count, then the lower code is suppressed, whatever the order of the cells', () => {
    const cells = hierarchy({ BU03440101: 5, BU03440102: 20, BU03440103: 20, BU03440104: 20, BU03440201: 90 });
    expect(hiddenCodes(cells)).toEqual(['BU03440101', 'BU03440102']);
    const random = new Random('suppression-order');
    for (let round = 0; round < 20; round += 1) {
      const shuffled = [...cells];
      for (let index = shuffled.length - 1; index > 0; index -= 1) {
        const other = random.int(0, index);
        [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
      }
      expect(hiddenCodes(shuffled)).toEqual(['BU03440101', 'BU03440102']);
    }
  });

  test('when a stricter threshold is used, then counts under it are suppressed and shielded as well', () => {
    const cells = hierarchy({ BU03440101: 12, BU03440102: 30, BU03440103: 25, BU03440201: 90 });
    expect([...complementarySuppression(cells, { threshold: 20, roundTo: 5 })].sort()).toEqual([
      'BU03440101',
      'BU03440103',
    ]);
  });

  test('when an area appears twice in one table, then it is refused rather than guessed', () => {
    expect(() =>
      complementarySuppression(
        [
          { code: 'BU03440101', count: 3 },
          { code: 'BU03440101', count: 30 },
        ],
        RULE,
      ),
    ).toThrow(/twice/);
  });

  test("when many random municipalities are suppressed, then in every group no single member is hidden alone, hidden children of a published parent add up to the threshold, and no hidden count is pinned to fewer than the threshold's values", () => {
    const random = new Random('suppression-property');
    for (let round = 0; round < 200; round += 1) {
      const neighbourhoods: Record<string, number> = {};
      const districts = random.int(1, 6);
      for (let district = 1; district <= districts; district += 1) {
        const size = random.int(1, 6);
        for (let n = 1; n <= size; n += 1) {
          neighbourhoods[`BU0344${String(district).padStart(2, '0')}${String(n).padStart(2, '0')}`] = random.chance(0.4)
            ? random.int(0, 9)
            : random.int(10, 60);
        }
      }
      const cells = hierarchy(neighbourhoods);
      const count = new Map(cells.map((cell) => [cell.code, cell.count]));
      const hidden = complementarySuppression(cells, RULE);
      for (const cell of cells) if (cell.count < RULE.threshold) expect(hidden.has(cell.code)).toBe(true);
      expect(pinnedBelowThreshold(cells, hidden)).toEqual([]);
      for (const [parent, children] of groupsOf(cells)) {
        const hiddenChildren = children.filter((child) => hidden.has(child));
        const hiddenMembers = hiddenChildren.length + (hidden.has(parent) ? 1 : 0);
        expect(hiddenMembers).not.toBe(1);
        if (!hidden.has(parent) && hiddenChildren.length > 0) {
          expect(hiddenChildren.reduce((sum, child) => sum + count.get(child)!, 0)).toBeGreaterThanOrEqual(
            RULE.threshold,
          );
        }
      }
    }
  });
});

describe('complementary suppression across two levels', () => {
  test('when a hidden district is bounded from below by its published neighbourhood, then its hidden sibling is not pinned through the published municipality', () => {
    // WK034402 (0, an only child) is hidden by the rule, WK034401 (30) to shield it in GM0344, which
    // every rule per group allows. But WK034401 >= 28 by its published BU03440102 (29, shown as 30),
    // WK034403 >= 48 (52, shown as 50) and GM0344 <= 82 (shown as 80), so WK034402 <= 82 - 28 - 48
    // = 6: seven possible values, and WK034401 in [28, 34]. Hiding BU03440102 as well frees both.
    const cells = hierarchy({ BU03440101: 1, BU03440102: 29, BU03440201: 0, BU03440301: 13, BU03440302: 39 });
    const hidden = complementarySuppression(cells, RULE);
    expect(pinnedBelowThreshold(cells, hidden)).toEqual([]);
    expect([...hidden].sort()).toEqual([
      'BU03440101',
      'BU03440102',
      'BU03440201',
      'BU03440301',
      'BU03440302',
      'WK034401',
      'WK034402',
    ]);
  });

  test('when two small neighbourhoods lie in different districts, then their municipality total cannot give their sum away', () => {
    // GM = 45 = 40 + 3 + 2; WK..02 has BU..0201 as only child, so it is hidden with it.
    const cells = [
      { code: 'GM0001', count: 45 },
      { code: 'WK000101', count: 43 },
      { code: 'WK000102', count: 2 },
      { code: 'BU00010101', count: 40 },
      { code: 'BU00010102', count: 3 },
      { code: 'BU00010201', count: 2 },
    ];
    const hidden = complementarySuppression(cells, { threshold: 10, roundTo: 5 });
    // Whatever is hidden, what is published must not pin the hidden neighbourhoods below 10.
    const published = cells.filter((cell) => !hidden.has(cell.code));
    const municipality = published.find((cell) => cell.code === 'GM0001');
    const neighbourhoodsShown = published
      .filter((cell) => cell.code.startsWith('BU'))
      .reduce((sum, cell) => sum + cell.count, 0);
    if (municipality) expect(municipality.count - neighbourhoodsShown).toBeGreaterThanOrEqual(10);
  });
});
