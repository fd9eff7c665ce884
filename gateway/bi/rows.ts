import type { Column, Dataset } from './datasets';
import { evaluate, type RowScope } from './paths';

/** A cell as the writers get it: a number, a string, or null for an empty cell. */
export type Cell = string | number | null;

/**
 * What a status column says about the value(s) beside it:
 * - published: the value is there;
 * - suppressed: the partner knows it but hides it (its disclosure rule); the value is empty;
 * - no_data: the partner has no figures for this area (it does not serve it, or has no stock there).
 */
export const STATUS_VALUES = {
  published: 'The value is in the column(s) this status describes.',
  suppressed:
    'The partner knows the value but does not publish it: it is below its disclosure threshold, or it would let a hidden value be worked out by subtraction. The value is empty.',
  no_data:
    'The partner has no figures for this area (for example, the care provider does not serve it). The value is empty; this is not zero.',
  partial:
    'Several partners of a kind serve this area and some could not answer or do not share their figures with you: the value adds up only the others (a lower bound). The GraphQL field `coverage` names who is missing.',
} as const;

/** The rows one result node becomes: one, or one per unnested item (or key). */
export function rowsOf(dataset: Dataset, node: Record<string, unknown>, params: RowScope['params']): Cell[][] {
  const scopes: RowScope[] = [];
  const unnest = dataset.unnest;
  if (!unnest) scopes.push({ node, item: null, key: null, params });
  else {
    const list = evaluate(unnest.path, { node, item: null, key: null, params });
    const items = (Array.isArray(list) ? list : []) as Record<string, unknown>[];
    if (unnest.keys) {
      for (const key of unnest.keys)
        scopes.push({ node, item: items.find((item) => String(keyOf(item, unnest.key)) === key) ?? null, key, params });
    } else {
      for (const item of items) scopes.push({ node, item, key: String(keyOf(item, unnest.key)), params });
    }
  }
  return scopes.map((scope) => dataset.columns.map((column) => cellOf(column, scope)));
}

/** An item's key: a field, or a field of a field (`corporation.id`). */
const keyOf = (item: Record<string, unknown>, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>(
      (value, field) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field] : null,
      item,
    );

/** A combined figure that lacks some partners' parts says so in its coverage. */
const isPartial = (value: object) => (value as { coverage?: { complete?: boolean } }).coverage?.complete === false;

function cellOf(column: Column, scope: RowScope): Cell {
  const value = evaluate(column.path, scope);
  if (column.type === 'status') {
    if (value === null) return 'no_data';
    const hidden =
      column.suppressedWhen !== undefined &&
      typeof value === 'object' &&
      (value as Record<string, unknown>)[column.suppressedWhen] === true;
    return hidden ? 'suppressed' : typeof value === 'object' && isPartial(value) ? 'partial' : 'published';
  }
  if (value === null) return null;
  const ok =
    column.type === 'string'
      ? typeof value === 'string'
      : column.type === 'integer'
        ? Number.isInteger(value)
        : typeof value === 'number';
  // A value of another type means the mapping and the graph disagree: fail rather than guess.
  if (!ok)
    throw new Error(
      `Column ${column.name} expected a ${column.type} at ${column.path.text}, got ${JSON.stringify(value)}`,
    );
  return value as Cell;
}
