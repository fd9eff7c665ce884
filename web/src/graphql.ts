/**
 * The page talks to the gateway only through trusted documents, by id: the ids are put in at
 * build time from schema/trusted-documents.json (web/build.ts), the texts never ship.
 */
declare const __DOCUMENT_IDS__: Record<string, string>;

export interface AppConfig {
  gatewayUrl: string;
  apiKey: string;
  purpose: string;
}

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; partner?: string; serviceName?: string };
}

export interface Answer<T> {
  data: T | null;
  errors: GraphQLError[];
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as AppConfig;
}

export async function run<T>(
  config: AppConfig,
  operation: string,
  variables: Record<string, unknown>,
): Promise<Answer<T>> {
  const id = __DOCUMENT_IDS__[operation];
  if (!id) throw new Error(`Geen vertrouwd document ${operation}`);
  const response = await fetch(config.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': config.apiKey, 'x-purpose': config.purpose },
    body: JSON.stringify({ documentId: `sha256:${id}`, variables }),
  });
  let body: { data?: T | null; errors?: GraphQLError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new Error(`De gateway antwoordde ${response.status} zonder leesbaar antwoord.`);
  }
  if (!body.data && body.errors?.length) {
    throw new Error(
      body.errors.map((error) => `${error.message} (${error.extensions?.code ?? response.status})`).join(' '),
    );
  }
  return { data: body.data ?? null, errors: body.errors ?? [] };
}
