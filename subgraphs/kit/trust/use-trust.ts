import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import type { Queryable } from '../database';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import { fieldsRead } from './fields-read';
import { isAllowed, type Policy } from './policy';
import type { RequestContext } from './request-context';

/** What the kit adds to every partner's per-request context. */
export interface TrustContext {
  request: RequestContext;
  fieldsRead?: string[];
  denied?: Set<string>;
}

/**
 * Wraps every field so a field the partner's policy denies resolves to null with a FORBIDDEN
 * error naming it, while the rest of the answer still arrives. The decision per field is taken
 * once per operation (see useTrust), so the wrapper is a set lookup.
 */
export function guardFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: TrustContext, info) => {
        if (context.denied?.has(coordinate)) {
          throw new GraphQLError(`${coordinate} is not available to ${context.request.organisation} for purpose "${context.request.purpose}".`, {
            extensions: { code: ErrorCode.Forbidden, field: coordinate },
          });
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
export function useTrust({ policy, db, logger }: { policy: Policy; db: Queryable; logger: Logger }): ApolloServerPlugin<TrustContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          contextValue.fieldsRead = fieldsRead(schema, document);
          contextValue.denied = new Set(contextValue.fieldsRead.filter((coordinate) => !isAllowed(policy, contextValue.request, coordinate)));
        },
        async willSendResponse({ response, contextValue, request }) {
          if (response.body.kind !== 'single') return;
          const codes = (response.body.singleResult.errors ?? []).map((error) => error.extensions?.code);
          const outcome = codes.length === 0 ? 'OK' : codes.includes(ErrorCode.Forbidden) ? 'DENIED' : 'ERROR';
          const { request: who } = contextValue;
          try {
            await db.query(
              `insert into audit_log (transaction_id, consumer, organisation, purpose, operation_name, document_hash, subgraph_document_hash, fields_read, outcome)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              [who.transactionId, who.consumer, who.organisation, who.purpose, who.operationName, who.documentHash,
                createHash('sha256').update(request.query ?? '').digest('hex'), contextValue.fieldsRead ?? [], outcome],
            );
          } catch (error) {
            logger.error({ err: error, transactionId: who.transactionId }, 'audit record could not be written; answer withheld');
            response.http.status = 503;
            response.body.singleResult = {
              errors: [{ message: 'This partner could not record the request in its audit log, so it answers nothing.', extensions: { code: ErrorCode.AuditUnavailable } }],
            };
          }
        },
      };
    },
  };
}
