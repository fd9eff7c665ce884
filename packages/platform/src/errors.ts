import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The one registry of error codes a client of Buurtgraaf can see in `extensions.code`.
 * Apollo's own codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, ...) pass through unchanged.
 */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  PartnerUnavailable: 'PARTNER_UNAVAILABLE',
  /** A partner could not write its audit record, so it sent nothing (fail closed). */
  AuditUnavailable: 'AUDIT_UNAVAILABLE',
  Unauthenticated: 'UNAUTHENTICATED',
  /** A partner's policy does not let this consumer read this field for this purpose. */
  Forbidden: 'FORBIDDEN',
  PurposeRequired: 'PURPOSE_REQUIRED',
  PurposeUnknown: 'PURPOSE_UNKNOWN',
  PurposeNotAllowed: 'PURPOSE_NOT_ALLOWED',
  /** The operation could make the partners return more than the gateway's cost limit. */
  CostLimitExceeded: 'COST_LIMIT_EXCEEDED',
  /** The caller may only send trusted documents and this one is not in the manifest. */
  DocumentNotTrusted: 'DOCUMENT_NOT_TRUSTED',
  /** A well-formed area code that names no area (a BI export of GM9999 is a 404, not an empty file). */
  AreaNotFound: 'AREA_NOT_FOUND',
  /** The consumer sent more requests, or more cost, per minute than its role allows (429). */
  RateLimited: 'RATE_LIMITED',
  /** The OData feed was asked for a query option, operator or property it does not offer. */
  QueryOptionNotSupported: 'QUERY_OPTION_NOT_SUPPORTED',
  /** A BI series asked for a year, or a range of years, that some partner has no figures for. */
  YearNotAvailable: 'YEAR_NOT_AVAILABLE',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes whose message was written for the client and may be shown as is. */
export const PUBLIC_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.Internal),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BadUserInput, ...(argument ? { argument } : {}) },
  });
}

/**
 * The extensions a client may see, each written by us: which argument or field, which partner,
 * the cost and its limit, when to retry. Anything else (a partner's own keys, a stack trace) is
 * dropped, so a compromised or careless partner cannot pass data or markup to clients in them.
 */
export const PUBLIC_EXTENSIONS: ReadonlySet<string> = new Set([
  'code',
  'argument',
  'field',
  'partner',
  'serviceName',
  'cost',
  'limit',
  'retryAfterSeconds',
]);
/** Our own messages are one or two sentences; a partner's 1 MB message is cut. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * `formatError` for every server: errors we raised on purpose keep their message; anything else
 * (a driver error naming a table, a bug) becomes a bare INTERNAL_SERVER_ERROR so no SQL, stack or
 * address reaches a client. The original is handed to `log` so operators still see it.
 */
export function maskUnexpectedErrors(log: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const extensions = Object.fromEntries(
        Object.entries(formatted.extensions ?? {}).filter(([key]) => PUBLIC_EXTENSIONS.has(key)),
      );
      const message =
        formatted.message.length > MAX_MESSAGE_LENGTH
          ? `${formatted.message.slice(0, MAX_MESSAGE_LENGTH)}…`
          : formatted.message;
      return { ...formatted, message, extensions };
    }
    log(error);
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.Internal },
    };
  };
}
