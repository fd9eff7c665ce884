import { Kind, visit, type DocumentNode, type SelectionNode } from 'graphql';

/** The coerced values of an operation's variables, defaults applied: what @skip and @include read. */
export type Conditions = Record<string, unknown>;

/** The variables that @skip/@include read in a document; their values are part of a compiled shaper's key. */
export function conditionVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Directive(directive) {
      if (directive.name.value !== 'skip' && directive.name.value !== 'include') return;
      for (const argument of directive.arguments ?? [])
        if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    },
  });
  return [...names].sort();
}

/** GraphQL's rule: a selection is left out when @skip(if: true) or @include(if: false). */
export function isIncluded(selection: SelectionNode, conditions: Conditions): boolean {
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((candidate) => candidate.name.value === 'if')?.value;
    const value =
      argument?.kind === Kind.VARIABLE
        ? conditions[argument.name.value]
        : argument?.kind === Kind.BOOLEAN
          ? argument.value
          : undefined;
    if (name === 'skip' && value === true) return false;
    if (name === 'include' && value === false) return false;
  }
  return true;
}
