/**
 * What every party knows about a partner of the federation: its id, kind, name, the GraphQL field
 * it answers under and the areas it serves. The gateway, the subgraphs and the tools read the
 * partners file (schema/partners.json) into these.
 */
export interface PartnerRef {
  id: string;
  kind: string;
  /** The organisation's name, shown with the figures it contributes. */
  name: string;
  /** The GraphQL field the partner answers under. */
  field: string;
  /** CBS municipality or district codes it serves; `*` for all. */
  areas: string[];
}

/** The prefix of a partner's own environment variables: housing-domstad becomes HOUSING_DOMSTAD. */
export const envPrefix = (name: string) => name.replaceAll('-', '_').toUpperCase();

/** Whether a partner serving `areas` serves the area with this CBS code (any level). */
export function serves(areas: readonly string[], code: string): boolean {
  return areas.some(
    (area) => area === '*' || code.slice(2).startsWith(area.slice(2)) || area.slice(2).startsWith(code.slice(2)),
  );
}
