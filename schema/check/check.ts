import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { apiSchemaOf } from './api-schema';
import { schemaChanges, type SchemaChange } from './changes';
import { composeSources, type Composition } from './composition';
import { undescribed } from './descriptions';
import { brokenDocuments, readTrustedDocuments, type BrokenDocument } from './documents';
import { subgraphSources, type Candidate, type SubgraphEntry, type SubgraphSource } from './sources';

const SCHEMA_DIR = join(__dirname, '..');

export interface CheckOptions {
  /** Without one, every subgraph's schema as it is in the tree is checked (what CI does). */
  candidate?: Candidate;
  subgraphs?: readonly SubgraphEntry[];
  /** The supergraph clients use today; default the committed schema/supergraph.graphql. */
  supergraphFile?: string;
  documentsDir?: string;
  manifestFile?: string;
}

export interface CheckResult {
  sources: SubgraphSource[];
  supergraphFile: string;
  composition: Composition;
  /** Empty when composition failed: there is no new schema to compare. */
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
  /** Null when composition failed. */
  documents: { checked: number; broken: BrokenDocument[] } | null;
  /** Types, fields and values of the new API schema without a description (the suite requires them). */
  undescribed: string[];
  /** Composes, breaks no client, keeps every trusted document valid and describes everything. */
  safe: boolean;
}

function baselineOf(supergraphFile: string) {
  try {
    return apiSchemaOf(readFileSync(supergraphFile, 'utf8'));
  } catch (error) {
    throw new Error(`${supergraphFile} is not a readable supergraph: ${(error as Error).message}`);
  }
}

/**
 * With a candidate, changes that the tree makes without it (a stale supergraph, another partner's
 * work) are marked, so a partner sees which findings are its own.
 */
function markTreeChanges(changes: ReturnType<typeof schemaChanges>, options: CheckOptions, before: GraphQLSchema) {
  if (!options.candidate) return changes;
  const tree = composeSources(subgraphSources(undefined, options.subgraphs));
  if (!tree.ok) return changes;
  const inTree = schemaChanges(before, apiSchemaOf(tree.supergraphSdl));
  const seen = new Set([...inTree.breaking, ...inTree.dangerous].map((change) => change.message));
  const mark = (list: SchemaChange[]) => list.map((change) => ({ ...change, alreadyInTree: seen.has(change.message) }));
  return { breaking: mark(changes.breaking), dangerous: mark(changes.dangerous) };
}

/** Composes the candidate with the others and compares what clients would see with today's graph. */
export function checkSchema(options: CheckOptions = {}): CheckResult {
  const supergraphFile = options.supergraphFile ?? join(SCHEMA_DIR, 'supergraph.graphql');
  const sources = subgraphSources(options.candidate, options.subgraphs);
  const before = baselineOf(supergraphFile);
  const composition = composeSources(sources);
  if (!composition.ok)
    return {
      sources,
      supergraphFile,
      composition,
      breaking: [],
      dangerous: [],
      documents: null,
      undescribed: [],
      safe: false,
    };

  const after = apiSchemaOf(composition.supergraphSdl);
  const { breaking, dangerous } = markTreeChanges(schemaChanges(before, after), options, before);
  const documents = readTrustedDocuments(
    options.documentsDir ?? join(SCHEMA_DIR, 'documents'),
    options.manifestFile ?? join(SCHEMA_DIR, 'trusted-documents.json'),
  );
  const broken = brokenDocuments(after, documents);
  const missing = undescribed(after);
  return {
    sources,
    supergraphFile,
    composition,
    breaking,
    dangerous,
    documents: { checked: documents.length, broken },
    undescribed: missing,
    safe: breaking.length === 0 && broken.length === 0 && missing.length === 0,
  };
}
