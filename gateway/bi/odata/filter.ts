import type { EntitySet } from './model';
import { badInput, notSupported } from './respond';

/** The property each comparison names, and the value it must equal. */
export type Comparisons = Map<string, string | number>;

type Token = { kind: 'name' | 'string' | 'number' | 'open' | 'close' | 'other'; text: string; value?: string | number };

const TOKEN =
  /\s*(?:(\()|(\))|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?[A-Za-z]?)|([A-Za-z_][A-Za-z0-9_./]*)|(\S))/y;

/**
 * `$filter` as far as the feed can answer it: `eq` comparisons on the filterable properties joined
 * by `and`, with brackets as Power BI writes them. The dataset's GraphQL document takes exactly those
 * parameters, so anything wider (`or`, `gt`, functions) would have to be filtered in memory after
 * fetching the whole country: refused instead, with the properties that do work.
 */
export function parseFilter(text: string, set: EntitySet): Comparisons {
  const tokens = tokenize(text);
  const comparisons: Comparisons = new Map();
  const bounds = new Map<string, Record<string, number>>();
  const filterable = set.filters.map((filter) => filter.property.name).join(', ');
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++];

  const comparison = () => {
    const open = peek()?.kind === 'open';
    if (open) {
      take();
      expression();
      if (take()?.kind !== 'close') throw badInput('$filter has a "(" without its ")".', '$filter');
      return;
    }
    const name = take();
    if (name?.kind !== 'name')
      throw badInput(`$filter expected a property name at "${name?.text ?? 'the end'}".`, '$filter');
    if (peek()?.kind === 'open')
      throw notSupported(
        `$filter functions such as ${name.text}() are not supported; filter with eq on ${filterable}.`,
        '$filter',
      );
    const property = set.properties.find((candidate) => candidate.name === name.text);
    if (!property) throw badInput(`${set.name} has no property "${name.text}"; $metadata lists them.`, '$filter');
    const filter = set.filters.find((candidate) => candidate.property === property);
    if (!filter) throw notSupported(`$filter cannot use ${name.text}; filter on ${filterable}.`, '$filter');
    const operator = take();
    // A series' year (a text parameter shown as a whole-number column) also takes a range: ge and le.
    const ranged = filter.parameter.type === 'string' && property.type === 'Edm.Int32';
    const operators = ranged ? ['eq', 'ge', 'le'] : ['eq'];
    if (operator?.kind !== 'name' || !operators.includes(operator.text))
      throw notSupported(
        `$filter supports only ${operators.join(', ')}, not "${operator?.text ?? 'nothing'}" after ${name.text}.`,
        '$filter',
      );
    const literal = take();
    const wanted = property.type === 'Edm.String' ? 'string' : 'number';
    if (literal?.kind !== wanted || literal.value === undefined) {
      const example =
        wanted === 'number'
          ? `${name.text} eq ${filter.parameter.example ?? 2023}`
          : `${name.text} eq '${filter.parameter.example ?? 'GM0344'}'`;
      throw badInput(
        `${name.text} takes a ${wanted === 'number' ? 'whole number' : 'text in single quotes'}, as in ${example}.`,
        '$filter',
      );
    }
    if (ranged) {
      const bound = bounds.get(name.text) ?? {};
      const mixed = operator.text === 'eq' && Object.keys(bound).length > 0;
      if (bound.eq !== undefined || bound[operator.text] !== undefined || mixed)
        throw badInput(`$filter names ${name.text} twice; give eq once, or ge and le once each.`, '$filter');
      bound[operator.text] = Number(literal.value);
      bounds.set(name.text, bound);
      return;
    }
    if (comparisons.has(name.text))
      throw badInput(`$filter names ${name.text} twice; give each property once.`, '$filter');
    comparisons.set(name.text, literal.value);
  };
  const expression = () => {
    comparison();
    while (peek()?.kind === 'name' && peek()?.text === 'and') {
      take();
      comparison();
    }
  };

  expression();
  const rest = peek();
  if (rest?.kind === 'name' && ['or', 'not'].includes(rest.text))
    throw notSupported(`$filter supports only and, not ${rest.text}.`, '$filter');
  if (rest) throw badInput(`$filter could not be read from "${rest.text}" on.`, '$filter');
  // As the series' year parameter writes them: 2023, or 2019-2024 (both included).
  for (const [name, { eq, ge, le }] of bounds) {
    if (eq !== undefined) comparisons.set(name, String(eq));
    else if (ge !== undefined && le !== undefined) comparisons.set(name, `${ge}-${le}`);
    else
      throw badInput(
        `$filter on ${name} takes eq, or ge and le together: ${name} ge 2019 and ${name} le 2024.`,
        '$filter',
      );
  }
  return comparisons;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) {
      if (text.slice(start).trim() === '') break;
      throw badInput('$filter could not be read.', '$filter');
    }
    const [whole, open, close, string, number, name] = match;
    if (open) tokens.push({ kind: 'open', text: open });
    else if (close) tokens.push({ kind: 'close', text: close });
    else if (string !== undefined)
      tokens.push({ kind: 'string', text: whole.trim(), value: string.replaceAll("''", "'") });
    // Only plain whole numbers: 2023.0, 2023L or 1e3 name no year.
    else if (number !== undefined)
      tokens.push(
        /^-?\d{1,9}$/.test(number)
          ? { kind: 'number', text: number, value: Number(number) }
          : { kind: 'other', text: number },
      );
    else if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else tokens.push({ kind: 'other', text: whole.trim() });
  }
  return tokens;
}
