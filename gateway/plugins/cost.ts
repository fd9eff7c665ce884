import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isListType,
  visit,
  type ASTNode,
  type DocumentNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '@buurtgraaf/platform';
import type { GatewayContext } from '../observer';
import type { RateLimiter } from '../trust/rate-limit';

/**
 * The cost of an operation is what it could make the partners return: every field counts 1, and
 * a list multiplies what is under it by its size. Paged lists use the `first` asked for (100 when
 * left out); other lists use the realistic maximum below. A whole-country BI pull of the
 * Indicators query with first: 20000 costs about 520,000 and passes the default limit of
 * 1,000,000; all neighbourhoods of all municipalities with their facilities would cost millions.
 */
const LIST_SIZES: Record<string, number> = {
  'Query.municipalities': 400,
  'Municipality.districts': 100,
  'Municipality.neighbourhoods': 500,
  'District.neighbourhoods': 60,
  'Neighbourhood.facilities': 25,
  'Neighbourhood.vacantBuildings': 10,
  // The connection's `first` already multiplied everything under it.
  'NeighbourhoodConnection.nodes': 1,
  'DistrictConnection.nodes': 1,
};
const DEFAULT_PAGE_SIZE = 100;
const OTHER_LISTS = 10;

const listEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const coordinate = `${type.name}.${field.name}`;
  let size = 1;
  if (typeof args.first === 'number') size = args.first;
  else if (field.args.some((arg) => arg.name === 'first')) size = DEFAULT_PAGE_SIZE;
  else if (LIST_SIZES[coordinate] !== undefined) size = LIST_SIZES[coordinate];
  else if (isListType(getNullableType(field.type))) size = OTHER_LISTS;
  // Introspection is priced as one field: who may introspect is decided by role.
  if (getNamedType(field.type).name.startsWith('__')) return 1;
  return 1 + size * childComplexity;
};

/**
 * Variables that can change an operation's cost: those in a `first` argument (page sizes) or in a
 * directive (@skip, @include). Any other variable (a neighbourhood code) leaves the cost alone.
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) => visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  visit(document, {
    Argument: (argument) => void (argument.name.value === 'first' && collect(argument.value)),
    Directive: (directive) => void collect(directive),
  });
  return [...names].sort();
}

// Apollo Server hands the same DocumentNode to every request with the same query text, so the
// cost is computed once per document and per value of the variables that can change it (measured
// in bench/README.md: the walk was about 6% of the gateway's CPU per profile request).
const MAX_COSTS_PER_DOCUMENT = 1_000;

/**
 * The cache key of a cost: the coerced value of each variable that can change it. Coerced, not
 * as sent, because an absent variable takes its default while an explicit null does not: keying on
 * the raw values let `{"f": null}` prime the cost that `{}` (default 20000) then ran under.
 */
const costKey = (operationName: string, names: string[], coerced: Record<string, unknown>) =>
  `${operationName}\n${names.map((name) => (name in coerced ? JSON.stringify(coerced[name]) : 'absent')).join('\n')}`;

/** A client's mistake in its variables or operation name: a 400 with graphql-js's clear message. */
const clientMistake = (message: string, code: string) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/** `charge` spends the operation's cost from the consumer's budget per minute (trust/rate-limit.ts). */
export function useCostLimit(maxCost: number, charge?: RateLimiter['chargeCost']): ApolloServerPlugin<GatewayContext> {
  const costs = new WeakMap<DocumentNode, { variables: string[]; byKey: Map<string, number> }>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, contextValue }) {
          // Both checks run here, before any partner is asked, so they answer the same every time.
          const operation = getOperationAST(document, request.operationName);
          if (!operation) {
            throw clientMistake(
              request.operationName
                ? `The document has no operation named "${request.operationName}".`
                : 'The document has several operations: name the one to run in operationName.',
              'OPERATION_RESOLUTION_FAILURE',
            );
          }
          const values = request.variables ?? {};
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], values, { maxErrors: 5 });
          if (coerced.errors)
            throw clientMistake(coerced.errors.map((error) => error.message).join(' '), ErrorCode.BadUserInput);
          let known = costs.get(document);
          if (!known) costs.set(document, (known = { variables: costVariables(document), byKey: new Map() }));
          const key = costKey(operation.name?.value ?? '', known.variables, coerced.coerced);
          let cost = known.byKey.get(key);
          if (cost === undefined) {
            cost = getComplexity({
              schema,
              query: document,
              variables: values,
              ...(request.operationName ? { operationName: request.operationName } : {}),
              estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
            if (known.byKey.size >= MAX_COSTS_PER_DOCUMENT) known.byKey.clear();
            known.byKey.set(key, cost);
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `This operation could return about ${cost.toLocaleString('en')} values, more than the limit of ${maxCost.toLocaleString('en')}. Ask for fewer fields or page with a smaller \`first\`.`,
              { extensions: { code: ErrorCode.CostLimitExceeded, cost, limit: maxCost, http: { status: 400 } } },
            );
          }
          if (charge && contextValue.caller) await charge(contextValue.caller, cost);
        },
      };
    },
  };
}
