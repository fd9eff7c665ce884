import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { FetchNode, PlanNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import { trace } from '@opentelemetry/api';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Conditions } from './conditions';
import { YEARS_VARIABLE } from './narrow-years';
import { entitiesAt, entityPathsAt, mergeSelected, nullSelected, type ResponsePath } from './merge';
import { mergedFrom } from './merge-siblings';
import { selectedBy } from './selected';

/**
 * Runs a query plan made by @apollo/query-planner: root fetches, then `_entities` fetches whose
 * representations are read from what earlier fetches returned, each answer merged in place. The
 * rules follow @apollo/gateway's executeQueryPlan; the plans it may be given are checked in
 * engine.ts (no @defer, no data rewrites), and everything else goes to the stock executor.
 */
export interface PlanRun {
  services: ReadonlyMap<string, GraphQLDataSource>;
  request: GatewayGraphQLRequestContext;
  /** The client's variables as sent: partners coerce them against their own schema. */
  variables: Record<string, unknown>;
  conditions: Conditions;
  /** Whether a representation with this __typename matches a `... on T` in a fetch's requires. */
  isOfType(typename: unknown, condition: string): boolean;
  /** Partner errors by the plan-order index of the fetch that met them: answers list them in plan order, whatever finished first. */
  errors: GraphQLError[][];
  /** Each fetch node's place in the plan (depth first), from fetchOrder. */
  order: ReadonlyMap<PlanNode, number>;
  /** The partners' contribution fetches narrowed to these years (narrow-years.ts); null: as planned. */
  narrowed: { operations: ReadonlyMap<FetchNode, string>; years: readonly number[] } | null;
}

/** The fetches of a plan numbered depth first: the order their errors are reported in. */
export function fetchOrder(node: PlanNode | undefined, order = new Map<PlanNode, number>()): Map<PlanNode, number> {
  if (!node) return order;
  if (node.kind === 'Fetch') order.set(node, order.size);
  else if (node.kind === 'Sequence' || node.kind === 'Parallel')
    for (const child of node.nodes) fetchOrder(child, order);
  else if (node.kind === 'Flatten') fetchOrder(node.node, order);
  else if (node.kind === 'Condition') {
    fetchOrder(node.ifClause, order);
    fetchOrder(node.elseClause, order);
  }
  return order;
}

function report(run: PlanRun, fetch: FetchNode, error: GraphQLError): void {
  const index = run.order.get(fetch) ?? run.order.size;
  (run.errors[index] ??= []).push(error);
}

interface Cursor {
  path: ResponsePath;
  data: unknown;
  root: Record<string, unknown>;
}

const tracer = trace.getTracer('buurtgraaf-gateway');
const INCOMING_OPERATION = 'incoming operation' as GraphQLDataSourceProcessOptions['kind'];

export async function runNode(run: PlanRun, node: PlanNode, cursor: Cursor): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await runNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => runNode(run, child, cursor)));
      return;
    case 'Flatten': {
      const data = entitiesAt(cursor.data, node.path);
      if (data !== undefined && data !== null)
        await runNode(run, node.node, { path: [...cursor.path, ...node.path], data, root: cursor.root });
      return;
    }
    case 'Condition': {
      const branch = run.conditions[node.condition] === true ? node.ifClause : node.elseClause;
      if (branch) await runNode(run, branch, cursor);
      return;
    }
    case 'Fetch':
      await tracer.startActiveSpan('gateway.fetch', { attributes: { service: node.serviceName } }, async (span) => {
        try {
          await runFetch(run, node, cursor);
        } catch (error) {
          report(
            run,
            node,
            error instanceof GraphQLError
              ? error
              : new GraphQLError(error instanceof Error ? error.message : String(error), {
                  originalError: error as Error,
                }),
          );
        } finally {
          span.end();
        }
      });
      return;
    default:
      throw new Error(`Plan node ${node.kind} is not run by the fast path`);
  }
}

async function runFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const entities = (Array.isArray(cursor.data) ? cursor.data : [cursor.data]).filter(
    (entity): entity is Record<string, unknown> => entity !== null && entity !== undefined,
  );
  if (entities.length === 0) return;
  const variables: Record<string, unknown> = {};
  for (const name of fetch.variableUsages ?? [])
    if (Object.hasOwn(run.variables, name) && run.variables[name] !== undefined) variables[name] = run.variables[name];

  const selected = selectedBy(fetch);
  if (!fetch.requires) {
    const data = await send(run, fetch, cursor, variables, null);
    if (data) for (const entity of entities) mergeSelected(entity, data, selected);
    return;
  }
  const representations: Record<string, unknown>[] = [];
  const owners: number[] = [];
  const parts = mergedFrom(fetch);
  let apart = false;
  entities.forEach((entity, index) => {
    const representation = parts ? representationOfAll(run, entity, parts) : select(run, entity, fetch.requires ?? []);
    if (representation === undefined) apart = true;
    else if (representation?.__typename) {
      representations.push(representation);
      owners.push(index);
    }
  });
  // The fetches merged here (merge-siblings.ts) run apart when an entity has the inputs of some of
  // them only, and when the merged call meets any error, answered or thrown, or answers an entity
  // with null: an error nulls its whole entity in `_entities`, which would take the other fetches'
  // fields with it, a partner may refuse an entity for the inputs of one fetch only, and each
  // failed fetch reports its own error. Apart, the answer is the one planned.
  const runApart = async () => void (await Promise.all(parts!.map((part) => runNode(run, part, cursor))));
  if (apart) return runApart();
  if (representations.length === 0) return;
  // Whatever this fetch fails to bring is null, so a later @requires sends "missing" for it (as
  // when a partner refuses a field) instead of leaving the entity out or nulling its parent.
  const asked = () => owners.map((index) => entities[index]).filter((entity) => entity !== undefined);
  let data: Record<string, unknown> | undefined;
  if (parts) {
    data = await send(run, fetch, cursor, { ...variables, representations }, owners, true).catch(() => undefined);
    const answered = data?._entities;
    if (!Array.isArray(answered) || answered.length !== representations.length || !answered.every(isPlainObject))
      return runApart();
  } else {
    try {
      data = await send(run, fetch, cursor, { ...variables, representations }, owners);
    } catch (error) {
      for (const entity of asked()) nullSelected(entity, selected);
      throw error;
    }
  }
  const received = data?._entities;
  if (!Array.isArray(received) || received.length !== representations.length) {
    for (const entity of asked()) nullSelected(entity, selected);
    if (!data) return;
    throw new Error(`Expected "data._entities" from ${fetch.serviceName} to hold ${representations.length} elements`);
  }
  received.forEach((answer: unknown, index) => {
    const entity = entities[owners[index] ?? -1];
    if (!entity) return;
    if (typeof answer === 'object' && answer !== null && !Array.isArray(answer))
      mergeSelected(entity, answer as Record<string, unknown>, selected);
    nullSelected(entity, selected);
  });
}

async function send(
  run: PlanRun,
  fetch: FetchNode,
  cursor: Cursor,
  variables: Record<string, unknown>,
  owners: number[] | null,
  /** An answer with errors is no answer (undefined), and its errors are not reported. */
  errorless = false,
): Promise<Record<string, unknown> | undefined> {
  const service = run.services.get(fetch.serviceName);
  if (!service) throw new Error(`No connection to the ${fetch.serviceName} partner`);
  const narrowed = run.narrowed?.operations.get(fetch);
  const response = await service.process({
    kind: INCOMING_OPERATION,
    request: {
      query: narrowed ?? fetch.operation,
      variables: narrowed ? { ...variables, [YEARS_VARIABLE]: run.narrowed!.years } : variables,
      ...(fetch.operationName ? { operationName: fetch.operationName } : {}),
    },
    incomingRequestContext: run.request,
    context: run.request.context,
    ...(fetch.operationDocumentNode && !narrowed ? { document: fetch.operationDocumentNode } : {}),
    pathInIncomingRequest: cursor.path,
  } as GraphQLDataSourceProcessOptions);
  if (errorless && response.errors?.length) return undefined;
  if (response.errors) {
    let entityPaths: ResponsePath[] | undefined;
    const pathOf = (path: GraphQLFormattedError['path']): ResponsePath | undefined => {
      if (!path) return undefined;
      if (owners && typeof path[1] === 'number') {
        entityPaths ??= entityPathsAt(cursor.root, cursor.path);
        return [...(entityPaths[owners[path[1]] ?? -1] ?? []), ...path.slice(2)];
      }
      return [...cursor.path, ...path];
    };
    for (const error of response.errors)
      report(run, fetch, downstreamError(error, fetch.serviceName, pathOf(error.path)));
  }
  return response.data ?? undefined;
}

/** The partner's error as the client sees it: its own message and code, our path, and who said it. */
function downstreamError(
  error: GraphQLFormattedError,
  serviceName: string,
  path: ResponsePath | undefined,
): GraphQLError {
  const extensions = { ...error.extensions, code: error.extensions?.code ?? 'DOWNSTREAM_SERVICE_ERROR', serviceName };
  return new GraphQLError(error.message || `Error while fetching subquery from service "${serviceName}"`, {
    ...(path ? { path } : {}),
    extensions,
  });
}

/** The representation of an entity: the fields a fetch requires, or null when one is missing. */
function select(
  run: PlanRun,
  source: Record<string, unknown>,
  selections: readonly QueryPlanSelectionNode[],
): Record<string, unknown> | null {
  const result: Record<string, unknown> = {};
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      // Response names are data: an own property or nothing, never Object.prototype's.
      const value = Object.hasOwn(source, name) ? source[name] : undefined;
      if (value === undefined) return null;
      const sub = selection.selections;
      if (Array.isArray(value))
        result[name] = sub ? value.map((item) => (item === null ? null : select(run, item, sub))) : value;
      else result[name] = sub && value !== null ? select(run, value as Record<string, unknown>, sub) : value;
    } else if (selection.typeCondition && run.isOfType(source.__typename, selection.typeCondition)) {
      mergeRepresentation(result, select(run, source, selection.selections));
    }
  }
  return result;
}

/**
 * A merged fetch's representation of an entity: its parts' together when each part has one, null
 * when none has (the entity is not asked, as by each part alone), undefined when only some have.
 */
function representationOfAll(
  run: PlanRun,
  entity: Record<string, unknown>,
  parts: readonly FetchNode[],
): Record<string, unknown> | null | undefined {
  let merged: Record<string, unknown> | null = null;
  let missing = 0;
  for (const part of parts) {
    const representation = select(run, entity, part.requires ?? []);
    if (representation?.__typename) mergeRepresentation((merged ??= {}), representation);
    else missing++;
  }
  return missing === 0 ? merged : missing === parts.length ? null : undefined;
}

/** Representations are ours, built above: fragments of one merge key by key, as @apollo/gateway merges them. */
function mergeRepresentation(target: Record<string, unknown>, source: Record<string, unknown> | null): void {
  if (!source) return;
  for (const key of Object.keys(source)) {
    const [existing, incoming] = [target[key], source[key]];
    if (isPlainObject(existing) && isPlainObject(incoming)) mergeRepresentation(existing, incoming);
    else target[key] = incoming;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
