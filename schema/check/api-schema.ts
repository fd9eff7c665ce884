import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/**
 * What clients of the gateway see: the supergraph without federation's own types, directives
 * and @inaccessible fields. Changes are judged on this, never on the join metadata.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}
