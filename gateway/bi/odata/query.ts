import { z } from 'zod';
import { parseParameters, type Params } from '../parameters';
import { parseFilter } from './filter';
import type { EntitySet, Property } from './model';
import { badInput, notSupported } from './respond';

/** Where the next page starts: the GraphQL cursor of an internal page, rows of it already served, rows of `$top` still due. */
export interface Position {
  after: string | null;
  skip: number;
  left: number | null;
}

export interface FeedQuery {
  params: Params;
  /** The `$filter` text as given, for `@odata.nextLink`. */
  filter: string | null;
  select: Property[] | null;
  count: boolean;
  /** ?purpose= as given: the next page's link must declare it too. */
  purpose: string | null;
  start: Position;
}

const OPTIONS = ['$filter', '$select', '$top', '$skip', '$skiptoken', '$count', '$format'];
const NOT_OFFERED = [
  '$orderby',
  '$expand',
  '$search',
  '$apply',
  '$compute',
  '$levels',
  '$index',
  '$deltatoken',
  '$schemaversion',
];
// `purpose` is read by the authentication step, as on /bi/v1.
const CUSTOM = ['purpose'];

const tokenSchema = z.strictObject({
  a: z.string().max(1000).nullable(),
  s: z.number().int().min(0),
  l: z.number().int().min(0).nullable(),
});

export const encodeToken = (position: Position) =>
  Buffer.from(JSON.stringify({ a: position.after, s: position.skip, l: position.left })).toString('base64url');

function decodeToken(text: string): Position {
  try {
    const token = tokenSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { after: token.a, skip: token.s, left: token.l };
  } catch {
    throw badInput('$skiptoken is not one this feed gave out; follow @odata.nextLink as it is.', '$skiptoken');
  }
}

/** Reads and checks every query option; a typo must not silently return the whole country. */
export function parseQuery(search: URLSearchParams, set: EntitySet): FeedQuery {
  for (const name of new Set(search.keys())) {
    if (NOT_OFFERED.includes(name))
      throw notSupported(`${name} is not supported by this feed; sort, expand or search in the BI tool.`, name);
    if (!OPTIONS.includes(name) && !CUSTOM.includes(name))
      throw badInput(`Unknown query option "${name}"; this feed takes ${OPTIONS.join(', ')} and purpose.`, name);
    if (search.getAll(name).length > 1) throw badInput(`Give ${name} once.`, name);
  }
  const format = search.get('$format');
  if (format !== null && format !== 'json' && !format.startsWith('application/json'))
    throw notSupported('$format can only be json; the CSV is at /bi/v1.', '$format');

  const filter = search.get('$filter');
  const comparisons =
    filter === null || filter.trim() === '' ? new Map<string, string | number>() : parseFilter(filter, set);
  const missing = set.filters.filter(
    ({ parameter, property }) => parameter.required && !comparisons.has(property.name),
  );
  if (missing.length > 0) {
    const example = missing
      .map(
        ({ property, parameter }) =>
          `${property.name} eq ${parameter.type === 'integer' ? (parameter.example ?? 2023) : `'${parameter.example ?? ''}'`}`,
      )
      .join(' and ');
    throw badInput(
      `${set.name} needs a $filter on ${missing.map((m) => m.property.name).join(' and ')}, e.g. $filter=${example}.`,
      '$filter',
    );
  }
  // The same checks and messages as /bi/v1's query string (area code patterns, year range).
  const asQuery = Object.fromEntries(
    set.filters.flatMap(({ property, parameter }) =>
      comparisons.has(property.name) ? [[parameter.name, String(comparisons.get(property.name))]] : [],
    ),
  );
  const parsed = parseParameters(set.dataset, asQuery, 'json');
  if (!parsed.ok) throw badInput(parsed.message, '$filter');

  const selectText = search.get('$select');
  let select: Property[] | null = null;
  if (selectText !== null && selectText.trim() !== '' && selectText.trim() !== '*') {
    select = selectText.split(',').map((raw) => {
      const name = raw.trim();
      const property = set.properties.find((candidate) => candidate.name === name);
      if (!property)
        throw badInput(`${set.name} has no property "${name}" to $select; $metadata lists them.`, '$select');
      return property;
    });
  }

  const countText = search.get('$count');
  if (countText !== null && countText !== 'true' && countText !== 'false')
    throw badInput('$count must be true or false.', '$count');
  const top = whole(search.get('$top'), '$top');
  const skip = whole(search.get('$skip'), '$skip');
  const skiptoken = search.get('$skiptoken');
  let start: Position = { after: null, skip: skip ?? 0, left: top };
  if (skiptoken !== null) {
    if (top !== null || skip !== null)
      throw badInput(
        '$skiptoken comes with @odata.nextLink, which already carries $top and $skip: follow the link as it is.',
        '$skiptoken',
      );
    start = decodeToken(skiptoken);
  }
  return { params: parsed.params, filter, select, count: countText === 'true', purpose: search.get('purpose'), start };
}

function whole(text: string | null, name: string): number | null {
  if (text === null) return null;
  if (!/^\d{1,9}$/.test(text)) throw badInput(`${name} must be a whole number of 0 or more, got "${text}".`, name);
  return Number(text);
}
