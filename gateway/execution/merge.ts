/** A position in the answer: field names and list indexes. In plan paths, `@` means "every item". */
export type ResponsePath = (string | number)[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Merges a partner's answer into what is already there, in place: objects key by key, lists item
 * by item (both partners answered for the same entities in the same order), other values replaced.
 */
export function deepMerge(target: Record<string, unknown>, source: Record<string, unknown> | null): void {
  if (!source) return;
  for (const key of Object.keys(source)) {
    // JSON.parse makes "__proto__" an own key; reading it from the target would reach Object.prototype.
    if (key === '__proto__') continue;
    const incoming = source[key];
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(incoming)) {
      for (let index = 0; index < incoming.length; index += 1) {
        const item = incoming[index];
        if (isObject(existing[index]) && isObject(item)) deepMerge(existing[index], item);
        else existing[index] = item;
      }
    } else if (isObject(existing) && isObject(incoming) && !Array.isArray(existing) && !Array.isArray(incoming)) {
      deepMerge(existing, incoming);
    } else {
      target[key] = incoming;
    }
  }
}

/** Everything at a plan path, lists flattened: what an `_entities` fetch is asked about. */
export function entitiesAt(value: unknown, path: readonly (string | number)[], from = 0): unknown {
  if (from === path.length || value === null || value === undefined) return value;
  const step = path[from];
  if (step === '@') return (value as unknown[]).flatMap((item) => entitiesAt(item, path, from + 1));
  return entitiesAt((value as Record<string, unknown>)[step as string], path, from + 1);
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
    if (step === '@') (value as unknown[]).forEach((item, index) => walk(item, from + 1, [...at, index]));
    else walk((value as Record<string, unknown>)[step as string], from + 1, [...at, step as string]);
  };
  walk(root, 0, []);
  return paths;
}
