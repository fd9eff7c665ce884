import { Kind, parse, print, validate, visit, type ASTNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { differenceOf, type Difference } from './compare';
import type { Executors } from './executors';
import type { Generated } from './generator';

/**
 * Shrinks a differing query to one that still differs for the same reason: drops selections,
 * arguments and fragments one at a time while the document stays valid, then variables nothing
 * uses any more. Greedy, so small rather than smallest, which is what a reader needs.
 */
export async function minimise(executors: Executors, difference: Difference): Promise<Generated> {
  executors.partners.setModes(difference.scenario.modes);
  let current = difference.generated;
  for (let changed = true; changed; ) {
    changed = false;
    const document = parse(current.query);
    for (let index = 0; index < countCandidates(document); index += 1) {
      const candidate = withoutUnusedVariables(removeCandidate(document, index), current.variables);
      if (!candidate || !isValid(executors.apiSchema, candidate.query)) continue;
      const { engine, stock } = await executors.ask(candidate.query, candidate.variables);
      if (differenceOf(engine, stock, candidate, executors.apiSchema) === difference.reason) {
        current = candidate;
        changed = true;
        break;
      }
    }
  }
  executors.partners.setModes({});
  return current;
}

const isValid = (schema: GraphQLSchema, query: string) => validate(schema, parse(query)).length === 0;

/** Removable nodes: a selection in a set of several, an argument, a directive, a fragment definition. */
function isCandidate(node: ASTNode, parent: unknown): boolean {
  if (node.kind === Kind.ARGUMENT || node.kind === Kind.DIRECTIVE || node.kind === Kind.FRAGMENT_DEFINITION)
    return true;
  const isSelection =
    node.kind === Kind.FIELD || node.kind === Kind.INLINE_FRAGMENT || node.kind === Kind.FRAGMENT_SPREAD;
  return isSelection && Array.isArray(parent) && parent.length > 1;
}

function countCandidates(document: DocumentNode): number {
  let count = 0;
  visit(document, { enter: (node, _key, parent) => void (isCandidate(node, parent) && (count += 1)) });
  return count;
}

function removeCandidate(document: DocumentNode, target: number): DocumentNode {
  let index = 0;
  return visit(document, {
    enter(node, _key, parent) {
      if (!isCandidate(node, parent)) return undefined;
      index += 1;
      return index - 1 === target ? null : undefined;
    },
  });
}

function withoutUnusedVariables(document: DocumentNode, variables: Record<string, unknown>): Generated | null {
  const used = new Set<string>();
  visit(document, { Variable: (node) => void used.add(node.name.value), VariableDefinition: () => false });
  const pruned = visit(document, {
    VariableDefinition: (node) => (used.has(node.variable.name.value) ? undefined : null),
  });
  try {
    return {
      query: print(pruned),
      variables: Object.fromEntries(Object.entries(variables).filter(([name]) => used.has(name))),
    };
  } catch {
    return null;
  }
}
