import { GraphQLError } from 'graphql';
import { groupLoader, perYears, rowLoader, yearGuard, type YearRange } from '@buurtgraaf/subgraph-kit/loaders';

async function rejection(work: Promise<unknown>): Promise<GraphQLError> {
  try {
    await work;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('the check passed');
}

/** A range source that counts how often it is read, as the database would be. */
function rangeSource(range: YearRange | null) {
  const source = {
    reads: 0,
    load: async () => {
      source.reads += 1;
      return range;
    },
  };
  return source;
}

describe('yearGuard', () => {
  test('when the year lies inside the range, then the check passes, at both ends too', async () => {
    const check = yearGuard(rangeSource({ min: 2019, max: 2024 }).load);
    await expect(check(2019)).resolves.toBeUndefined();
    await expect(check(2022)).resolves.toBeUndefined();
    await expect(check(2024)).resolves.toBeUndefined();
  });

  test.each([1850, 2018, 2025])(
    'when the year is %p, then BAD_USER_INPUT names the range there are figures for',
    async (year) => {
      const error = await rejection(yearGuard(rangeSource({ min: 2019, max: 2024 }).load)(year));
      expect(error).toBeInstanceOf(GraphQLError);
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'year' });
      expect(error.message).toContain(String(year));
      expect(error.message).toContain('2019 to 2024');
    },
  );

  test('when the partner has no figures at all, then every year is BAD_USER_INPUT', async () => {
    const error = await rejection(yearGuard(rangeSource(null).load)(2023));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('when the year is checked twice, then the range is read from its source once', async () => {
    const source = rangeSource({ min: 2019, max: 2024 });
    const check = yearGuard(source.load);
    await check(2020);
    await rejection(check(1850));
    expect(source.reads).toBe(1);
  });

  test('when a whole batch checks its year at the same moment, then the range is read once', async () => {
    const source = rangeSource({ min: 2019, max: 2024 });
    const check = yearGuard(source.load);
    await Promise.all(Array.from({ length: 50 }, () => check(2023)));
    expect(source.reads).toBe(1);
  });

  test('when the cache time is zero, then every check reads the range again', async () => {
    const source = rangeSource({ min: 2019, max: 2024 });
    const check = yearGuard(source.load, 0);
    await check(2020);
    await check(2021);
    expect(source.reads).toBe(2);
  });

  test('when reading the range fails once, then the failure is not cached and the next check reads again', async () => {
    let reads = 0;
    const check = yearGuard(async () => {
      reads += 1;
      if (reads === 1) throw new Error('connection reset');
      return { min: 2019, max: 2024 };
    });
    await expect(check(2020)).rejects.toThrow('connection reset');
    await expect(check(2020)).resolves.toBeUndefined();
    expect(reads).toBe(2);
  });

  test('when the argument has another name, then the error names it', async () => {
    const error = await rejection(yearGuard(rangeSource({ min: 2019, max: 2024 }).load)(2030, 'fromYear'));
    expect(error.extensions?.argument).toBe('fromYear');
  });
});

describe('rowLoader and groupLoader', () => {
  test('when keys are loaded in one tick, then one batch is made and keys without a row get null', async () => {
    const batches: (readonly string[])[] = [];
    const loader = rowLoader(
      async (keys: readonly string[]) => {
        batches.push(keys);
        return keys.filter((key) => key !== 'BU99999999').map((code) => ({ code, name: `name of ${code}` }));
      },
      (row) => row.code,
    );
    const rows = await Promise.all(['BU03440111', 'BU99999999', 'BU03440111'].map((key) => loader.load(key)));
    expect(rows).toEqual([
      { code: 'BU03440111', name: 'name of BU03440111' },
      null,
      { code: 'BU03440111', name: 'name of BU03440111' },
    ]);
    expect(batches).toEqual([['BU03440111', 'BU99999999']]);
  });

  test('when composite keys are grouped, then every key gets its own rows and a key without rows an empty list', async () => {
    type Key = { code: string; year: number };
    const loader = groupLoader(
      async (keys: readonly Key[]) =>
        keys
          .filter((key) => key.year === 2023)
          .flatMap((key) => [
            { ...key, group: 'A' },
            { ...key, group: 'B' },
          ]),
      (row) => `${row.code}:${row.year}`,
      (key: Key) => `${key.code}:${key.year}`,
    );
    const [found, missing] = await Promise.all([
      loader.load({ code: 'BU1', year: 2023 }),
      loader.load({ code: 'BU1', year: 2019 }),
    ]);
    expect(found.map((row) => row.group)).toEqual(['A', 'B']);
    expect(missing).toEqual([]);
  });
});

describe('perYears', () => {
  test('when a request asks for the same years in another order or with repeats, then it gets the same loader', () => {
    const made: (readonly number[] | null)[] = [];
    const loaderFor = perYears((years) => {
      made.push(years);
      return { years };
    });

    const first = loaderFor([2024, 2023]);
    expect(loaderFor([2023, 2024, 2023])).toBe(first);
    expect(loaderFor([2023])).not.toBe(first);
    expect(loaderFor(null)).toBe(loaderFor(null));
    expect(loaderFor([])).not.toBe(loaderFor(null));
    expect(made).toEqual([[2024, 2023], [2023], null, []]);
  });
});
