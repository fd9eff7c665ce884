import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/**
 * The partners of the federation. The URLs are where `npm start` runs them; a deployment points
 * the gateway elsewhere with SUBGRAPH_<NAME>_URL without recomposing.
 */
export const SUBGRAPHS = [
  { name: 'municipality', port: 4001 },
  { name: 'housing', port: 4002 },
  { name: 'care', port: 4003 },
  { name: 'insights', port: 4004 },
].map((subgraph) => ({
  ...subgraph,
  url: `http://localhost:${subgraph.port}/graphql`,
  schemaFile: join(ROOT, 'subgraphs', subgraph.name, 'schema.graphql'),
  mainFile: join(ROOT, 'subgraphs', subgraph.name, 'main.ts'),
}));

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];
