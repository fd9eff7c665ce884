import type { ApolloServerPlugin } from '@apollo/server';

/**
 * A bad argument on an entity field (say `socialHousing(year: 1850)` over 14,500 neighbourhoods)
 * fails the same way for every entity. One error per distinct message and code tells the client
 * everything; thousands of copies would only bloat the answer the gateway has to merge.
 */
export function useDistinctErrors(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors;
          if (!errors || errors.length < 2) return;
          const seen = new Set<string>();
          response.body.singleResult.errors = errors.filter((error) => {
            const key = `${String(error.extensions?.code)}|${error.message}`;
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
        },
      };
    },
  };
}
