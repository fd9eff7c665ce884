import type { FetchNode } from '@apollo/query-planner';
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The response names a fetch asked its partner for, as a tree: a name maps to the names under it,
 * or to LEAF. Only these may be written into the answer from that partner (issue 12, item 4): a
 * partner that adds fields it was not asked for (another partner's `careDemand`, say) must not
 * reach the client or another partner's @requires inputs. Fragments are unioned per level; the
 * shaper checks types against the API schema afterwards.
 */
export type Selected = Map<string, Selected | typeof LEAF>;
export const LEAF = 'leaf' as const;

const byFetch = new WeakMap<FetchNode, Selected>();

/** What the fetch selected under `_entities` (entity fetch) or at the root (root fetch); kept per plan node. */
export function selectedBy(fetch: FetchNode): Selected {
  let selected = byFetch.get(fetch);
  if (!selected) {
    const document: DocumentNode = fetch.operationDocumentNode ?? parse(fetch.operation);
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    const root: Selected = operation ? collect([operation.selectionSet], fragments) : new Map();
    const entities = fetch.requires ? root.get('_entities') : undefined;
    const chosen: Selected = entities && entities !== LEAF ? entities : root;
    byFetch.set(fetch, chosen);
    return chosen;
  }
  return selected;
}

function collect(sets: readonly SelectionSetNode[], fragments: Map<string, FragmentDefinitionNode>): Selected {
  const children = new Map<string, SelectionSetNode[]>();
  const leaves = new Set<string>();
  const walk = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        if (selection.selectionSet) children.set(name, [...(children.get(name) ?? []), selection.selectionSet]);
        else leaves.add(name);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  for (const set of sets) walk(set, new Set());
  const tree: Selected = new Map();
  for (const name of leaves) tree.set(name, LEAF);
  for (const [name, sets] of children) tree.set(name, collect(sets, fragments));
  return tree;
}
