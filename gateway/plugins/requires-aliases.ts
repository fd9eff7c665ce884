import {
  GraphQLError,
  Kind,
  getNamedType,
  parse,
  type ASTVisitor,
  type GraphQLSchema,
  type SelectionSetNode,
  type TypeNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** For each type, the response names the planner uses for `@requires` inputs on it. */
type Reserved = Map<string, Set<string>>;

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

/**
 * Reads every `@join__field(requires: "...")` of the supergraph and the fields each one names,
 * on the entity and on the types below it. The plan engine merges answers by response name, so a
 * client alias that takes one of these names on that type (`floorArea: id`) would feed its own
 * values into a partner's `@requires` inputs, or break the merge.
 */
export function requiredNames(supergraphSdl: string): Reserved {
  const document = parse(supergraphSdl);
  const fieldTypes = new Map<string, Map<string, string>>();
  const requires: { type: string; selection: string }[] = [];
  for (const definition of document.definitions) {
    if (!('fields' in definition) || !definition.fields || !('name' in definition) || !definition.name) continue;
    const typeName = definition.name.value;
    const fields = fieldTypes.get(typeName) ?? new Map<string, string>();
    fieldTypes.set(typeName, fields);
    for (const field of definition.fields) {
      fields.set(field.name.value, namedType(field.type));
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'join__field') continue;
        const argument = directive.arguments?.find((arg) => arg.name.value === 'requires');
        if (argument?.value.kind === Kind.STRING) requires.push({ type: typeName, selection: argument.value.value });
      }
    }
  }
  const reserved: Reserved = new Map();
  const walk = (type: string, selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const names = reserved.get(type) ?? new Set<string>();
        reserved.set(type, names);
        names.add(selection.name.value);
        const below = fieldTypes.get(type)?.get(selection.name.value);
        if (selection.selectionSet && below) walk(below, selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.typeCondition?.name.value ?? type, selection.selectionSet);
      }
    }
  };
  for (const { type, selection } of requires) {
    const operation = parse(`{ ${selection} }`).definitions[0];
    if (operation?.kind === Kind.OPERATION_DEFINITION) walk(type, operation.selectionSet);
  }
  return reserved;
}

/**
 * A validation rule: an alias may not take a name the supergraph's `@requires` inputs use on that
 * type, unless it is the field's own name. The names are read once per schema the gateway serves,
 * from the supergraph it accepted (not the file, which may hold a version it rejected), so a
 * hot-reloaded supergraph brings its own.
 */
export function requiresAliasRule(acceptedSupergraph: () => string): ValidationRule {
  const bySchema = new WeakMap<GraphQLSchema, Reserved>();
  const reservedFor = (schema: GraphQLSchema) => {
    let reserved = bySchema.get(schema);
    if (!reserved) bySchema.set(schema, (reserved = requiredNames(acceptedSupergraph())));
    return reserved;
  };
  return (context: ValidationContext): ASTVisitor => {
    const reserved = reservedFor(context.getSchema());
    return {
      Field(node) {
        const alias = node.alias?.value;
        if (!alias || alias === node.name.value) return;
        const parent = context.getParentType();
        if (!parent) return;
        const names = reserved.get(getNamedType(parent).name);
        if (!names?.has(alias)) return;
        context.reportError(
          new GraphQLError(
            `The alias "${alias}" on ${parent.name}.${node.name.value} is reserved: the gateway uses ${parent.name}.${alias} to compute other fields. Choose another alias.`,
            {
              nodes: [node],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ),
        );
      },
    };
  };
}
