import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface';
import { trace } from '@opentelemetry/api';
import { LRUCache } from 'lru-cache';
import {
  getVariableValues,
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';
import { conditionVariables, type Conditions } from './conditions';
import { mergeSiblingFetches } from './merge-siblings';
import { narrowedYears, takesYearsIn, yearNarrowing, type TakesYears, type YearNarrowing } from './narrow-years';
import { fetchOrder, runNode, type PlanRun } from './run-plan';
import { Shaper } from './shape';

/** What is kept per document and operation name: its plan and shapers, or "ask the stock executor". */
interface Compiled {
  plan: QueryPlan;
  fragments: Record<string, FragmentDefinitionNode>;
  conditionVariables: string[];
  /** The plan's fetches in depth-first order: errors are reported in this order. */
  order: ReadonlyMap<PlanNode, number>;
  /** One per combination of @skip/@include values; almost every operation has exactly one. */
  shapers: Map<string, Shaper>;
  /** How to ask the partners for only the years the operation needs; null: every year. */
  narrowing: YearNarrowing | null;
}
/** Left to the stock executor; the @skip/@include variables are still checked first. */
interface Stock {
  stock: true;
  conditionVariables: string[];
}
const MAX_SHAPERS_PER_OPERATION = 64;
const MAX_OPERATIONS = 2_000;
const tracer = trace.getTracer('buurtgraaf-gateway');

/**
 * The gateway's executor for one supergraph. It plans with @apollo/query-planner, as
 * @apollo/gateway does, but keeps per document what the stock executor rebuilds per request (the
 * planner's operation, the plan-cache key) and shapes the answer with a compiled Shaper. Anything
 * it does not run (introspection, mutations, @defer, plans that rewrite data) goes to `stock`.
 */
export class PlanEngine {
  private readonly supergraph: Supergraph;
  private readonly planner: QueryPlanner;
  // By the document's hash, as @apollo/gateway keeps plans: a document parsed anew still hits.
  private readonly compiled = new LRUCache<string, Compiled | Stock>({ max: MAX_OPERATIONS });
  private readonly typeMatches = new Map<string, boolean>();
  private readonly takesYears: TakesYears;

  constructor(
    supergraphSdl: string,
    private readonly apiSchema: GraphQLSchema,
    private readonly services: ReadonlyMap<string, GraphQLDataSource>,
    private readonly stock: GatewayExecutor,
    private readonly logger: Logger,
  ) {
    // Validated by @apollo/gateway already, from the same text.
    this.supergraph = Supergraph.build(supergraphSdl, { validateSupergraph: false });
    this.planner = new QueryPlanner(this.supergraph);
    this.takesYears = takesYearsIn(this.supergraph);
  }

  execute(request: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const compiled = this.compile(request);
    const coerced = getVariableValues(
      this.apiSchema,
      request.operation.variableDefinitions ?? [],
      request.request.variables ?? {},
    );
    // The stock executor words variable errors as clients already know them.
    if (coerced.errors) return this.stock(request);
    // `$s: Boolean = true` sent as null passes coercion, but @skip/@include need true or false;
    // partners would each refuse it in their own words (and @apollo/gateway answers 200, 400 or 500).
    const nullCondition = compiled.conditionVariables.find((name) => typeof coerced.coerced[name] !== 'boolean');
    if (nullCondition !== undefined) {
      return Promise.reject(
        new GraphQLError(
          `Variable "$${nullCondition}" is used in @skip or @include and must be true or false, not null.`,
          {
            extensions: { code: ErrorCode.BadUserInput, http: { status: 400 } },
          },
        ),
      );
    }
    if ('stock' in compiled) return this.stock(request);
    return tracer.startActiveSpan(
      'gateway.request',
      { attributes: request.operationName ? { 'graphql.operation.name': request.operationName } : {} },
      async (span) => {
        try {
          return await this.run(request, compiled, coerced.coerced);
        } finally {
          span.end();
        }
      },
    );
  }

  private async run(
    request: GatewayGraphQLRequestContext,
    compiled: Compiled,
    conditions: Conditions,
  ): Promise<GatewayExecutionResult> {
    const root: Record<string, unknown> = {};
    const years = compiled.narrowing && narrowedYears(compiled.narrowing, conditions);
    const run: PlanRun = {
      services: this.services,
      request,
      variables: request.request.variables ?? {},
      conditions,
      isOfType: (typename, condition) => this.isOfType(typename, condition),
      errors: [],
      order: compiled.order,
      narrowed: years ? { operations: compiled.narrowing!.operations, years } : null,
    };
    if (compiled.plan.node) await runNode(run, compiled.plan.node as PlanNode, { path: [], data: root, root });
    const { data, errors } = this.shaperFor(request, compiled, conditions).shape(root);
    const partnerErrors = run.errors.flat();
    if (partnerErrors.length > 0) return { errors: partnerErrors, data };
    // As @apollo/gateway does: problems in partner data with no partner error beside them.
    return errors.length > 0 ? { data, extensions: { valueCompletion: errors } } : { data };
  }

  private compile(request: GatewayGraphQLRequestContext): Compiled | Stock {
    const key = `${request.queryHash}\n${request.operationName ?? ''}`;
    let compiled = this.compiled.get(key);
    if (compiled) return compiled;
    compiled = { stock: true, conditionVariables: conditionVariables(request.document) };
    try {
      if (!isForStock(request)) {
        const operation = operationFromDocument(
          this.supergraph.apiSchema(),
          request.document,
          request.operationName ? { operationName: request.operationName } : {},
        );
        const planned = this.planner.buildQueryPlan(operation);
        if (isRunnable(planned.node as PlanNode | undefined)) {
          const plan = { ...planned, node: mergeSiblingFetches(planned.node as PlanNode | undefined) } as QueryPlan;
          const fragments = Object.fromEntries(
            request.document.definitions
              .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
              .map((fragment) => [fragment.name.value, fragment]),
          );
          const order = fetchOrder(plan.node as PlanNode | undefined);
          compiled = {
            plan,
            fragments,
            conditionVariables: conditionVariables(request.document),
            order,
            shapers: new Map(),
            narrowing: yearNarrowing(order.keys() as Iterable<FetchNode>, this.takesYears),
          };
        }
      }
    } catch (error) {
      // The stock executor will report the same problem in its own words.
      this.logger.debug({ err: error, operationName: request.operationName }, 'operation left to the stock executor');
    }
    this.compiled.set(key, compiled);
    return compiled;
  }

  private shaperFor(request: GatewayGraphQLRequestContext, compiled: Compiled, conditions: Conditions): Shaper {
    const key = compiled.conditionVariables.map((variable) => String(conditions[variable])).join(',');
    let shaper = compiled.shapers.get(key);
    if (!shaper) {
      if (compiled.shapers.size >= MAX_SHAPERS_PER_OPERATION) compiled.shapers.clear();
      shaper = new Shaper(this.apiSchema, request.operation, compiled.fragments, conditions);
      compiled.shapers.set(key, shaper);
    }
    return shaper;
  }

  private isOfType(typename: unknown, condition: string): boolean {
    if (typeof typename !== 'string') return false;
    if (typename === condition) return true;
    const key = `${typename} ${condition}`;
    let matches = this.typeMatches.get(key);
    if (matches === undefined) {
      const type = this.supergraph.schema.type(condition);
      matches =
        type !== undefined &&
        'possibleRuntimeTypes' in type &&
        type.possibleRuntimeTypes().some((member) => member.name === typename);
      this.typeMatches.set(key, matches);
    }
    return matches;
  }
}

/**
 * Introspection is answered by the stock executor; root fragments go there too rather than be
 * searched, and so does a `__proto__` alias, which the shaper's plain objects cannot hold.
 */
function isForStock(request: GatewayGraphQLRequestContext): boolean {
  return (
    request.operation.operation !== 'query' ||
    hasProtoAlias(request.document) ||
    request.operation.selectionSet.selections.some(
      (selection) =>
        selection.kind !== Kind.FIELD || selection.name.value === '__schema' || selection.name.value === '__type',
    )
  );
}

function hasProtoAlias(document: DocumentNode): boolean {
  let found = false;
  visit(document, { Field: (field) => void (found ||= field.alias?.value === '__proto__') });
  return found;
}

/** Plans of nodes this engine runs and fetches that need no data rewrites. */
function isRunnable(node: PlanNode | undefined): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(isRunnable);
    case 'Flatten':
      return isRunnable(node.node);
    case 'Condition':
      return isRunnable(node.ifClause) && isRunnable(node.elseClause);
    case 'Fetch':
      return (
        !node.inputRewrites?.length && !node.outputRewrites?.length && !node.contextRewrites?.length && !node.hasDefers
      );
    default:
      return false;
  }
}
