import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type DocumentNode } from 'graphql';

export const SHARED_CONTRACT = join(__dirname, '..', '..', 'schema', 'shared', 'area.graphql');

/** The shared area contract followed by the partner's own schema, as one subgraph document. */
export function subgraphSdl(schemaFile: string): string {
  return `${readFileSync(SHARED_CONTRACT, 'utf8')}\n${readFileSync(schemaFile, 'utf8')}`;
}

export function loadTypeDefs(schemaFile: string): DocumentNode {
  return parse(subgraphSdl(schemaFile));
}

/**
 * The values of an enum in a partner's schema.graphql, so the schema stays the one list of them:
 * what a data load accepts, or which facility kinds a scoring model may name.
 */
export function schemaEnum(schemaFile: string, name: string): string[] {
  const document = parse(readFileSync(schemaFile, 'utf8'));
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === name) {
      return (definition.values ?? []).map((value) => value.name.value);
    }
  }
  throw new Error(`${schemaFile} defines no enum ${name}`);
}
