import { SUBGRAPHS } from '../subgraphs';

export type SubgraphEntry = Pick<(typeof SUBGRAPHS)[number], 'name' | 'url' | 'schemaFile'> &
  Partial<Pick<(typeof SUBGRAPHS)[number], 'kind' | 'partnerField'>>;

export interface Candidate {
  /** The subgraph the schema is for; a name not in schema/subgraphs.ts is a partner about to join. */
  name: string;
  schemaFile: string;
}

export interface SubgraphSource extends SubgraphEntry {
  /** True for the schema under review rather than the one in the tree. */
  candidate: boolean;
  /** True when the candidate is not in schema/subgraphs.ts yet. */
  joining: boolean;
}

/**
 * The subgraphs to compose: every registered partner with the schema file in the tree, except
 * the candidate's, which replaces its partner's or joins the list as a new one.
 */
export function subgraphSources(
  candidate: Candidate | undefined,
  subgraphs: readonly SubgraphEntry[] = SUBGRAPHS,
): SubgraphSource[] {
  const sources = subgraphs.map((subgraph) =>
    subgraph.name === candidate?.name
      ? { ...subgraph, schemaFile: candidate.schemaFile, candidate: true, joining: false }
      : { ...subgraph, candidate: false, joining: false },
  );
  if (candidate && !subgraphs.some((subgraph) => subgraph.name === candidate.name)) {
    // Where it will run does not change the API schema; composition only needs a URL.
    sources.push({
      name: candidate.name,
      url: 'http://localhost/graphql',
      schemaFile: candidate.schemaFile,
      candidate: true,
      joining: true,
    });
  }
  return sources;
}
