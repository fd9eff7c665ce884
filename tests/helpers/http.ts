export interface GraphQLResponse<Data = any> {
  status: number;
  data?: Data;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs a GraphQL request the way any client would, and returns status and body. */
export async function postGraphQL(url: string, body: { query: string; variables?: Record<string, unknown> | undefined }, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as object) };
  } catch {
    throw new Error(`Not JSON (${response.status}): ${text.slice(0, 200)}`);
  }
}
