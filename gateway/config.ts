import { SUBGRAPHS } from '../schema/subgraphs';
import { gatewayEnvShape, partnerEnvShape, upper } from './config-env';
import type { OperationLimits } from './plugins/limits';
import type { ResilienceOptions } from './resilience';
import type { RateLimitOptions } from './trust/rate-limit';
import { ConfigError, parseEnv, readSecret } from '@buurtgraaf/platform';

export interface PartnerConnection {
  /** Where the partner really runs, when that differs from the URL in the supergraph. */
  url?: string;
  /** Shared with this partner only; signs every request to it. */
  secret: string;
  /** For https partners: the CA that signed the partner's certificate, and our client certificate. */
  tls?: { ca: string; cert?: string; key?: string };
}

export interface GatewayConfig {
  host: string;
  port: number;
  supergraphFile: string;
  /** How often the supergraph file is checked for a new version; 0 turns hot reload off. */
  supergraphPollMs: number;
  shutdownGraceMs: number;
  /** Who runs query plans: Buurtgraaf's engine (gateway/execution) or the stock @apollo/gateway executor. */
  executor: 'buurtgraaf' | 'apollo';
  subgraphTimeoutMs: number;
  /** Budget of a /graphql operation, and of one the gateway runs itself (BI pages). */
  deadlineMs: number;
  bulkDeadlineMs: number;
  subgraphMaxResponseBytes: number;
  subgraphMaxSockets: number;
  resilience: ResilienceOptions;
  limits: OperationLimits & { maxCost: number; allowBatchedRequests: boolean };
  trustedDocumentsFile: string;
  anyDocumentRoles: string[];
  /** The BI datasets under /bi/v1, and how many neighbourhoods each internal page fetches. */
  bi: { datasetsDir: string; pageSize: number; publicUrl: string | undefined; contactEmail: string | undefined };
  /** Per-consumer limits per minute, shared across replicas through Redis when one is configured. */
  rateLimits: RateLimitOptions;
  consumersFile: string;
  trustedCallerRole: string;
  introspectionRoles: string[];
  /** Origins whose browser apps may call the gateway (CORS); empty: none. */
  corsOrigins: string[];
  /** Whether /explorer serves the offline GraphiQL explorer. */
  explorer: boolean;
  /** Whether answers are compressed when the client asks for it (Accept-Encoding). */
  compression: boolean;
  logLevel: string;
  partners: Record<string, PartnerConnection>;
}

export function loadGatewayConfig(
  env: NodeJS.ProcessEnv = process.env,
  partnerNames: readonly string[] = SUBGRAPHS.map(({ name }) => name),
): GatewayConfig {
  const values = parseEnv({ ...gatewayEnvShape, ...partnerEnvShape(partnerNames) }, env) as Record<string, unknown>;
  const get = (key: string) => values[key] as string | undefined;
  const num = (key: string) => values[key] as number;
  const cert = get('GATEWAY_TLS_CLIENT_CERT_FILE');
  const key = get('GATEWAY_TLS_CLIENT_KEY_FILE');
  if (Boolean(cert) !== Boolean(key))
    throw new ConfigError(['GATEWAY_TLS_CLIENT_CERT_FILE and GATEWAY_TLS_CLIENT_KEY_FILE go together']);
  const partners = Object.fromEntries(
    partnerNames.map((name) => {
      const url = get(`SUBGRAPH_${upper(name)}_URL`);
      const ca = get(`SUBGRAPH_${upper(name)}_TLS_CA_FILE`);
      const connection: PartnerConnection = {
        secret: readSecret(get(`SUBGRAPH_${upper(name)}_SECRET_FILE`) as string),
        ...(url ? { url } : {}),
        ...(ca ? { tls: { ca, ...(cert && key ? { cert, key } : {}) } } : {}),
      };
      return [name, connection];
    }),
  );
  return {
    host: get('GATEWAY_HOST') as string,
    port: values.GATEWAY_PORT as number,
    supergraphFile: get('SUPERGRAPH_FILE') as string,
    supergraphPollMs: num('GATEWAY_SUPERGRAPH_POLL_MS'),
    shutdownGraceMs: num('GATEWAY_SHUTDOWN_GRACE_MS'),
    executor: get('GATEWAY_EXECUTOR') as GatewayConfig['executor'],
    subgraphTimeoutMs: num('GATEWAY_SUBGRAPH_TIMEOUT_MS'),
    deadlineMs: num('GATEWAY_DEADLINE_MS'),
    bulkDeadlineMs: num('GATEWAY_BULK_DEADLINE_MS'),
    subgraphMaxResponseBytes: num('GATEWAY_SUBGRAPH_MAX_RESPONSE_BYTES'),
    subgraphMaxSockets: num('GATEWAY_SUBGRAPH_MAX_SOCKETS'),
    resilience: {
      retries: num('GATEWAY_SUBGRAPH_RETRIES'),
      retryBaseMs: num('GATEWAY_SUBGRAPH_RETRY_BASE_MS'),
      breakerFailures: num('GATEWAY_BREAKER_FAILURES'),
      breakerHalfOpenMs: num('GATEWAY_BREAKER_HALF_OPEN_MS'),
      maxInFlight: num('GATEWAY_SUBGRAPH_MAX_IN_FLIGHT'),
    },
    limits: {
      maxDepth: num('GATEWAY_MAX_DEPTH'),
      maxAliases: num('GATEWAY_MAX_ALIASES'),
      maxDirectives: num('GATEWAY_MAX_DIRECTIVES'),
      maxTokens: num('GATEWAY_MAX_TOKENS'),
      maxCost: num('GATEWAY_MAX_COST'),
      allowBatchedRequests: get('GATEWAY_ALLOW_BATCHED_REQUESTS') === 'true',
    },
    trustedDocumentsFile: get('GATEWAY_TRUSTED_DOCUMENTS_FILE') as string,
    anyDocumentRoles: values.GATEWAY_ANY_DOCUMENT_ROLES as string[],
    bi: {
      datasetsDir: get('GATEWAY_DATASETS_DIR') as string,
      pageSize: num('GATEWAY_BI_PAGE_SIZE'),
      publicUrl: get('GATEWAY_PUBLIC_URL'),
      contactEmail: get('GATEWAY_CONTACT_EMAIL'),
    },
    rateLimits: {
      default: {
        requestsPerMinute: num('GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE'),
        costPerMinute: num('GATEWAY_RATE_LIMIT_COST_PER_MINUTE'),
      },
      byRole: (values.GATEWAY_RATE_LIMITS as RateLimitOptions['byRole'] | undefined) ?? {},
      redisUrl: get('GATEWAY_REDIS_URL'),
      keyPrefix: get('GATEWAY_REDIS_KEY_PREFIX') as string,
    },
    consumersFile: get('GATEWAY_CONSUMERS_FILE') as string,
    trustedCallerRole: get('GATEWAY_TRUSTED_CALLER_ROLE') as string,
    introspectionRoles: values.GATEWAY_INTROSPECTION_ROLES as string[],
    corsOrigins: values.GATEWAY_CORS_ORIGINS as string[],
    explorer: get('GATEWAY_EXPLORER') === 'on',
    compression: get('GATEWAY_COMPRESSION') === 'on',
    logLevel: get('LOG_LEVEL') as string,
    partners,
  };
}
