import type { Supergraph } from '@apollo/federation-internals';
import type { FetchNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import { Kind, parse, print, type ArgumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';

/**
 * Asks the partners only for the years an operation needs. Every corporation and care provider
 * answers under a field with a `years: [Int!]` argument (subgraphs/care/schema.graphql); the
 * combining subgraph @requires those fields whole, because a @requires selection cannot carry the
 * query's `year`. When every field that requires them takes a `year` argument, and by the
 * combiner's convention reads only that year, this fills `years` in for the partners: for the
 * Indicators pull one year of six. Anything else (a history, an insights field) gets every year,
 * as without this step. Narrowing changes no answer, only how much of it travels.
 */
export interface YearNarrowing {
  /** Each fetch of a partner's contribution, its operation with `years: $buurtgraafYears` added. */
  operations: ReadonlyMap<FetchNode, string>;
  /** Where the operation states its years: Int literals, and variable names for the client's values. */
  sources: readonly (number | string)[];
}

export const YEARS_VARIABLE = 'buurtgraafYears';

/** Whether the supergraph's `type.field` is a partner's contribution that takes `years`. */
export type TakesYears = (typename: string, field: string) => boolean;

export const takesYearsIn =
  (supergraph: Supergraph): TakesYears =>
  (typename, field) => {
    const type = supergraph.schema.type(typename);
    const definition = type?.kind === 'ObjectType' ? type.field(field) : undefined;
    return definition?.argument('years')?.type?.toString() === '[Int!]';
  };

export function yearNarrowing(fetches: Iterable<FetchNode>, takesYears: TakesYears): YearNarrowing | null {
  const operations = new Map<FetchNode, string>();
  const sources: (number | string)[] = [];
  for (const fetch of fetches) {
    const operation = parse(fetch.operation).definitions[0] as OperationDefinitionNode | undefined;
    if (!operation) continue;
    // A client variable of that name would be shadowed: leave such an operation as it is.
    if (operation.variableDefinitions?.some((definition) => definition.variable.name.value === YEARS_VARIABLE))
      return null;
    const narrowed = withYearsArgument(operation, takesYears);
    if (narrowed) operations.set(fetch, narrowed);
    if (requiresContribution(fetch.requires ?? [], takesYears)) {
      const years = yearsAskedOf(operation);
      if (!years) return null;
      sources.push(...years);
    }
  }
  return operations.size > 0 && sources.length > 0 ? { operations, sources } : null;
}

/** The years of one request, sorted; null (every year) when a variable holds no integer. */
export function narrowedYears(narrowing: YearNarrowing, variables: Record<string, unknown>): number[] | null {
  const years = new Set<number>();
  for (const source of narrowing.sources) {
    const year = typeof source === 'number' ? source : variables[source];
    if (!Number.isInteger(year)) return null;
    years.add(year as number);
  }
  return [...years].sort((a, b) => a - b);
}

/** The entity selections `... on T { fields }` of an `_entities` fetch; null when shaped otherwise. */
function entitySelections(operation: OperationDefinitionNode): { typename: string; fields: FieldNode[] }[] | null {
  const entities = operation.selectionSet.selections[0];
  if (entities?.kind !== Kind.FIELD || entities.name.value !== '_entities' || !entities.selectionSet) return null;
  const out: { typename: string; fields: FieldNode[] }[] = [];
  for (const selection of entities.selectionSet.selections) {
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition) return null;
    const fields = selection.selectionSet.selections.filter((field) => field.kind === Kind.FIELD);
    if (fields.length !== selection.selectionSet.selections.length) return null;
    out.push({ typename: selection.typeCondition.name.value, fields });
  }
  return out;
}

function withYearsArgument(operation: OperationDefinitionNode, takesYears: TakesYears): string | null {
  const entities = entitySelections(operation);
  if (!entities?.some(({ typename, fields }) => fields.some((field) => isContribution(typename, field, takesYears))))
    return null;
  const yearsArgument: ArgumentNode = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: 'years' },
    value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: YEARS_VARIABLE } },
  };
  const [entitiesField] = operation.selectionSet.selections as FieldNode[];
  const selections = entitiesField!.selectionSet!.selections.map((fragment) => {
    if (fragment.kind !== Kind.INLINE_FRAGMENT) return fragment;
    const typename = fragment.typeCondition!.name.value;
    const fields = fragment.selectionSet.selections.map((field) =>
      field.kind === Kind.FIELD && isContribution(typename, field, takesYears)
        ? { ...field, arguments: [...(field.arguments ?? []), yearsArgument] }
        : field,
    );
    return { ...fragment, selectionSet: { ...fragment.selectionSet, selections: fields } };
  });
  const variable = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: YEARS_VARIABLE } },
    type: {
      kind: Kind.LIST_TYPE,
      type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'Int' } } },
    },
  } as const;
  return print({
    ...operation,
    variableDefinitions: [...(operation.variableDefinitions ?? []), variable],
    selectionSet: {
      ...operation.selectionSet,
      selections: [{ ...entitiesField!, selectionSet: { ...entitiesField!.selectionSet!, selections } }],
    },
  });
}

const isContribution = (typename: string, field: FieldNode, takesYears: TakesYears) =>
  takesYears(typename, field.name.value) && !field.arguments?.some((argument) => argument.name.value === 'years');

function requiresContribution(requires: readonly QueryPlanSelectionNode[], takesYears: TakesYears): boolean {
  return requires.some(
    (selection) =>
      selection.kind === 'InlineFragment' &&
      selection.selections.some(
        (field) => field.kind === 'Field' && takesYears(selection.typeCondition ?? '', field.name),
      ),
  );
}

/** The `year` of every field a fetch asks for, or null when one has none (it may need every year). */
function yearsAskedOf(operation: OperationDefinitionNode): (number | string)[] | null {
  const entities = entitySelections(operation);
  if (!entities) return null;
  const years: (number | string)[] = [];
  for (const field of entities.flatMap((entity) => entity.fields)) {
    if (field.name.value === '__typename') continue;
    const year = field.arguments?.find((argument) => argument.name.value === 'year')?.value;
    if (year?.kind === Kind.INT) years.push(Number(year.value));
    else if (year?.kind === Kind.VARIABLE) years.push(year.name.value);
    else return null;
  }
  return years;
}
