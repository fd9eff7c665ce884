import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

export const SHARED_CONTRACT = join(__dirname, '..', '..', 'schema', 'shared', 'area.graphql');

/** The shared area contract followed by the partner's own schema, as one subgraph document. */
export function subgraphSdl(schemaFile: string): string {
  return `${readFileSync(SHARED_CONTRACT, 'utf8')}\n${readFileSync(schemaFile, 'utf8')}`;
}

export function loadTypeDefs(schemaFile: string): DocumentNode {
  return parse(subgraphSdl(schemaFile));
}
