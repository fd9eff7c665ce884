/**
 * The small path language of dataset mappings: where in one GraphQL result node a column's value
 * lies. Segments are separated by dots; a list is narrowed to one item with `[index]` or
 * `[field=VALUE]`. Three roots stand for values that are not in the node:
 *
 *   population.total                        a field of the node (a neighbourhood)
 *   careDemand[targetGroup=ELDERLY].clients the ELDERLY item of the node's careDemand list
 *   careDemand[0].source                    the first item of that list
 *   $item.clients                           the list item this row was made from (see `unnest`)
 *   $key                                    the key of that item, also when the item is missing
 *   $param.year                             a request parameter, as validated
 */
export type Root = 'node' | 'item' | 'key' | 'param';

export interface Step {
  field: string;
  select?: { index: number } | { field: string; equals: string };
}

export interface Path {
  text: string;
  root: Root;
  steps: Step[];
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z0-9_-]+))\])?$/;
const ROOTS: Record<string, Root> = { $item: 'item', $key: 'key', $param: 'param' };

export function parsePath(text: string): Path {
  const parts = text.split('.');
  const head = parts[0] ?? '';
  const root = head.startsWith('$') ? ROOTS[head] : 'node';
  if (!root) throw new Error(`"${text}" starts with an unknown root ${head}; use $item, $key or $param`);
  const rest = root === 'node' ? parts : parts.slice(1);
  if (root === 'key' && rest.length > 0) throw new Error(`"${text}": $key has no fields`);
  if (root === 'param' && rest.length !== 1) throw new Error(`"${text}": write $param.<name>`);
  const steps = rest.map((segment) => {
    const match = SEGMENT.exec(segment);
    if (!match) throw new Error(`"${text}" has a malformed segment "${segment}"`);
    const [, field = '', index, selectField, equals] = match;
    if (index !== undefined) return { field, select: { index: Number(index) } };
    if (selectField !== undefined && equals !== undefined) return { field, select: { field: selectField, equals } };
    return { field };
  });
  if (root === 'node' && steps.length === 0) throw new Error(`"${text}" is empty`);
  return { text, root, steps };
}

/** What one row is made from: the node, and when the dataset unnests a list, one item of it. */
export interface RowScope {
  node: Record<string, unknown>;
  item: Record<string, unknown> | null;
  key: string | null;
  params: Record<string, string | number | null>;
}

/** The value at `path`, or null when anything on the way is null, missing or not found. */
export function evaluate(path: Path, scope: RowScope): unknown {
  let current: unknown;
  if (path.root === 'key') return scope.key;
  if (path.root === 'param') return scope.params[path.steps[0]?.field ?? ''] ?? null;
  current = path.root === 'item' ? scope.item : scope.node;
  for (const step of path.steps) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[step.field];
    if (step.select) current = pick(current, step.select);
  }
  return current ?? null;
}

function pick(list: unknown, select: NonNullable<Step['select']>): unknown {
  if (!Array.isArray(list)) return null;
  if ('index' in select) return list[select.index] ?? null;
  return (
    list.find(
      (entry) =>
        entry !== null &&
        typeof entry === 'object' &&
        String((entry as Record<string, unknown>)[select.field]) === select.equals,
    ) ?? null
  );
}
