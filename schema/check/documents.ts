import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate, type GraphQLSchema } from 'graphql';

export interface TrustedDocument {
  /** Where it comes from: a file under schema/documents, or the manifest and the operation's name. */
  label: string;
  body: string;
}

export interface BrokenDocument extends TrustedDocument {
  errors: string[];
}

interface Manifest {
  operations: { id: string; name: string; body: string }[];
}

/**
 * The documents the gateway runs for consumers that may send nothing else: the manifest it
 * serves, and the sources it is built from (which may be ahead of it). Each body once.
 */
export function readTrustedDocuments(documentsDir: string, manifestFile: string): TrustedDocument[] {
  const files = readdirSync(documentsDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  const documents = files.map((file) => ({
    label: join(documentsDir, file),
    body: readFileSync(join(documentsDir, file), 'utf8'),
  }));
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  for (const operation of manifest.operations) {
    if (!documents.some((document) => document.body === operation.body)) {
      documents.push({
        label: `${manifestFile} (${operation.name}, ${operation.id.slice(0, 12)})`,
        body: operation.body,
      });
    }
  }
  return documents;
}

/** The documents that would fail validation at the gateway, with graphql-js's reasons and lines. */
export function brokenDocuments(schema: GraphQLSchema, documents: readonly TrustedDocument[]): BrokenDocument[] {
  return documents.flatMap((document) => {
    let errors;
    try {
      errors = validate(schema, parse(document.body));
    } catch (error) {
      return [{ ...document, errors: [(error as Error).message] }];
    }
    const messages = errors.map((error) => {
      const at = error.locations?.[0];
      return at ? `line ${at.line}: ${error.message}` : error.message;
    });
    return messages.length > 0 ? [{ ...document, errors: messages }] : [];
  });
}
