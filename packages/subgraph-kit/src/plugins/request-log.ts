import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { RequestHandler } from 'express';
import { type Logger, summarise, type ResponseSummary } from '@buurtgraaf/platform';
import type { RequestContext } from '@buurtgraaf/protocol';
import type { TrustContext } from '../trust/use-trust';

export interface RequestLog {
  /** Mount on /graphql after the signature check and before Apollo's middleware. */
  middleware: RequestHandler;
  /** Add to the subgraph's Apollo plugins; the order does not matter. */
  plugin: ApolloServerPlugin<TrustContext>;
}

/**
 * Exactly one JSON line (info) per signed request, keyed by the transaction id the gateway
 * forwarded: the same id is in the gateway's log, the `x-transaction-id` header and this partner's
 * audit log. Unsigned requests are refused and logged (warn) before they get here.
 *
 * The line is written when the HTTP response is done, not in an Apollo hook: Apollo runs all
 * plugins' willSendResponse hooks at once, and the audit plugin may still replace the answer with
 * AUDIT_UNAVAILABLE there. So the plugin only remembers each request and the line shows what the
 * gateway really got.
 *
 * Never logged: the query text and the variables, which may hold personal data.
 */
export function createRequestLog(logger: Logger): RequestLog {
  // Keyed by the forwarded context object: the signature check puts it in res.locals and the
  // server hands that same object to Apollo as contextValue.request.
  const requests = new WeakMap<RequestContext, GraphQLRequestContext<TrustContext>>();

  const plugin: ApolloServerPlugin<TrustContext> = {
    async requestDidStart(requestContext) {
      requests.set(requestContext.contextValue.request, requestContext);
    },
  };

  const middleware: RequestHandler = (_req, res, next) => {
    const started = performance.now();
    res.once('close', () => {
      const who = res.locals.requestContext as RequestContext | undefined;
      const graphql = who ? requests.get(who) : undefined;
      const summary: ResponseSummary = graphql?.response.body
        ? summarise(graphql.response as Parameters<typeof summarise>[0])
        : { outcome: res.statusCode < 400 ? 'ok' : 'error', errorCodes: [] };
      const context = graphql?.contextValue;
      const denied = (context?.fieldsRead ?? []).filter((coordinate) => context?.allowed?.(coordinate) === false);
      logger.info(
        {
          transactionId: who?.transactionId,
          consumer: who?.consumer,
          organisation: who?.organisation,
          purpose: who?.purpose,
          // The client's operation name, as the gateway forwarded it.
          operationName: who?.operationName ?? null,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          outcome: summary.outcome,
          errorCodes: summary.errorCodes,
          ...(denied.length > 0 ? { denied } : {}),
          status: res.statusCode,
          // The gateway gave up (timeout) or the connection broke before the answer was out.
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'graphql request',
      );
    });
    next();
  };

  return { middleware, plugin };
}
