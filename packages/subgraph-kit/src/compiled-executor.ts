import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** Compiled operations kept per document (Apollo Server hands out one DocumentNode per query text). */
const MAX_OPERATIONS_PER_DOCUMENT = 8;

/**
 * Runs a subgraph's operations with graphql-jit instead of graphql-js, through Apollo Server's
 * one executor hook (the gateway interface; nothing is fetched from anywhere). Every field still
 * runs its resolver, so the policy guard on every field (trust/use-trust.ts guardFields) and the
 * partners' own resolvers behave as before; what goes is graphql-js's per-field bookkeeping
 * (argument values, resolve info, a path and often a promise per field), which a CPU profile put,
 * with the garbage it leaves, at most of a partner's time on a whole-country `_entities` batch
 * (bench/README.md). Apollo Server still parses, validates, runs every plugin (policy, audit) and
 * formats the errors.
 *
 * Anything graphql-jit does not compile, and a request whose variables do not coerce, goes to
 * graphql-js's `execute`, so such answers keep graphql-js's exact words.
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayInterface {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const compiledFor = (document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let query = byName.get(key);
    if (query === undefined) {
      if (byName.size >= MAX_OPERATIONS_PER_DOCUMENT) byName.clear();
      try {
        const result = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
        query = isCompiledQuery(result) ? result : null;
      } catch {
        query = null;
      }
      byName.set(key, query);
    }
    return query;
  };
  const executor: GatewayExecutor = async (request: GatewayGraphQLRequestContext) => {
    const operationName = request.operationName ?? request.request.operationName ?? undefined;
    const variables = request.request.variables ?? {};
    const query = compiledFor(request.document, operationName);
    const coerced = getVariableValues(schema, request.operation.variableDefinitions ?? [], variables);
    if (!query || coerced.errors) {
      return execute({
        schema,
        document: request.document,
        contextValue: request.context,
        variableValues: variables,
        ...(operationName ? { operationName } : {}),
      });
    }
    // graphql-jit 0.8.9 refuses a non-null variable left out although it has a default
    // (`$year: Int! = 2023`, as the gateway's planner forwards the client's defaults); the spec,
    // and graphql-js, use the default. Those are filled in from graphql-js's coercion.
    let given = variables;
    for (const definition of request.operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      if (definition.defaultValue && given[name] === undefined && coerced.coerced[name] !== undefined)
        given = { ...given, [name]: coerced.coerced[name] };
    }
    return query.query(undefined, request.context, given);
  };
  return {
    async load() {
      return { executor };
    },
    // The schema is fixed for the life of the process: Apollo Server is told once, at load.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}
