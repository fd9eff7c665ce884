import { readFileSync } from 'node:fs';
import { Kind, parse, type DocumentNode } from 'graphql';
import { renderPartnerSdl } from './partner-sdl';
import { AREA_CONTRACT_FILE, type PartnerRef } from '@buurtgraaf/protocol';

/** Who a schema is rendered for: the partner itself (null for a kind with one member) and its peers. */
export interface RenderFor {
  self: PartnerRef | null;
  partners: readonly PartnerRef[];
}

/**
 * The shared area contract followed by the partner's own schema, as one subgraph document; with
 * `renderFor`, the partner placeholders are filled in (kit/partner-sdl.ts).
 */
export function subgraphSdl(schemaFile: string, renderFor?: RenderFor): string {
  const own = readFileSync(schemaFile, 'utf8');
  return `${readFileSync(AREA_CONTRACT_FILE, 'utf8')}\n${renderFor ? renderPartnerSdl(own, renderFor.self, renderFor.partners) : own}`;
}

export function loadTypeDefs(schemaFile: string, renderFor?: RenderFor): DocumentNode {
  return parse(subgraphSdl(schemaFile, renderFor));
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
