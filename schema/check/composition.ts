import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { AREA_CONTRACT_FILE as SHARED_CONTRACT } from '@buurtgraaf/protocol';
import { partnerSdl } from '../compose';
import type { SubgraphSource } from './sources';

export interface CompositionProblem {
  /** Apollo's composition error code (INVALID_FIELD_SHARING, ...), or INVALID_GRAPHQL for a syntax error. */
  code: string;
  message: string;
}

export type Composition = { ok: true; supergraphSdl: string } | { ok: false; problems: CompositionProblem[] };

/**
 * Parses one subgraph as the kit serves it (shared contract first). A syntax error is reported
 * at its line in the file the partner edits, not in the joined text.
 */
function parseSubgraph(source: SubgraphSource, sources: readonly SubgraphSource[]): DocumentNode | CompositionProblem {
  try {
    return parse(partnerSdl(source, sources));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const contractLines = readFileSync(SHARED_CONTRACT, 'utf8').split('\n').length;
    const at = error.locations?.[0];
    const where = !at
      ? source.schemaFile
      : at.line > contractLines
        ? `${source.schemaFile}:${at.line - contractLines}:${at.column}`
        : `${SHARED_CONTRACT}:${at.line}:${at.column}`;
    return { code: 'INVALID_GRAPHQL', message: `[${source.name}] ${where}: ${error.message}` };
  }
}

/** Composes the sources as `npm run compose` does, but returns every problem with its code. */
export function composeSources(sources: readonly SubgraphSource[]): Composition {
  const parsed = sources.map((source) => ({ source, result: parseSubgraph(source, sources) }));
  const syntax = parsed.flatMap(({ result }) => ('kind' in result ? [] : [result]));
  if (syntax.length > 0) return { ok: false, problems: syntax };
  const result = composeServices(
    parsed.map(({ source, result }) => ({ name: source.name, url: source.url, typeDefs: result as DocumentNode })),
  );
  if (result.errors) {
    return {
      ok: false,
      problems: result.errors.map((error) => ({
        code: String(error.extensions.code ?? 'COMPOSITION_ERROR'),
        message: error.message,
      })),
    };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl };
}
