import express, { type RequestHandler } from 'express';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';
import { memoryNonces, type NonceStore } from './nonces';
import { decodeRequestContext, bodyMatches, CONTEXT_HEADER, verifyRequest } from '@buurtgraaf/protocol';

export interface SignatureOptions {
  secret: string;
  /** How far the signature's creation time may lie from our clock, both ways. */
  maxAgeSeconds: number;
  bodyLimit: string;
  logger: Logger;
  /** Shared by the partner's replicas (its PostgreSQL); by default this process's memory. */
  nonces?: NonceStore;
}

/**
 * Express middleware in front of a subgraph's /graphql: nothing is parsed or executed unless the
 * gateway signed the request. Refusals are 401 with extensions.code UNAUTHENTICATED; the reason
 * goes to the partner's log, not to the caller.
 */
export function requireGatewaySignature({
  secret,
  maxAgeSeconds,
  bodyLimit,
  logger,
  nonces = memoryNonces(maxAgeSeconds),
}: SignatureOptions): RequestHandler[] {
  const refuse = (
    res: express.Response,
    reason: string,
    message = 'Only the Buurtgraaf gateway may call this subgraph.',
  ) => {
    logger.warn({ reason }, 'refused unsigned or invalid request');
    res.status(401).json({ errors: [{ message, extensions: { code: ErrorCode.Unauthenticated } }] });
  };
  // First the headers: an unsigned request is refused before a byte of its body is read. The
  // nonce is claimed here, before the body is read, in one step: claiming it only after the body
  // arrived let ten copies sent at once all pass the "seen?" check while each read its body.
  const verifyHeaders: RequestHandler = async (req, res, next) => {
    const result = verifyRequest(
      { method: req.method, target: req.originalUrl, headers: req.headers },
      secret,
      maxAgeSeconds,
    );
    if (!result.ok) return refuse(res, result.reason);
    let fresh: boolean;
    try {
      fresh = await nonces.claim(result.nonce);
    } catch (error) {
      // Fail closed: a request whose freshness cannot be checked is not served.
      logger.error({ err: error }, 'could not check the signature nonce; request refused');
      res.status(503).json({
        errors: [
          { message: 'This partner cannot check requests right now.', extensions: { code: ErrorCode.Internal } },
        ],
      });
      return;
    }
    if (!fresh) return refuse(res, 'replayed nonce');
    res.locals.signed = result;
    next();
  };
  const verifyBody: RequestHandler = (req, res, next) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { digest } = res.locals.signed as { digest: string };
    if (!bodyMatches(body, digest)) return refuse(res, 'the body does not match its digest');
    const context = decodeRequestContext(req.headers[CONTEXT_HEADER] as string | undefined);
    if (!context) return refuse(res, 'missing or malformed consumer context');
    res.locals.requestContext = context;
    if (body.length === 0) {
      req.body = undefined;
      return next();
    }
    try {
      req.body = JSON.parse(body.toString('utf8'));
    } catch {
      res
        .status(400)
        .json({ errors: [{ message: 'The request body is not JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    next();
  };
  // The body is read as sent (no decompression): the digest covers exactly those bytes.
  return [verifyHeaders, express.raw({ type: () => true, limit: bodyLimit, inflate: false }), verifyBody];
}
