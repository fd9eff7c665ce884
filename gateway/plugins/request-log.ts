import type { ApolloServerPlugin } from '@apollo/server';
import { type Logger, clientOperationName, summarise } from '@buurtgraaf/platform';
import type { GatewayContext } from '../observer';

/**
 * Exactly one JSON line (info) per GraphQL request that reached Apollo, written as the answer
 * leaves: who asked and why, how long it took, which partners were called and how it ended. The
 * transaction id is the one in every partner's audit log and in the `x-transaction-id` response
 * header, so one id finds a request everywhere.
 *
 * Never logged: the query text and the variables. Both come from the client and may hold personal
 * data (a free-text argument, an address), and logs travel further and live longer than the
 * partners' audit logs. The document hash in the audit records identifies the query instead.
 *
 * Requests refused before Apollo runs (401, 403, 429) get the same line from refusals.ts.
 * Register this plugin last, so errors other plugins add are in its line.
 */
export function useRequestLog(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, contextValue, operationName, request }) {
          const { outcome, errorCodes } = summarise(response);
          const caller = contextValue.caller;
          logger.info(
            {
              transactionId: caller?.transactionId,
              consumer: caller?.consumer.id,
              organisation: caller?.consumer.organisation,
              purpose: caller?.purpose,
              operationName: clientOperationName(operationName, request.operationName),
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              partners: [...(contextValue.partnersCalled ?? [])].sort(),
              outcome,
              errorCodes,
              status: response.http.status ?? 200,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
