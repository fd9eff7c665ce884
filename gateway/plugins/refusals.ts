import type { RequestHandler } from 'express';
import type { Logger } from '@buurtgraaf/platform';
import { TRANSACTION_HEADER, type Caller } from '../trust/authenticate';
import type { Consumer } from '../trust/consumers';
import type { Metrics } from './metrics';

/**
 * A request refused before Apollo ran (401 and 403 from authentication, purpose or trusted
 * documents, 429 from the rate limit, a body that is not JSON) never reaches the request-log and
 * metrics plugins. This middleware, first on /graphql and /bi/v1, writes the same one log line for
 * it and counts it, so a flood of bad keys shows up in both. The refusing middleware names its
 * code in `res.locals.refusedWith`; Apollo's context function marks requests it took over.
 */
export function recordRefusals(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      if (res.locals.reachedApollo || res.statusCode < 400) return;
      const caller = res.locals.caller as Caller | undefined;
      const consumer = (caller?.consumer ?? res.locals.consumer) as Consumer | undefined;
      const code =
        typeof res.locals.refusedWith === 'string'
          ? res.locals.refusedWith
          : res.statusCode === 404
            ? 'NOT_FOUND'
            : 'BAD_REQUEST';
      metrics.refused(res.statusCode, code);
      logger.info(
        {
          transactionId: res.getHeader(TRANSACTION_HEADER),
          consumer: consumer?.id,
          organisation: consumer?.organisation,
          purpose: caller?.purpose,
          path: req.baseUrl,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          outcome: 'refused',
          errorCodes: [code],
          status: res.statusCode,
        },
        'graphql request',
      );
    });
    next();
  };
}
