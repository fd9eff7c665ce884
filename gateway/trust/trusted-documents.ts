import { readFileSync } from 'node:fs';
import type { Request, RequestHandler, Response } from 'express';
import { Kind, parse, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { ErrorCode } from '@buurtgraaf/platform';
import type { Caller } from './authenticate';
import { documentId } from '@buurtgraaf/protocol';

/**
 * Trusted documents: operations reviewed in advance, listed in a manifest in Apollo's persisted
 * query format (id = sha256 of the body), so BI tools and apps can send an id instead of a
 * document. Consumers without one of the `anyDocumentRoles` may only run documents from it.
 */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

export function loadTrustedDocuments(file: string): Map<string, string> {
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `Trusted documents ${file} are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const wrong = parsed.data.operations.filter((operation) => operation.id !== documentId(operation.body));
  if (wrong.length > 0)
    throw new Error(
      `Trusted documents ${file}: the id of ${wrong.map((o) => o.name).join(', ')} is not the sha256 of its body`,
    );
  return new Map(parsed.data.operations.map((operation) => [operation.id, operation.body]));
}

const refuse = (res: Response, status: number, code: string, message: string) => {
  res.locals.refusedWith = code;
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
};

/** One operation as Apollo will read it: `query` and `extensions` are all that decide what runs. */
interface Operation {
  query: unknown;
  documentId: unknown;
  extensions: unknown;
}

type Verdict = { ok: true; operation: Operation } | { ok: false; status: number; code: string; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Decides what one operation runs, and rewrites it so that exactly that reaches Apollo: a known
 * id becomes its document (and the id disappears); a request with both an id and a query is
 * refused, because then two parties could disagree about which of the two ran.
 */
function resolveOperation(operation: Operation, documents: Map<string, string>, mayRunAny: boolean): Verdict {
  const persisted =
    isRecord(operation.extensions) && isRecord(operation.extensions.persistedQuery)
      ? operation.extensions.persistedQuery
      : undefined;
  const ids = [operation.documentId, persisted?.sha256Hash].filter((id) => id !== undefined && id !== null);
  if (ids.length > 0) {
    if (operation.query !== undefined && operation.query !== null) {
      return { ok: false, status: 400, code: 'BAD_REQUEST', message: 'Send either a documentId or a query, not both.' };
    }
    // Accept the GraphQL-over-HTTP `documentId` ("sha256:<hex>" or bare hex) and Apollo's extension.
    const hexes = new Set(ids.map((id) => (typeof id === 'string' ? id.replace(/^sha256:/, '') : '')));
    const [hex = ''] = hexes;
    const document = hexes.size === 1 ? documents.get(hex) : undefined;
    if (!document)
      return {
        ok: false,
        status: 400,
        code: 'PERSISTED_QUERY_NOT_FOUND',
        message: `No trusted document has the id "${ids.map(String).join('", "')}".`,
      };
    const { persistedQuery: _id, ...extensions } = isRecord(operation.extensions) ? operation.extensions : {};
    return {
      ok: true,
      operation: {
        query: document,
        documentId: undefined,
        extensions: Object.keys(extensions).length > 0 ? extensions : undefined,
      },
    };
  }
  if (mayRunAny) return { ok: true, operation };
  if (typeof operation.query === 'string' && documents.has(documentId(operation.query))) return { ok: true, operation };
  return {
    ok: false,
    status: 403,
    code: ErrorCode.DocumentNotTrusted,
    message: 'You may only run trusted documents: send the documentId of one from the manifest.',
  };
}

/**
 * A GET is read from `req.url`, exactly as the Apollo integration reads it (Express 5 re-parses
 * `req.query` on every access, so rewriting that changes nothing Apollo sees). A parameter given
 * twice is refused: two readers could pick different copies.
 */
function resolveGet(req: Request, documents: Map<string, string>, mayRunAny: boolean): Verdict {
  const queryAt = req.url.indexOf('?');
  const path = queryAt === -1 ? req.url : req.url.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? '' : req.url.slice(queryAt + 1));
  for (const name of ['query', 'documentId', 'extensions', 'variables', 'operationName']) {
    if (params.getAll(name).length > 1)
      return {
        ok: false,
        status: 400,
        code: 'BAD_REQUEST',
        message: `The '${name}' search parameter may only be specified once.`,
      };
  }
  const rawExtensions = params.get('extensions');
  let extensions: unknown;
  if (rawExtensions !== null) {
    try {
      extensions = JSON.parse(rawExtensions);
    } catch {
      return {
        ok: false,
        status: 400,
        code: 'BAD_REQUEST',
        message: 'The extensions search parameter contains invalid JSON.',
      };
    }
  }
  const asked: Operation = {
    query: params.get('query') ?? undefined,
    documentId: params.get('documentId') ?? undefined,
    extensions,
  };
  const verdict = resolveOperation(asked, documents, mayRunAny);
  // Unchanged (a document sent as text): leave the URL exactly as the client wrote it.
  if (!verdict.ok || verdict.operation === asked) return verdict;
  const { query, extensions: resolved } = verdict.operation;
  params.delete('documentId');
  if (typeof query === 'string') params.set('query', query);
  if (resolved === undefined) params.delete('extensions');
  else params.set('extensions', JSON.stringify(resolved));
  req.url = `${path}?${params.toString()}`;
  return verdict;
}

/** Parsed documents by text, for the variable check: trusted ones repeat, and parsing is not free. */
const parsedDocuments = new LRUCache<string, DocumentNode | false>({ max: 500 });

/**
 * GraphQL itself ignores variables an operation does not declare. An app that sends
 * `{"code": "BU03440112"}` to a document without `$code` would silently get another
 * neighbourhood's figures, so such a request is refused (400 UNDECLARED_VARIABLE) and names them.
 * Anything this cannot read (a document that does not parse, an unknown operation name, variables
 * that are not an object) is left to Apollo, which answers it with its own 400.
 */
export function undeclaredVariables(query: unknown, variables: unknown, operationName: unknown): string[] {
  if (typeof query !== 'string' || !isRecord(variables)) return [];
  const names = Object.keys(variables);
  if (names.length === 0) return [];
  let document = parsedDocuments.get(query);
  if (document === undefined) {
    try {
      document = parse(query, { noLocation: true, maxTokens: 20_000 });
    } catch {
      document = false;
    }
    parsedDocuments.set(query, document);
  }
  if (!document) return [];
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation =
    typeof operationName === 'string' && operationName !== ''
      ? operations.find((o) => o.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  if (!operation) return [];
  const declared = new Set((operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value));
  return names.filter((name) => !declared.has(name));
}

function refuseUndeclared(res: Response, undeclared: string[]) {
  const list = undeclared.map((name) => `$${name}`).join(', ');
  refuse(
    res,
    400,
    'UNDECLARED_VARIABLE',
    `The operation does not declare the variable${undeclared.length > 1 ? 's' : ''} ${list}; GraphQL would ignore ${undeclared.length > 1 ? 'them' : 'it'}. Send only the variables the document declares.`,
  );
}

/** Express middleware after body parsing and authentication, before Apollo sees the request. */
export function trustedDocuments(documents: Map<string, string>, anyDocumentRoles: readonly string[]): RequestHandler {
  const anyone = anyDocumentRoles.includes('*');
  return (req, res, next) => {
    const caller = res.locals.caller as Caller;
    const mayRunAny = anyone || caller.consumer.roles.some((role) => anyDocumentRoles.includes(role));
    if (req.method === 'GET') {
      const verdict = resolveGet(req, documents, mayRunAny);
      if (!verdict.ok) return refuse(res, verdict.status, verdict.code, verdict.message);
      // Read back from the (possibly rewritten) URL: exactly what Apollo will run.
      const queryAt = req.url.indexOf('?');
      const params = new URLSearchParams(queryAt === -1 ? '' : req.url.slice(queryAt + 1));
      let variables: unknown;
      try {
        variables = JSON.parse(params.get('variables') ?? '{}');
      } catch {
        return next();
      }
      const undeclared = undeclaredVariables(params.get('query'), variables, params.get('operationName'));
      return undeclared.length > 0 ? refuseUndeclared(res, undeclared) : next();
    }
    // POST (Apollo refuses other methods): the parsed body is what Apollo reads, one operation or a batch.
    const operations: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    for (const body of operations) {
      // Nothing runs without a query; Apollo answers such a body with its own 400.
      if (!isRecord(body)) continue;
      const verdict = resolveOperation(
        { query: body.query, documentId: body.documentId, extensions: body.extensions },
        documents,
        mayRunAny,
      );
      if (!verdict.ok) return refuse(res, verdict.status, verdict.code, verdict.message);
      const { query, extensions } = verdict.operation;
      delete body.documentId;
      if (query !== undefined) body.query = query;
      if (extensions === undefined) delete body.extensions;
      else body.extensions = extensions;
      const undeclared = undeclaredVariables(body.query, body.variables, body.operationName);
      if (undeclared.length > 0) return refuseUndeclared(res, undeclared);
    }
    next();
  };
}
