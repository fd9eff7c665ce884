import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { documentId } from '@buurtgraaf/protocol';

/**
 * `npm run documents`: builds schema/trusted-documents.json from schema/documents/*.graphql and
 * fails when a document is not valid against the committed supergraph.
 */
const DIR = join(__dirname, '..', 'schema');
export const MANIFEST_FILE = join(DIR, 'trusted-documents.json');

export function buildManifest(): string {
  const api = Supergraph.build(readFileSync(join(DIR, 'supergraph.graphql'), 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema();
  const files = readdirSync(join(DIR, 'documents'))
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  const operations = files.map((file) => {
    const body = readFileSync(join(DIR, 'documents', file), 'utf8');
    const document = parse(body);
    const errors = validate(api, document);
    if (errors.length > 0)
      throw new Error(`${file} is not valid against the supergraph: ${errors.map((e) => e.message).join('; ')}`);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    if (!operation?.name) throw new Error(`${file} needs one named operation`);
    return { id: documentId(body), name: operation.name.value, type: operation.operation, body };
  });
  return `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(MANIFEST_FILE, buildManifest());
  process.stdout.write(`Wrote ${MANIFEST_FILE}\n`);
}
