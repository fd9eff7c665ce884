import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { ErrorCode } from '../../subgraphs/kit/errors';
import type { Caller } from './authenticate';

/**
 * Trusted documents: operations reviewed in advance, listed in a manifest in Apollo's persisted
 * query format (id = sha256 of the body), so BI tools and apps can send an id instead of a
 * document. Consumers without one of the `anyDocumentRoles` may only run documents from it.
 */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/), name: z.string().min(1), type: z.enum(['query', 'mutation', 'subscription']), body: z.string().min(1) })),
});

export const documentId = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

export function loadTrustedDocuments(file: string): Map<string, string> {
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`Trusted documents ${file} are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const wrong = parsed.data.operations.filter((operation) => operation.id !== documentId(operation.body));
  if (wrong.length > 0) throw new Error(`Trusted documents ${file}: the id of ${wrong.map((o) => o.name).join(', ')} is not the sha256 of its body`);
  return new Map(parsed.data.operations.map((operation) => [operation.id, operation.body]));
}

const refuse = (res: Response, status: number, code: string, message: string) => void res.status(status).json({ errors: [{ message, extensions: { code } }] });

/** Express middleware after body parsing and authentication, before Apollo sees the request. */
export function trustedDocuments(documents: Map<string, string>, anyDocumentRoles: readonly string[]): RequestHandler {
  const anyone = anyDocumentRoles.includes('*');
  return (req, res, next) => {
    const body = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return next();
    const extensions = typeof body.extensions === 'string' ? safeJson(body.extensions) : body.extensions;
    const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
    const id = body.documentId ?? persisted?.sha256Hash;
    if (id !== undefined) {
      // Accept the GraphQL-over-HTTP `documentId` ("sha256:<hex>" or bare hex) and Apollo's extension.
      const hex = typeof id === 'string' ? id.replace(/^sha256:/, '') : '';
      const document = documents.get(hex);
      if (!document) return refuse(res, 400, 'PERSISTED_QUERY_NOT_FOUND', `No trusted document has the id "${String(id)}".`);
      body.query = document;
      delete body.documentId;
      if (persisted && extensions && typeof extensions === 'object') delete (extensions as Record<string, unknown>).persistedQuery;
      if (typeof body.extensions === 'string') body.extensions = JSON.stringify(extensions);
      return next();
    }
    const caller = res.locals.caller as Caller;
    if (anyone || caller.consumer.roles.some((role) => anyDocumentRoles.includes(role))) return next();
    if (typeof body.query === 'string' && documents.has(documentId(body.query))) return next();
    refuse(res, 403, ErrorCode.DocumentNotTrusted, 'You may only run trusted documents: send the documentId of one from the manifest.');
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
