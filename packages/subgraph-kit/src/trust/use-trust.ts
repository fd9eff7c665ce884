import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, GraphQLError, isObjectType, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Queryable } from '../database';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';
import { auditFileWriter } from './audit-file';
import { auditWriter } from './audit-writer';
import { fieldsRead } from './fields-read';
import { readScope } from './scope';
import { isAllowed, type Policy } from './policy';
import type { RequestContext } from '@buurtgraaf/protocol';

/** What the kit adds to every partner's per-request context. */
export interface TrustContext {
  request: RequestContext;
  fieldsRead?: string[];
  /** The partner's decision per field coordinate, taken once per request and coordinate. */
  allowed?: (coordinate: string) => boolean;
}

/**
 * Wraps every field so a field the partner's policy denies resolves to null with a FORBIDDEN
 * error naming it, while the rest of the answer still arrives. The decision is taken where the
 * field resolves, on its concrete type, so a field reached through an interface or a fragment is
 * judged the same; it is cached per request, so the wrapper costs a map lookup.
 */
export function guardFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: TrustContext, info) => {
        if (context.allowed?.(coordinate) === false) {
          throw new GraphQLError(
            `${coordinate} is not available to ${context.request.organisation} for purpose "${context.request.purpose}".`,
            {
              extensions: { code: ErrorCode.Forbidden, field: coordinate },
            },
          );
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

/**
 * Applies the policy to each operation and writes the audit record at the source. The record is
 * written before the answer leaves; if it cannot be written, the answer is replaced by an error
 * (fail closed): no figure leaves this partner unlogged.
 */
export function useTrust({
  policy,
  db,
  auditFile,
  logger,
}: {
  policy: Policy;
  db: Queryable | null;
  auditFile?: string;
  logger: Logger;
}): ApolloServerPlugin<TrustContext> {
  // Apollo Server hands the same DocumentNode to every request with the same text, so the fields
  // an operation reads are worked out once per document, not per request.
  const fieldsByDocument = new WeakMap<DocumentNode, string[]>();
  // A stateless partner has no table to protect a record in; it appends to a file of its own.
  if (!db && !auditFile) throw new Error('A subgraph without a database needs an audit file');
  const auditFileOnly = db ? null : auditFileWriter(auditFile ?? '');
  const writeAuditRecord = auditFileOnly ?? auditWriter(db as Queryable);
  return {
    async serverWillStart() {
      return { serverWillStop: async () => auditFileOnly?.close() };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          let fields = fieldsByDocument.get(document);
          if (!fields) fieldsByDocument.set(document, (fields = fieldsRead(schema, document)));
          contextValue.fieldsRead = fields;
          const decisions = new Map<string, boolean>();
          contextValue.allowed = (coordinate) => {
            let allowed = decisions.get(coordinate);
            if (allowed === undefined)
              decisions.set(coordinate, (allowed = isAllowed(policy, contextValue.request, coordinate)));
            return allowed;
          };
        },
        async willSendResponse({ response, contextValue, request, queryHash, document, schema }) {
          if (response.body.kind !== 'single') return;
          const codes = (response.body.singleResult.errors ?? []).map((error) => error.extensions?.code);
          const outcome = codes.length === 0 ? 'OK' : codes.includes(ErrorCode.Forbidden) ? 'DENIED' : 'ERROR';
          const { request: who } = contextValue;
          // What left the partner, and what was asked for but refused, kept apart for the privacy officer.
          const selected = contextValue.fieldsRead ?? [];
          const denied = selected.filter((coordinate) => contextValue.allowed?.(coordinate) === false);
          const read = selected.filter((coordinate) => !denied.includes(coordinate));
          const record = {
            transactionId: who.transactionId,
            consumer: who.consumer,
            organisation: who.organisation,
            purpose: who.purpose,
            operationName: who.operationName,
            documentHash: who.documentHash,
            // Apollo Server's queryHash is the sha256 of the query text, already computed.
            subgraphDocumentHash:
              queryHash ??
              createHash('sha256')
                .update(request.query ?? '')
                .digest('hex'),
            read,
            denied,
            outcome,
            // Which areas, years and target groups: per request, because they live in the variables.
            ...(document ? readScope(schema, document, request.variables) : { areas: [], arguments: [] }),
          };
          try {
            await writeAuditRecord(record);
          } catch (error) {
            logger.error(
              { err: error, transactionId: who.transactionId },
              'audit record could not be written; answer withheld',
            );
            response.http.status = 503;
            response.body.singleResult = {
              errors: [
                {
                  message: 'This partner could not record the request in its audit log, so it answers nothing.',
                  extensions: { code: ErrorCode.AuditUnavailable },
                },
              ],
            };
          }
        },
      };
    },
  };
}
