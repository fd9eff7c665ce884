import { encodeRequestContext, type RequestContext, CONTEXT_HEADER, signRequest } from '@buurtgraaf/protocol';
import { ANALYST_CONTEXT } from './trust';

export interface GraphQLResponse<Data = any> {
  status: number;
  headers: Headers;
  data?: Data;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

// Subgraphs started by the helpers, by URL: calls to them are signed as the gateway would sign them.
const signers = new Map<string, { secret: string; name: string }>();
export const registerSigner = (url: string, secret: string, name: string) => signers.set(url, { secret, name });
export const forgetSigner = (url: string) => signers.delete(url);

/** The headers the gateway would add to a request to a subgraph. */
export function gatewayHeaders(
  url: string,
  body: string,
  secret: string,
  name: string,
  context: RequestContext = ANALYST_CONTEXT,
) {
  const target = new URL(url);
  return signRequest(
    { method: 'POST', target: target.pathname + target.search, body, context: encodeRequestContext(context) },
    secret,
    name,
  );
}

/**
 * POSTs a GraphQL request the way a client would and returns status, headers and body. A call
 * to a subgraph the helpers started is signed like the gateway's, with `context` forwarded.
 */
export async function postGraphQL(
  url: string,
  body: { query: string; variables?: Record<string, unknown> | undefined; operationName?: string },
  headers: Record<string, string> = {},
  context?: RequestContext,
): Promise<GraphQLResponse> {
  const text = JSON.stringify(body);
  const signer = signers.get(url);
  const signed = signer && !headers.signature ? gatewayHeaders(url, text, signer.secret, signer.name, context) : {};
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signed, ...headers },
    body: text,
  });
  const raw = await response.text();
  try {
    return { status: response.status, headers: response.headers, ...(JSON.parse(raw) as object) };
  } catch {
    throw new Error(`Not JSON (${response.status}): ${raw.slice(0, 200)}`);
  }
}

export { CONTEXT_HEADER };
