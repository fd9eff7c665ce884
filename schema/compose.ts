import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { join } from 'node:path';
import { subgraphSdl } from '../subgraphs/kit/type-defs';
import { SUBGRAPHS } from './subgraphs';

export const SUPERGRAPH_FILE = join(__dirname, 'supergraph.graphql');

/** Composes the partners' schemas offline; throws with every composition error at once. */
export function composeSupergraph(subgraphs = SUBGRAPHS): string {
  const result = composeServices(
    subgraphs.map(({ name, url, schemaFile }) => ({ name, url, typeDefs: parse(subgraphSdl(schemaFile)) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
