import seedrandom from 'seedrandom';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Random queries over whatever API schema it is given (no field names written in here, so the
 * generator follows the schema as partners join): nested entities across partners, aliases
 * (duplicates and names Object.prototype has), inline and named fragments, __typename,
 * @skip/@include with literals and variables (with and without defaults, sometimes an explicit
 * null), arguments good and bad (a negative number a partner refuses, a wrong literal that
 * validation refuses) and page sizes. The same seed gives the same queries.
 */
export interface Generated {
  query: string;
  variables: Record<string, unknown>;
}

const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', 'isPrototypeOf', 'hasOwnProperty'];
const ALIASES = ['a', 'b', 'item', ...PROTOTYPE_NAMES];
const STRINGS = ['BU03440111', 'WK034401', 'GM0344', 'GM0363', 'x', ''];
const INTS = [0, 1, 2, 3, 10, 2023, 20000];

/** maxDepth: how deep selections nest; planning time grows fast with it, so the quick lane keeps it at 3. */
export function queryGenerator(schema: GraphQLSchema, seed: string, { maxDepth = 4 } = {}): () => Generated {
  const MAX_DEPTH = maxDepth;
  const random = seedrandom(seed);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  return () => {
    const definitions: string[] = [];
    const variables: Record<string, unknown> = {};
    const fragments: string[] = [];

    const variable = (type: string, value: unknown, defaultLiteral: string | null, nullable: boolean): string => {
      const name = `v${definitions.length}`;
      definitions.push(`$${name}: ${type}${defaultLiteral !== null ? ` = ${defaultLiteral}` : ''}`);
      // Omitted (the default or null applies), or an explicit null, or the value.
      if (nullable && chance(0.25)) {
        if (chance(0.3)) variables[name] = null;
      } else variables[name] = value;
      return `$${name}`;
    };

    const literal = (type: GraphQLInputType): [text: string, value: unknown] => {
      if (isNonNullType(type)) return literal(type.ofType);
      if (isListType(type)) {
        const items = Array.from({ length: 1 + Math.floor(random() * 2) }, () => literal(type.ofType));
        return [`[${items.map(([text]) => text).join(', ')}]`, items.map(([, value]) => value)];
      }
      if (isEnumType(type)) {
        const name = pick(type.getValues()).name;
        return [name, name];
      }
      if (isInputObjectType(type)) {
        const entries = Object.values(type.getFields())
          .filter((field) => isNonNullType(field.type) || chance(0.3))
          .map((field) => [field.name, literal(field.type)] as const);
        return [
          `{ ${entries.map(([name, [text]]) => `${name}: ${text}`).join(', ')} }`,
          Object.fromEntries(entries.map(([name, [, value]]) => [name, value])),
        ];
      }
      switch (type.name) {
        case 'Int': {
          const value = chance(0.005) ? 'many' : chance(0.03) ? -1 : pick(INTS);
          return [JSON.stringify(value), value];
        }
        case 'Float': {
          const value = pick([0.5, 1, 12.25]);
          return [String(value), value];
        }
        case 'Boolean': {
          const value = chance(0.5);
          return [String(value), value];
        }
        default: {
          const value = pick(STRINGS);
          return [JSON.stringify(value), value];
        }
      }
    };

    const argument = (type: GraphQLInputType, hasDefault: boolean): string => {
      const [text, value] = literal(type);
      if (!chance(0.3)) return text;
      const nullable = !isNonNullType(type) || hasDefault;
      return variable(String(type), value, chance(0.3) ? text : null, nullable);
    };

    const condition = (): string => {
      if (!chance(0.12)) return '';
      const directive = pick(['skip', 'include']);
      if (chance(0.4)) return ` @${directive}(if: ${chance(0.5)})`;
      const value = chance(0.5);
      const withDefault = chance(0.5);
      return ` @${directive}(if: ${variable(withDefault ? 'Boolean' : 'Boolean!', value, withDefault ? String(chance(0.5)) : null, withDefault)})`;
    };

    // One response name, one field and arguments across the whole query, so fragments never conflict.
    const usedNames = new Map<string, string>();
    const fieldText = (field: GraphQLField<unknown, unknown>, depth: number): string | null => {
      if (isCompositeType(getNamedType(field.type)) && depth >= MAX_DEPTH) return null;
      const args = field.args.filter(
        (arg) => (isNonNullType(arg.type) && arg.defaultValue === undefined) || chance(0.35),
      );
      const argsText = args.length
        ? `(${args.map((arg) => `${arg.name}: ${argument(arg.type, arg.defaultValue !== undefined)}`).join(', ')})`
        : '';
      const named = getNamedType(field.type);
      let sub = '';
      if (isCompositeType(named)) sub = ` ${selectionSet(named, depth + 1)}`;
      let alias = chance(0.25) ? pick(ALIASES) : null;
      const responseName = alias ?? field.name;
      const signature = `${field.name}${argsText}`;
      if (usedNames.has(responseName) && usedNames.get(responseName) !== signature)
        alias = `${field.name}${usedNames.size}`;
      usedNames.set(alias ?? field.name, signature);
      return `${alias ? `${alias}: ` : ''}${signature}${condition()}${sub}`;
    };

    const selectionSet = (type: GraphQLCompositeType, depth: number): string => {
      const items: string[] = [];
      const fields = isAbstractType(type)
        ? []
        : Object.values(type.getFields()).filter((field) => !field.name.startsWith('__'));
      const count = 1 + Math.floor(random() * 4);
      for (let attempt = 0; items.length < count && attempt < count * 3; attempt += 1) {
        const roll = random();
        if (roll < 0.1 || fields.length === 0)
          items.push(chance(0.2) ? `${pick(ALIASES)}Type: __typename` : '__typename');
        else if (roll < 0.2)
          items.push(`... on ${fragmentType(type).name}${condition()} ${selectionSet(fragmentType(type), depth + 1)}`);
        else if (roll < 0.25 && depth < MAX_DEPTH) {
          const index = fragments.push('') - 1;
          const on = fragmentType(type);
          fragments[index] = `fragment F${index} on ${on.name} ${selectionSet(on, depth + 1)}`;
          const name = `F${index}`;
          items.push(`...${name}`);
        } else if (roll < 0.3 && items.length > 0) items.push(pick(items));
        else {
          const text = fieldText(pick(fields), depth);
          if (text) items.push(text);
        }
      }
      if (items.length === 0) items.push('__typename');
      return `{ ${items.join(' ')} }`;
    };

    const fragmentType = (type: GraphQLCompositeType): GraphQLCompositeType => {
      if (isAbstractType(type)) return chance(0.7) ? pick(schema.getPossibleTypes(type)) : type;
      if (isObjectType(type) && type.getInterfaces().length > 0 && chance(0.3)) return pick(type.getInterfaces());
      return type;
    };

    const queryType = schema.getQueryType();
    if (!queryType) throw new Error('The API schema has no Query type');
    const root = selectionSet(queryType, 1);
    const header = definitions.length ? `(${definitions.join(', ')})` : '';
    return { query: [`query Generated${header} ${root}`, ...fragments].join('\n'), variables };
  };
}
