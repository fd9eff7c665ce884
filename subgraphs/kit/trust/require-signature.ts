import express, { type RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../errors';
import type { Logger } from '../logger';
import { decodeRequestContext } from './request-context';
import { bodyMatches, CONTEXT_HEADER, verifyRequest } from './signature';

export interface SignatureOptions {
  secret: string;
  /** How far the signature's creation time may lie from our clock, both ways. */
  maxAgeSeconds: number;
  bodyLimit: string;
  logger: Logger;
}

/**
 * Express middleware in front of a subgraph's /graphql: nothing is parsed or executed unless the
 * gateway signed the request. Refusals are 401 with extensions.code UNAUTHENTICATED; the reason
 * goes to the partner's log, not to the caller.
 */
export function requireGatewaySignature({ secret, maxAgeSeconds, bodyLimit, logger }: SignatureOptions): RequestHandler[] {
  // A nonce only needs remembering while its signature could still pass the age check.
  const seen = new LRUCache<string, true>({ max: 1_000_000, ttl: 2 * maxAgeSeconds * 1000 });
  const refuse = (res: express.Response, reason: string, message = 'Only the Buurtgraaf gateway may call this subgraph.') => {
    logger.warn({ reason }, 'refused unsigned or invalid request');
    res.status(401).json({ errors: [{ message, extensions: { code: ErrorCode.Unauthenticated } }] });
  };
  // First the headers: an unsigned request is refused before a byte of its body is read.
  const verifyHeaders: RequestHandler = (req, res, next) => {
    const result = verifyRequest({ method: req.method, target: req.originalUrl, headers: req.headers }, secret, maxAgeSeconds);
    if (!result.ok) return refuse(res, result.reason);
    if (seen.has(result.nonce)) return refuse(res, 'replayed nonce');
    res.locals.signed = result;
    next();
  };
  const verifyBody: RequestHandler = (req, res, next) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const { nonce, digest } = res.locals.signed as { nonce: string; digest: string };
    if (!bodyMatches(body, digest)) return refuse(res, 'the body does not match its digest');
    seen.set(nonce, true);
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
      res.status(400).json({ errors: [{ message: 'The request body is not JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    next();
  };
  // The body is read as sent (no decompression): the digest covers exactly those bytes.
  return [verifyHeaders, express.raw({ type: () => true, limit: bodyLimit, inflate: false }), verifyBody];
}
