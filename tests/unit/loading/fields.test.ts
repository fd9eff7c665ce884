import { column } from '@buurtgraaf/subgraph-kit/loading/fields';

const thisYear = new Date().getUTCFullYear();
const problemOf = (
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: string,
) =>
  schema
    .safeParse(value)
    .error?.issues.map((issue) => issue.message)
    .join('; ');

describe('CSV values', () => {
  test('when a year is outside 1990 to this year, then the reason names the range and the value', () => {
    expect(column.year().parse('2023')).toBe(2023);
    expect(problemOf(column.year(), '1989')).toBe(`must be a year from 1990 to ${thisYear}, got "1989"`);
    expect(problemOf(column.year(), String(thisYear + 1))).toBe(
      `must be a year from 1990 to ${thisYear}, got "${thisYear + 1}"`,
    );
    expect(problemOf(column.year(), '23')).toMatch(/^must be a year/);
  });

  test('when a count has separators, a sign or decimals, then it is refused rather than guessed', () => {
    expect(column.count().parse('1200')).toBe(1200);
    for (const value of ['1.200', '1,5', '-3', '12 ']) {
      expect(problemOf(column.count(), value)).toBe(
        `must be a whole number of 0 or more, without separators, got ${JSON.stringify(value)}`,
      );
    }
    expect(problemOf(column.count(), '')).toBe('is empty; a value is required');
  });

  test('when an optional figure is empty, then it is null (not published), and otherwise it is checked as usual', () => {
    expect(column.optionalCount().parse('')).toBeNull();
    expect(column.optionalCount().parse('15')).toBe(15);
    expect(problemOf(column.optionalCount(), 'n/a')).toBe(
      'must be a whole number of 0 or more, without separators (or empty), got "n/a"',
    );
  });

  test('when a decimal is written with a decimal comma (Dutch Excel) or point, then both read the same', () => {
    expect(column.optionalDecimal(1, 1200).parse('84,5')).toBe(84.5);
    expect(column.optionalDecimal(1, 1200).parse('84.5')).toBe(84.5);
    expect(column.optionalDecimal(1, 1200).parse('84')).toBe(84);
    expect(problemOf(column.optionalDecimal(1, 1200), '84,55')).toMatch(
      /^must be a number from 0 to 1200 with at most 1 decimal/,
    );
    expect(problemOf(column.optionalDecimal(1, 1200), '1.084,5')).toMatch(/got "1.084,5"$/);
    expect(problemOf(column.optionalDecimal(1, 1200), '1300')).toMatch(/^must be a number from 0 to 1200/);
  });

  test('when a date is ISO or as Dutch Excel writes it, then it is stored as ISO; impossible and future dates are refused', () => {
    expect(column.date().parse('2024-03-01')).toBe('2024-03-01');
    expect(column.date().parse('1-3-2024')).toBe('2024-03-01');
    expect(column.date().parse('15-11-2023')).toBe('2023-11-15');
    expect(problemOf(column.date(), '2023-02-29')).toBe('must be a date as 2024-03-01 or 1-3-2024, got "2023-02-29"');
    expect(problemOf(column.date(), '3/1/2024')).toBe('must be a date as 2024-03-01 or 1-3-2024, got "3/1/2024"');
    expect(problemOf(column.date(), `${thisYear + 1}-01-01`)).toBe(
      `must be a date from 1950-01-01 up to today, got "${thisYear + 1}-01-01"`,
    );
    expect(column.optionalDate().parse('')).toBeNull();
  });

  test('when an area code does not follow the CBS format of its level, then the reason is the one the API gives', () => {
    expect(column.areaCode('neighbourhood').parse('BU03440111')).toBe('BU03440111');
    expect(problemOf(column.areaCode('neighbourhood'), 'WK034401')).toBe(
      '"WK034401" is not a CBS neighbourhood (BU + 8 characters, e.g. BU03440111) code.',
    );
    expect(problemOf(column.areaCode('neighbourhood'), 'bu03440111')).toMatch(/is not a CBS neighbourhood/);
    expect(column.anyAreaCode().parse('GM0344')).toBe('GM0344');
    expect(problemOf(column.anyAreaCode(), 'GM344')).toMatch(/^must be a CBS area code: GM \+ 4 digits/);
  });

  test('when a value is not in the list, then the reason lists what is allowed', () => {
    expect(problemOf(column.oneOf(['CBS', 'PARTNER']), 'cbs')).toBe('must be one of CBS, PARTNER, got "cbs"');
    expect(problemOf(column.text(5), 'too long')).toBe('must be at most 5 characters, got "too long"');
  });
});
