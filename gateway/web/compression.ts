import { constants } from 'node:zlib';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Smaller answers (a refusal, one profile) gain little and cost a compressor each. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;
/** zlib's default: the whole-country JSON export 23x smaller for about 125 ms of CPU; level 1 halves the CPU and the gain (docs/operators.md). */
export const GZIP_LEVEL = 6;
/**
 * Brotli's own default, quality 11, spent about 40 s of CPU on the whole-country JSON export: fine
 * for a static file compressed once, far too slow for answers made per request. Quality 4 costs
 * about what gzip 6 does and is a little smaller (docs/operators.md has the figures).
 */
export const BROTLI_QUALITY = 4;

/**
 * gzip or brotli by the client's Accept-Encoding (`compression` picks, preferring brotli when the
 * client weighs both alike), `Vary: Accept-Encoding` on every answer that could be compressed.
 * Streamed BI exports compress themselves (bi/body.ts) and are left alone here.
 */
export function compress(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    level: GZIP_LEVEL,
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    filter: (req: Request, res: Response) => {
      if (res.locals[ENCODES_ITSELF] === true) return false;
      return compression.filter(req, res);
    },
  });
}

/** Set in `res.locals` by a handler that compresses its own stream (a BI export, see bi/body.ts). */
export const ENCODES_ITSELF = 'encodesItself';
