import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { join } from 'node:path';
import { subgraphSdl } from '@buurtgraaf/subgraph-kit/type-defs';
import { partnerRefs, SUBGRAPHS, type PartnerEntry } from './subgraphs';

export const SUPERGRAPH_FILE = join(__dirname, 'supergraph.graphql');

type Composable = Pick<PartnerEntry, 'name' | 'url' | 'schemaFile'> &
  Partial<Pick<PartnerEntry, 'kind' | 'partnerField'>>;

/** A partner's schema as it joins the composition: contract first, placeholders filled in. */
export function partnerSdl(subgraph: Composable, subgraphs: readonly Composable[] = SUBGRAPHS): string {
  const refs = partnerRefs(
    subgraphs.filter((entry): entry is PartnerEntry => 'kind' in entry && entry.kind !== undefined),
  );
  return subgraphSdl(subgraph.schemaFile, {
    self: refs.find((ref) => ref.id === subgraph.name) ?? null,
    partners: refs,
  });
}

/** Composes the partners' schemas offline; throws with every composition error at once. */
export function composeSupergraph(subgraphs: readonly Composable[] = SUBGRAPHS): string {
  const result = composeServices(
    subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse(partnerSdl(subgraph, subgraphs)),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
