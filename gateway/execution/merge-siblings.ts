import type { FetchNode, FlattenNode, PlanNode } from '@apollo/query-planner';
import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * One call per partner per plan step. Apollo's planner asks a partner once per group of fields
 * that need different inputs: for a neighbourhood profile the combiner gets two `_entities` calls
 * side by side under one Parallel, on the same path (the housing sums and the care sums). Run as
 * one, they cost the combiner one request's fixed costs (signature, audit record, Apollo Server's
 * pipeline) instead of two; the answer is the same. Each merged fetch remembers the fetches it
 * was made of: run-plan.ts falls back to them for a batch in which an entity lacks an input that
 * only one of them needs, so that entity still gets the other's fields, as when planned apart.
 */
const partsOf = new WeakMap<FetchNode, readonly FetchNode[]>();

/** The planned fetches a merged fetch stands for; undefined for a fetch as planned. */
export const mergedFrom = (fetch: FetchNode): readonly FetchNode[] | undefined => partsOf.get(fetch);

export function mergeSiblingFetches<N extends PlanNode | undefined>(node: N): N;
export function mergeSiblingFetches(node: PlanNode | undefined): PlanNode | undefined {
  if (!node) return node;
  switch (node.kind) {
    case 'Sequence':
      return { ...node, nodes: node.nodes.map((child) => mergeSiblingFetches(child)) };
    case 'Parallel':
      return { ...node, nodes: mergeParallel(node.nodes.map((child) => mergeSiblingFetches(child))) };
    case 'Flatten':
      return { ...node, node: mergeSiblingFetches(node.node) };
    case 'Condition':
      return {
        ...node,
        ifClause: mergeSiblingFetches(node.ifClause),
        elseClause: mergeSiblingFetches(node.elseClause),
      };
    default:
      return node;
  }
}

/** Entity fetches to one partner on one path share a key; anything else has none. */
function mergeKey(node: PlanNode): string | null {
  if (node.kind !== 'Flatten' || node.node.kind !== 'Fetch') return null;
  const fetch = node.node;
  if (!fetch.requires || fetch.inputRewrites?.length || fetch.outputRewrites?.length || fetch.contextRewrites?.length)
    return null;
  return `${fetch.serviceName}\u0000${JSON.stringify(node.path)}`;
}

function mergeParallel(nodes: PlanNode[]): PlanNode[] {
  const groups = new Map<string, FlattenNode[]>();
  for (const node of nodes) {
    const key = mergeKey(node);
    if (key) groups.set(key, [...(groups.get(key) ?? []), node as FlattenNode]);
  }
  const merged = new Map<string, FlattenNode | null>();
  for (const [key, group] of groups)
    if (group.length > 1) {
      const fetch = mergeFetches(group.map((flatten) => flatten.node as FetchNode));
      merged.set(key, fetch && { ...group[0]!, node: fetch });
    }
  // The merged fetch takes the first one's place; a group that cannot merge stays as planned.
  return nodes.flatMap((node) => {
    const key = mergeKey(node);
    const replacement = key ? merged.get(key) : undefined;
    if (!replacement) return [node];
    return groups.get(key!)![0] === node ? [replacement] : [];
  });
}

/** The `_entities` query of an entity fetch: one operation, one root field, no fragments. */
function entitiesQuery(fetch: FetchNode): { operation: OperationDefinitionNode; entities: FieldNode } | null {
  const document = parse(fetch.operation);
  const [operation, ...rest] = document.definitions;
  if (rest.length > 0 || operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') return null;
  const [entities, ...others] = operation.selectionSet.selections;
  if (others.length > 0 || entities?.kind !== Kind.FIELD || entities.name.value !== '_entities') return null;
  return entities.selectionSet ? { operation, entities } : null;
}

function mergeFetches(fetches: FetchNode[]): FetchNode | null {
  const queries = fetches.map(entitiesQuery);
  if (queries.some((query) => query === null)) return null;
  const [first, ...others] = queries as { operation: OperationDefinitionNode; entities: FieldNode }[];
  const argumentsOf = (field: FieldNode) => (field.arguments ?? []).map((argument) => print(argument)).join(',');
  if (others.some(({ entities }) => argumentsOf(entities) !== argumentsOf(first!.entities))) return null;
  const variables = new Map<string, VariableDefinitionNode>();
  for (const { operation } of queries as { operation: OperationDefinitionNode }[])
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const known = variables.get(name);
      if (known && print(known) !== print(definition)) return null;
      variables.set(name, definition);
    }
  const document = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        ...first!.operation,
        variableDefinitions: [...variables.values()],
        selectionSet: {
          ...first!.operation.selectionSet,
          selections: [
            {
              ...first!.entities,
              selectionSet: {
                kind: Kind.SELECTION_SET,
                selections: queries.flatMap((query) => query!.entities.selectionSet!.selections),
              },
            },
          ],
        },
      },
    ],
  } as const satisfies DocumentNode;
  const operation = print(document);
  const head = fetches[0]!;
  const merged: FetchNode = {
    kind: 'Fetch',
    serviceName: head.serviceName,
    operationKind: head.operationKind,
    operationName: head.operationName,
    operation,
    operationDocumentNode: document,
    variableUsages: [...new Set(fetches.flatMap((fetch) => fetch.variableUsages ?? []))],
    requires: fetches.flatMap((fetch) => fetch.requires ?? []),
  };
  partsOf.set(merged, fetches);
  return merged;
}
