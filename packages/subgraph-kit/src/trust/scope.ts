import {
  getNamedType,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Which areas, years, target groups and pages a request read, for the audit record: the field
 * coordinates alone could not answer a privacy officer's "who read the care figures of this
 * neighbourhood?". Areas come from `_entities` representations (the gateway's way in) and from
 * area arguments of entry points; every other argument is kept as `Type.field(name: value, ...)`.
 */
export interface ReadScope {
  areas: string[];
  arguments: string[];
}

const AREA_ARGUMENTS = new Set(['code', 'municipality', 'district']);
// A whole-country pull lists every neighbourhood; beyond this the record keeps the first ones and says so.
const MAX_AREAS = 50_000;

export function readScope(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): ReadScope {
  const typeInfo = new TypeInfo(schema);
  const areas = new Set<string>();
  const read = new Set<string>();
  const addArea = (value: unknown) => {
    if (typeof value === 'string' && areas.size < MAX_AREAS) areas.add(value);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!node.arguments?.length) return;
        const parent = typeInfo.getParentType();
        const shown: string[] = [];
        for (const argument of node.arguments) {
          const value = valueFromASTUntyped(argument.value, variables ?? {});
          if (node.name.value === '_entities' && argument.name.value === 'representations' && Array.isArray(value)) {
            for (const representation of value) addArea((representation as { code?: unknown } | null)?.code);
          } else if (AREA_ARGUMENTS.has(argument.name.value) && typeof value === 'string') {
            addArea(value);
          } else if (value !== undefined && argument.name.value !== 'after') {
            // Cursors are opaque and per page; the page size and every other argument are kept.
            shown.push(`${argument.name.value}: ${JSON.stringify(value)}`);
          }
        }
        if (shown.length > 0)
          read.add(`${parent ? getNamedType(parent).name : '?'}.${node.name.value}(${shown.join(', ')})`);
      },
    }),
  );
  return { areas: [...areas].sort(), arguments: [...read].sort() };
}
