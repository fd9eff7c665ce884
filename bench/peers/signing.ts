import { encodeRequestContext, type RequestContext, signRequest } from '@buurtgraaf/protocol';

/** Where a peer finds one partner, and the secret the partner only accepts requests signed with. */
export interface PartnerTarget {
  url: string;
  secret: string;
}
export type PartnerTargets = Record<string, PartnerTarget>;

/**
 * Peers authenticate no consumers, so they forward one fixed analyst context: the partners still
 * check it against their policy and write their audit record, as they do for our gateway.
 */
export const BENCH_CONTEXT: RequestContext = {
  transactionId: 'bench-transaction-0001',
  consumer: 'bench-analyst',
  organisation: 'bench',
  roles: ['analyst'],
  purpose: 'neighbourhood-planning',
  operationName: null,
  documentHash: null,
};
const ENCODED_CONTEXT = encodeRequestContext(BENCH_CONTEXT);

/** The headers our gateway adds to a partner call, made with the kit's own signing function. */
export function partnerHeaders(partner: string, target: PartnerTarget, body: string): Record<string, string> {
  const url = new URL(target.url);
  return signRequest(
    { method: 'POST', target: url.pathname + url.search, body, context: ENCODED_CONTEXT },
    target.secret,
    partner,
  );
}

/** Peers read the partners from one environment variable: a JSON object of name -> { url, secret }. */
export const PARTNERS_ENV = 'BENCH_PARTNERS';
export const partnersFromEnv = (env: NodeJS.ProcessEnv = process.env): PartnerTargets =>
  JSON.parse(env[PARTNERS_ENV] ?? '{}') as PartnerTargets;
