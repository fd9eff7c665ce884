import DataLoader from 'dataloader';
import { badUserInput } from '@buurtgraaf/platform';

/**
 * A loader whose batch is one SQL statement returning rows that carry their key. Keys without a
 * row resolve to null ("no such area"), never to an error.
 */
export function rowLoader<Key, Row>(
  load: (keys: readonly Key[]) => Promise<Row[]>,
  keyOfRow: (row: Row) => string,
  keyToString: (key: Key) => string = String,
): DataLoader<Key, Row | null, string> {
  return new DataLoader(
    async (keys) => {
      const byKey = new Map((await load(keys)).map((row) => [keyOfRow(row), row]));
      return keys.map((key) => byKey.get(keyToString(key)) ?? null);
    },
    { cacheKeyFn: keyToString, maxBatchSize: 50_000 },
  );
}

/**
 * Like rowLoader, for one-to-many: every key gets the (possibly empty) list of its rows. With
 * `order`, each key's rows are sorted by it, so the statement needs no ORDER BY over every key's rows.
 */
export function groupLoader<Key, Row>(
  load: (keys: readonly Key[]) => Promise<Row[]>,
  keyOfRow: (row: Row) => string,
  keyToString: (key: Key) => string = String,
  order?: (a: Row, b: Row) => number,
): DataLoader<Key, Row[], string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, Row[]>();
      for (const row of await load(keys)) {
        const key = keyOfRow(row);
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
      if (order) for (const group of groups.values()) group.sort(order);
      return keys.map((key) => groups.get(keyToString(key)) ?? []);
    },
    { cacheKeyFn: keyToString, maxBatchSize: 50_000 },
  );
}

/**
 * One loader per list of years asked for (a contribution's `years` argument; null for every
 * year), made by `make` the first time the request asks for that list. The gateway sends every
 * entity of a request the same list, so each list stays one statement for the whole batch; lists
 * that differ only in order or repeats share a loader. Make one per request, as loaders are.
 */
export function perYears<Loader>(
  make: (years: readonly number[] | null) => Loader,
): (years: readonly number[] | null) => Loader {
  const loaders = new Map<string, Loader>();
  return (years) => {
    const key = years ? [...new Set(years)].sort((a, b) => a - b).join(',') : 'every year';
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(years)));
    return loader;
  };
}

export interface YearRange {
  min: number;
  max: number;
}

/**
 * Checks a `year` argument against the years a partner has data for. The range is read from the
 * database at most once per `ttlMs`, so an entity batch stays one SQL statement while a fresh
 * data load is still noticed within the minute.
 */
export function yearGuard(loadRange: () => Promise<YearRange | null>, ttlMs = 30_000) {
  let cached: { range: YearRange | null; at: number } | undefined;
  let pending: Promise<YearRange | null> | undefined;
  const current = async () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.range;
    pending ??= loadRange().finally(() => (pending = undefined));
    const range = await pending;
    cached = { range, at: Date.now() };
    return range;
  };
  return async (year: number, argument = 'year'): Promise<void> => {
    const range = await current();
    if (!range) throw badUserInput('This partner has no figures for any year yet.', argument);
    if (year < range.min || year > range.max) {
      throw badUserInput(
        `No figures for ${year}: this partner has figures for ${range.min} to ${range.max}.`,
        argument,
      );
    }
  };
}
