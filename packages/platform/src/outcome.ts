import type { GraphQLResponse } from '@apollo/server';

/** How a GraphQL answer ended: no errors, errors beside data, or errors without data. */
export type Outcome = 'ok' | 'partial' | 'error';

/** What request logs and metrics need from a response; never data, variables or the query. */
export interface ResponseSummary {
  outcome: Outcome;
  /** `extensions.code` of every error, in order, duplicates kept; `UNKNOWN` when a code is missing. */
  errorCodes: string[];
}

/**
 * Reads the answer as the client gets it (after formatError), so the codes are the public ones.
 * An incremental (@defer) answer is not enabled anywhere; it counts as ok once its first part is out.
 */
export function summarise(response: GraphQLResponse): ResponseSummary {
  if (response.body.kind !== 'single') return { outcome: 'ok', errorCodes: [] };
  const { data, errors = [] } = response.body.singleResult;
  const errorCodes = errors.map((error) =>
    typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN',
  );
  if (errorCodes.length === 0) return { outcome: 'ok', errorCodes };
  return { outcome: data === null || data === undefined ? 'error' : 'partial', errorCodes };
}

// A GraphQL Name (spec §2.1.9), bounded: what a well-behaved client sends as operationName.
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * The operation's name as the client chose it: the one Apollo resolved from the document, else
 * the `operationName` the client sent, but only when it is a plain GraphQL name. Anything else is
 * free text from the internet and stays out of logs.
 */
export function clientOperationName(
  resolved: string | null | undefined,
  sent: string | null | undefined,
): string | null {
  if (resolved) return resolved;
  return sent && NAME.test(sent) ? sent : null;
}
