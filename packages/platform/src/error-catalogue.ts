import { ErrorCode } from './errors';

/**
 * What each `extensions.code` a client can see means, with its HTTP status: the source of
 * docs/reference/errors.md (npm run docs:references). It lives next to the registry so that a new
 * code cannot be added without saying what it means: the record over ErrorCode does not compile
 * with one missing, and tests/unit/docs-references.test.ts fails on a code used in the gateway or
 * the kit that is not listed here.
 */
export interface ErrorCodeDoc {
  /** The HTTP status of the whole answer, or how it depends on where the error arose. */
  status: string;
  when: string;
  action: string;
}

/** Buurtgraaf's own codes (the registry in errors.ts). */
export const OWN_CODES: Record<ErrorCode, ErrorCodeDoc> = {
  [ErrorCode.BadUserInput]: {
    status: '200 with the error beside the data when a partner refuses an argument; 400 for variables',
    when: "a malformed area code, a year outside the partner's data, `first` outside 1 to the maximum, or a cursor that was not passed back unchanged (`extensions.argument` names the argument); also a variable of the wrong type or a missing required variable, or a variable read by `@skip`/`@include` sent as `null`, named in the message",
    action: 'fix the argument or variable',
  },
  [ErrorCode.PartnerUnavailable]: {
    status: "200, with the other partners' data",
    when: "a partner refused the connection, timed out (`GATEWAY_SUBGRAPH_TIMEOUT_MS` or the operation's deadline), its circuit breaker is open, too many calls to it were in flight, its answer was too large, or it sent back something that is not GraphQL; `extensions.partner` names it. Its fields are `null`: missing, not zero",
    action: "retry later; the other partners' figures are in `data`",
  },
  [ErrorCode.AuditUnavailable]: {
    status: "200 at the gateway, with the other partners' data (the partner itself answers 503)",
    when: 'a partner could not write its audit record, so it sent nothing (it fails closed); `extensions.partner` names it',
    action: 'retry later',
  },
  [ErrorCode.Unauthenticated]: {
    status: '401',
    when: 'no API key or token, or one the gateway does not know; also what a subgraph answers to any request the gateway did not sign',
    action: 'send `x-api-key` or `Authorization: Bearer <jwt>`',
  },
  [ErrorCode.Forbidden]: {
    status: '200 with the field `null` and the rest of the answer; 403 for introspection',
    when: "a partner's policy does not let your organisation, role or purpose read a field (`extensions.field` names it, for example `Neighbourhood.careDemand`); also introspection without a role in `GATEWAY_INTROSPECTION_ROLES`",
    action: 'ask the partner for access',
  },
  [ErrorCode.PurposeRequired]: {
    status: '400',
    when: 'no `x-purpose` header (or, on `/bi/v1`, no `?purpose=`); the message lists the purposes you may use',
    action: 'declare one of them',
  },
  [ErrorCode.PurposeUnknown]: {
    status: '403',
    when: 'a purpose the federation does not know; the message lists the purposes you may use',
    action: 'declare one of them',
  },
  [ErrorCode.PurposeNotAllowed]: {
    status: '403',
    when: 'a purpose your consumer may not use; the message lists the purposes you may use',
    action: 'declare one of them, or ask for the purpose',
  },
  [ErrorCode.CostLimitExceeded]: {
    status: '400',
    when: 'the operation could return more values than `GATEWAY_MAX_COST` allows (every field counts 1, a list multiplies what is under it by its size); `extensions.cost` and `extensions.limit` give both numbers',
    action: 'ask for fewer fields, or page with a smaller `first`',
  },
  [ErrorCode.DocumentNotTrusted]: {
    status: '403',
    when: 'your consumer has none of the roles in `GATEWAY_ANY_DOCUMENT_ROLES`, so it may only run trusted documents, and the document sent is not one',
    action: 'send the `documentId` of a trusted document, or propose a new one',
  },
  [ErrorCode.AreaNotFound]: {
    status: '404 (BI exports under `/bi/v1`, in the `x-buurtgraaf-error-code` header)',
    when: 'a well-formed municipality or district code that no area has, such as `GM9999`: the export would otherwise be an empty file marked complete. A district outside the municipality given with it is a 400 `BAD_USER_INPUT`',
    action:
      'check the CBS code; the GraphQL query `municipalities { code districts { code } }` lists the areas there are',
  },
  [ErrorCode.YearNotAvailable]: {
    status: '400 (the `indicator-series` dataset under `/bi/v1` and `IndicatorSeries` in the OData feed)',
    when: "a year or a range of years (`year=2015-2024`) reaches a year some partner has no figures for; the message names the partner's years. Every year is checked before the first row goes out, so a series never stops midway for it",
    action: 'ask for the years in the message, or leave out `year` (every year all partners have)',
  },
  [ErrorCode.RateLimited]: {
    status: '429',
    when: 'more requests or more cost per minute than your role allows; `extensions.retryAfterSeconds` and the `retry-after` header say when to try again',
    action: 'wait, or ask for a higher limit',
  },
  [ErrorCode.QueryOptionNotSupported]: {
    status: '400',
    when: 'the OData feed (`/bi/odata/v4`) was asked for something it does not offer: `$orderby`, `$expand` or `$search`, or a `$filter` other than `eq` on the filterable properties joined by `and`',
    action: 'filter on the properties the message names, with `eq` and `and` only; sort and combine in the BI tool',
  },
  [ErrorCode.Internal]: {
    status: '200 beside the data, or 500',
    when: "an unexpected error, or a partner error that did not pass the gateway's checks; the details go to the server log only, never to the client",
    action: 'report it to whoever runs the server, with the `x-transaction-id` of the answer',
  },
};

/** Codes the gateway writes itself before GraphQL runs, outside the registry. */
export const GATEWAY_REFUSAL_CODES: Record<string, ErrorCodeDoc> = {
  UNDECLARED_VARIABLE: {
    status: '400',
    when: "a variable the operation does not declare, over POST or GET, by id or as text, for every consumer; the message names it (GraphQL itself would ignore it, so a misspelt variable would quietly give another area's figures)",
    action: 'send only the variables the document declares',
  },
  CORS_ORIGIN_NOT_ALLOWED: {
    status: '403',
    when: 'a browser preflight (`OPTIONS`) from an origin not in `GATEWAY_CORS_ORIGINS`; no CORS headers are sent',
    action: "ask the operator to list your app's origin",
  },
  PERSISTED_QUERY_NOT_FOUND: {
    status: '400',
    when: 'a `documentId` (or `extensions.persistedQuery.sha256Hash`) that is not in the trusted documents manifest',
    action: 'use an id from `schema/trusted-documents.json` of the deployed version',
  },
  BAD_REQUEST: {
    status: '400',
    when: "the request itself cannot be read: a body that is not JSON or over the size limit, both a `documentId` and a `query`, a GET that repeats a parameter or has invalid `extensions` JSON; also Apollo Server's CSRF prevention (a GET or a `text/plain` POST without a preflight header such as `apollo-require-preflight: true`)",
    action: 'fix the request',
  },
};

/** Codes Apollo Server and graphql-js write; they pass through unchanged. */
export const APOLLO_CODES: Record<string, ErrorCodeDoc> = {
  GRAPHQL_PARSE_FAILED: {
    status: '400',
    when: 'the document does not parse, or has more tokens than `GATEWAY_MAX_TOKENS`',
    action: 'fix the document',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: '400',
    when: 'the document does not validate against the schema, exceeds the depth, alias or directive limit (the message names the limit), or aliases a field to a name a `@requires` reads on that type',
    action: 'fix the document',
  },
  OPERATION_RESOLUTION_FAILURE: {
    status: '400',
    when: '`operationName` names no operation of the document, or a document with several operations came without one',
    action: 'name the operation to run',
  },
  PERSISTED_QUERY_NOT_SUPPORTED: {
    status: '400',
    when: "Apollo Server's answer to an automatic persisted query, which Buurtgraaf turns off; the gateway resolves document ids itself before Apollo sees them (see `PERSISTED_QUERY_NOT_FOUND`), so its clients should not meet this code",
    action: "send a trusted document's `documentId`",
  },
};
