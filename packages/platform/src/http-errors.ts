import type { ErrorRequestHandler } from 'express';
import { ErrorCode } from './errors';
import type { Logger } from './logger';

/**
 * The last handler of an Express app: errors thrown before GraphQL runs (a body that is not JSON,
 * one over the size limit, an unknown charset) get a GraphQL-shaped JSON answer, like every other
 * refusal. Without it Express answers with an HTML page that, unless NODE_ENV is production,
 * holds the stack trace and the server's file paths, and prints that stack to stderr outside the
 * JSON log.
 */
export function answerHttpErrors(logger: Logger): ErrorRequestHandler {
  return (error: HttpError, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unexpected error outside GraphQL');
    else logger.debug({ status, type: error.type }, 'request refused before GraphQL');
    res.status(status).json({
      errors: [
        {
          message: messageFor(error, status),
          extensions: { code: status === 500 ? ErrorCode.Internal : 'BAD_REQUEST' },
        },
      ],
    });
  };
}

interface HttpError {
  status?: number;
  type?: string;
  limit?: number;
  charset?: string;
}

function messageFor(error: HttpError, status: number): string {
  switch (error.type) {
    case 'entity.parse.failed':
      return 'The request body is not valid JSON.';
    case 'entity.too.large':
      return error.limit
        ? `The request body is larger than the limit of ${error.limit} bytes.`
        : 'The request body is too large.';
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return 'The request body must be UTF-8 encoded.';
    default:
      return status === 500 ? 'Internal server error' : 'The request could not be read.';
  }
}
