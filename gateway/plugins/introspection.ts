import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, BREAK } from 'graphql';
import { ErrorCode } from '@buurtgraaf/platform';
import type { Caller } from '../trust/authenticate';

/**
 * Introspection shows the whole graph, including fields a caller may not read; only roles that
 * build on the graph get it (default: developer). `__typename` is not introspection.
 */
export function useIntrospectionRoles(roles: readonly string[]): ApolloServerPlugin<{ caller: Caller }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (contextValue.caller.consumer.roles.some((role) => roles.includes(role))) return;
          let introspects = false;
          visit(document, {
            Field(node) {
              if (node.name.value === '__schema' || node.name.value === '__type') {
                introspects = true;
                return BREAK;
              }
              return undefined;
            },
          });
          if (introspects) {
            throw new GraphQLError(`Introspection is only for the roles: ${roles.join(', ')}.`, {
              extensions: { code: ErrorCode.Forbidden, http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
