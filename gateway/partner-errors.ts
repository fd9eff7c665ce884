import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, type Logger } from '@buurtgraaf/platform';

/**
 * A partner's errors as the gateway passes them on (issue 12: partner error text and extensions
 * passed through unchecked). Only codes from the kit's registry keep their message, and only as
 * one line of plain text of sensible length; extensions keep the code and the few keys partners
 * are known to set; anything else becomes a bare INTERNAL_SERVER_ERROR, the partner's original
 * going to the gateway's log. Both executors get the same errors, because this runs in the data
 * source they share.
 */
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.Internal));
/** Extension keys the kit sets: the argument a BAD_USER_INPUT is about, the field a FORBIDDEN refuses. */
const KNOWN_EXTENSIONS = ['argument', 'field'] as const;
const MAX_MESSAGE = 500;
const MAX_PATH = 64;
// Control characters and the bidirectional overrides that can make text read differently than it is.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const isPlainText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max && !UNPRINTABLE.test(value);

export function sanitisePartnerErrors(
  response: GatewayGraphQLResponse,
  partner: string,
  logger: Logger,
): GatewayGraphQLResponse {
  if (response.errors === undefined) return response;
  const errors = Array.isArray(response.errors) ? response.errors : [response.errors];
  return { ...response, errors: errors.map((error) => sanitise(error, partner, logger)) };
}

function sanitise(error: unknown, partner: string, logger: Logger): GraphQLFormattedError {
  const { message, path, extensions } = (
    typeof error === 'object' && error !== null ? error : {}
  ) as Partial<GraphQLFormattedError>;
  const code = extensions?.code;
  const cleanPath =
    Array.isArray(path) &&
    path.length <= MAX_PATH &&
    path.every((step) => Number.isInteger(step) || isPlainText(step, 200))
      ? { path }
      : {};
  if (typeof code !== 'string' || !KNOWN_CODES.has(code) || !isPlainText(message, MAX_MESSAGE)) {
    logger.warn(
      {
        partner,
        code: typeof code === 'string' ? code.slice(0, 100) : null,
        partnerMessage: String(message).slice(0, MAX_MESSAGE),
      },
      'partner error not passed on as sent',
    );
    return { message: 'Internal server error', ...cleanPath, extensions: { code: ErrorCode.Internal } };
  }
  const known = Object.fromEntries(
    KNOWN_EXTENSIONS.flatMap((key) => (isPlainText(extensions?.[key], 200) ? [[key, extensions?.[key]]] : [])),
  );
  return { message, ...cleanPath, extensions: { code, ...known } };
}
