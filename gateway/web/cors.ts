import type { RequestHandler } from 'express';

/**
 * CORS for browser apps on other origins (GATEWAY_CORS_ORIGINS, none by default). A preflight
 * (OPTIONS) is answered here, before authentication: browsers send it without the app's headers,
 * so it can carry no API key. It says which of the trust headers an app may send; the real
 * request then carries them and is checked as any other. No cookies are involved, so
 * Access-Control-Allow-Credentials is never sent.
 */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'x-api-key',
  'x-purpose',
  'authorization',
  'x-transaction-id',
  'apollo-require-preflight',
];
// What a browser app may read of an answer besides the safelisted headers: a BI export's row count
// and, on a refusal, its error code (the body of a CSV refusal is not JSON).
export const CORS_EXPOSED_HEADERS = [
  'x-transaction-id',
  'retry-after',
  'x-buurtgraaf-expected-rows',
  'x-buurtgraaf-error-code',
];
const METHODS = 'GET, POST';
const MAX_AGE_SECONDS = 600;

/** Origins exactly as a browser sends them: scheme, host and port, no path or trailing slash. */
export function parseOrigins(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    const ok = typeof origin === 'string' && allowed.has(origin);
    if (ok) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
    }
    if (req.method !== 'OPTIONS') return next();
    // A preflight: answered without credentials, whether or not the origin may call.
    if (!ok) {
      res.status(403).json({
        errors: [
          {
            message: origin
              ? `The origin ${origin} may not call this gateway from a browser (GATEWAY_CORS_ORIGINS).`
              : 'OPTIONS is only answered for CORS preflights from an allowed origin.',
            extensions: { code: 'CORS_ORIGIN_NOT_ALLOWED' },
          },
        ],
      });
      return;
    }
    res.setHeader('access-control-allow-methods', METHODS);
    res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '));
    res.setHeader('access-control-max-age', String(MAX_AGE_SECONDS));
    res.status(204).end();
  };
}
