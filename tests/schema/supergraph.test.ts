import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { isEnumType, isInputObjectType, isObjectType, type GraphQLNamedType } from 'graphql';
import { composeSupergraph, SUPERGRAPH_FILE } from '../../schema/compose';

describe('the committed supergraph', () => {
  test('when the partners schemas are composed afresh, then the result is the committed file', () => {
    // Fails with every composition error, or when someone changed a subgraph and forgot `npm run compose`.
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });

  test('when a BI analyst reads the schema, then every type, field, argument and enum value is described', () => {
    const api = Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8')).apiSchema().toGraphQLJSSchema();
    const missing: string[] = [];
    const own = (type: GraphQLNamedType) => !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name);
    for (const type of Object.values<GraphQLNamedType>(api.getTypeMap()).filter(own)) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description && type.name === 'Query') missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});
