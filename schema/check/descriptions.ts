import { isEnumType, isInputObjectType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';

const BUILT_IN = ['String', 'Int', 'Float', 'Boolean', 'ID'];

/**
 * Every type, field, root argument and enum value of the API schema without a description: a BI
 * analyst reads the schema as the dictionary of the figures, so the federation requires them.
 */
export function undescribed(api: GraphQLSchema): string[] {
  const missing: string[] = [];
  const own = (type: GraphQLNamedType) => !type.name.startsWith('__') && !BUILT_IN.includes(type.name);
  for (const type of Object.values<GraphQLNamedType>(api.getTypeMap()).filter(own)) {
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : [])
          if (!arg.description && type.name === 'Query') missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type))
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}
