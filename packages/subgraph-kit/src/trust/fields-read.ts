import {
  getNamedType,
  isAbstractType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Every field an operation selects, as `Type.field` coordinates: what the policy is checked
 * against and what the audit log records as read. Introspection fields are left out.
 */
export function fieldsRead(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const coordinates = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__')) return;
        const named = getNamedType(parent);
        // Through an interface, the field may be read on any type that implements it.
        const types = isAbstractType(named) ? schema.getPossibleTypes(named) : isObjectType(named) ? [named] : [];
        for (const type of types) coordinates.add(`${type.name}.${node.name.value}`);
      },
    }),
  );
  return [...coordinates].sort();
}
