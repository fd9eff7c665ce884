import { LEAF, type Selected } from './selected';

/** A position in the answer: field names and list indexes. In plan paths, `@` means "every item". */
export type ResponsePath = (string | number)[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
/** Response names are data: `constructor` or `toString` as an alias must never read Object.prototype. */
const own = (value: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(value, name) ? value[name] : undefined;

/**
 * Merges a partner's answer into what is already there, in place, writing only what its fetch
 * selected (`selected`): objects key by key. A list replaces what was there, unless the same
 * list is already there with as many items: the planner asks one owner for one list twice when
 * a client and a @requires select different fields of it (both in parallel), and those answers
 * are the same items in the same order. A list of another length is never merged item by item,
 * so no stale or padded rows survive.
 */
export function mergeSelected(
  target: Record<string, unknown>,
  source: Record<string, unknown> | null,
  selected: Selected,
): void {
  if (!source) return;
  for (const [name, child] of selected) {
    if (!Object.hasOwn(source, name) || name === '__proto__') continue;
    const incoming = source[name];
    if (child === LEAF) target[name] = incoming;
    else if (Array.isArray(incoming)) {
      const existing = own(target, name);
      if (Array.isArray(existing) && existing.length === incoming.length) mergeItems(existing, incoming, child);
      else target[name] = clean(incoming, child);
    } else if (!isObject(incoming)) target[name] = clean(incoming, child);
    else {
      const existing = own(target, name);
      if (isObject(existing) && !Array.isArray(existing)) mergeSelected(existing, incoming, child);
      else target[name] = clean(incoming, child);
    }
  }
}

function mergeItems(existing: unknown[], incoming: unknown[], selected: Selected): void {
  for (let index = 0; index < incoming.length; index += 1) {
    const [before, item] = [existing[index], incoming[index]];
    if (Array.isArray(before) && Array.isArray(item) && before.length === item.length)
      mergeItems(before, item, selected);
    else if (isObject(before) && !Array.isArray(before) && isObject(item) && !Array.isArray(item))
      mergeSelected(before, item, selected);
    else existing[index] = clean(item, selected);
  }
}

/**
 * `value` with only the selected names. An answer that holds nothing else (the normal case) is
 * kept as it is, so a whole-country answer is not copied; one with extra names is copied without them.
 */
function clean(value: unknown, selected: Selected): unknown {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = clean(value[index], selected);
    return value;
  }
  if (!isObject(value)) return value;
  for (const key in value) if (!selected.has(key) || key === '__proto__') return copySelected(value, selected);
  for (const [name, child] of nestedOf(selected))
    if (Object.hasOwn(value, name)) value[name] = clean(value[name], child);
  return value;
}

function copySelected(value: Record<string, unknown>, selected: Selected): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const [name, child] of selected) {
    if (!Object.hasOwn(value, name) || name === '__proto__') continue;
    output[name] = child === LEAF ? value[name] : clean(value[name], child);
  }
  return output;
}

// The names with a sub-selection, per selection: most series are leaves only, and then clean()
// checks the names and is done (a whole-country answer has some 350,000 such objects).
const nested = new WeakMap<Selected, [string, Selected][]>();
function nestedOf(selected: Selected): [string, Selected][] {
  let entries = nested.get(selected);
  if (!entries)
    nested.set(selected, (entries = [...selected].filter((entry): entry is [string, Selected] => entry[1] !== LEAF)));
  return entries;
}

/** After a failed fetch: what it should have filled is null, as a failed field is in GraphQL, so a later @requires sees "missing", not an absent parent. */
export function nullSelected(entity: Record<string, unknown>, selected: Selected): void {
  for (const name of selected.keys())
    if (name !== '__typename' && name !== '__proto__' && !Object.hasOwn(entity, name)) entity[name] = null;
}

/** Everything at a plan path, lists flattened: what an `_entities` fetch is asked about. */
export function entitiesAt(value: unknown, path: readonly (string | number)[], from = 0): unknown {
  if (from === path.length || value === null || value === undefined) return value;
  const step = path[from];
  if (step === '@') return Array.isArray(value) ? value.flatMap((item) => entitiesAt(item, path, from + 1)) : [];
  return isObject(value) ? entitiesAt(own(value, String(step)), path, from + 1) : undefined;
}

/**
 * The response path of each non-null entity entitiesAt would return, in the same order; only
 * computed when a partner reports an error, to point the error at the right neighbourhood.
 */
export function entityPathsAt(root: unknown, path: readonly (string | number)[]): ResponsePath[] {
  const paths: ResponsePath[] = [];
  const walk = (value: unknown, from: number, at: ResponsePath) => {
    if (value === null || value === undefined) return;
    if (from === path.length) {
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, from, [...at, index]));
      else paths.push(at);
      return;
    }
    const step = path[from];
    if (step === '@') {
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, from + 1, [...at, index]));
    } else if (isObject(value)) walk(own(value, String(step)), from + 1, [...at, String(step)]);
  };
  walk(root, 0, []);
  return paths;
}
