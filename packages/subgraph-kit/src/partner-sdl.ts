import type { PartnerRef } from '@buurtgraaf/protocol';

/**
 * Several organisations of one kind (housing corporations, care providers) run the same subgraph
 * code, each as its own partner. Federation resolves a field in one subgraph only, so each of them
 * answers under a field of its own (`housing_domstad`), hidden from the public API with
 * @inaccessible, and the combining subgraph @requires all of them. Schemas say this with two
 * placeholders, rendered here from the partners file:
 *
 * - `PARTNER`, a field name in a kind's schema (and in its policy): this partner's own field;
 * - `PARTNERS_<kind>`, in the combiner's schema: one field, or one selection inside a
 *   `@requires(fields: ...)`, for every partner of that kind.
 */

export const OWN_FIELD = 'PARTNER';

export function renderPartnerSdl(sdl: string, self: PartnerRef | null, partners: readonly PartnerRef[]): string {
  const fieldOf = (kind: string) => partners.filter((partner) => partner.kind === kind).map((partner) => partner.field);
  const expandedLines = sdl.replace(
    /^([ \t]*)PARTNERS_([a-z0-9]+)(\b.*)$/gm,
    (_, indent: string, kind: string, rest: string) =>
      fieldOf(kind)
        .map((field) => `${indent}${field}${rest}`)
        .join('\n'),
  );
  const expandedRequires = expandedLines.replace(
    /fields: "([^"]*)"/g,
    (_, selection: string) => `fields: "${expandSelection(selection, fieldOf)}"`,
  );
  // Only a field definition is renamed: PARTNER is also a DataSource value, named in descriptions.
  return self ? expandedRequires.replace(/^([ \t]*)PARTNER(?=\s*[:(])/gm, `$1${self.field}`) : expandedRequires;
}

/** `PARTNERS_care { a b }` becomes `care_x { a b } care_y { a b }`, braces matched. */
function expandSelection(selection: string, fieldOf: (kind: string) => string[]): string {
  const pattern = /PARTNERS_([a-z0-9]+)\s*\{/g;
  let out = '';
  let from = 0;
  for (let match = pattern.exec(selection); match; match = pattern.exec(selection)) {
    let depth = 1;
    let end = pattern.lastIndex;
    while (depth > 0 && end < selection.length)
      (depth += selection[end] === '{' ? 1 : selection[end] === '}' ? -1 : 0), (end += 1);
    const body = selection.slice(pattern.lastIndex - 1, end);
    out +=
      selection.slice(from, match.index) +
      fieldOf(match[1] ?? '')
        .map((field) => `${field} ${body}`)
        .join(' ');
    from = end;
    pattern.lastIndex = end;
  }
  return out + selection.slice(from);
}
