import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Size limits on an operation, checked before any partner is asked. Depth, aliases (those on
 * __typename count too) and directives are graphql-armor validation rules; tokens are counted by
 * graphql-js's own parser (`parseOptions.maxTokens`), so an oversized document is a 400 parse
 * error, never a 500.
 */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

/** graphql-armor throws by default; reporting instead makes it an ordinary 400 validation error. */
const report = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    }),
  );

export function limitRules(limits: OperationLimits): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false, onReject: [report] };
  return [
    // Introspection is limited by role elsewhere; its own nesting is deep by nature.
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...common }),
    // graphql-armor lets aliases on __typename through by default; they cost the same to answer.
    maxAliasesRule({ n: limits.maxAliases, allowList: [], ...common }),
    maxDirectivesRule({ n: limits.maxDirectives, ...common }),
  ] as ValidationRule[];
}
