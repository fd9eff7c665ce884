import { join } from 'node:path';
import { z } from 'zod';
import { SUBGRAPHS } from '../schema/subgraphs';
import type { OperationLimits } from './plugins/limits';
import type { ResilienceOptions } from './resilience';
import type { RateLimitOptions } from './trust/rate-limit';
import { parseOrigins } from './web/cors';
import { ConfigError, existingFile, logLevel, parseEnv, port, positiveInt, readSecret, secretFile } from '@buurtgraaf/platform';
import { envPrefix } from '@buurtgraaf/protocol';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://care:4003/graphql' });
const roleList = z
  .string()
  .transform((value) => value.split(',').map((role) => role.trim()).filter(Boolean));
// housing-domstad is configured as SUBGRAPH_HOUSING_DOMSTAD_*: environment names take no hyphens.
const upper = envPrefix;

const shape = {
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port(4000),
  SUPERGRAPH_FILE: existingFile.default(join(__dirname, '..', 'schema', 'supergraph.graphql')),
  /** Per subgraph fetch timeout; a partner slower than this is reported as unavailable. */
  GATEWAY_SUBGRAPH_TIMEOUT_MS: positiveInt(30_000),
  /** Budget of one /graphql operation; its partner calls inherit what is left of it. */
  GATEWAY_DEADLINE_MS: positiveInt(5_000),
  /** Budget of an operation the gateway runs itself (a page of a BI export): bulk pulls take longer. */
  GATEWAY_BULK_DEADLINE_MS: positiveInt(60_000),
  /** Largest answer read from one partner call; the national insights pull is about 7 MB. */
  GATEWAY_SUBGRAPH_MAX_RESPONSE_BYTES: positiveInt(32 * 1024 * 1024),
  GATEWAY_SUBGRAPH_MAX_IN_FLIGHT: positiveInt(64),
  GATEWAY_CONSUMERS_FILE: existingFile,
  GATEWAY_TRUSTED_CALLER_ROLE: z.string().min(1).default('trusted-caller'),
  GATEWAY_INTROSPECTION_ROLES: roleList.default(['developer']),
  GATEWAY_MAX_DEPTH: positiveInt(10),
  GATEWAY_MAX_ALIASES: positiveInt(30),
  GATEWAY_MAX_DIRECTIVES: positiveInt(20),
  GATEWAY_MAX_TOKENS: positiveInt(5_000),
  GATEWAY_MAX_COST: positiveInt(1_000_000),
  GATEWAY_ALLOW_BATCHED_REQUESTS: z.enum(['true', 'false']).default('false'),
  GATEWAY_TRUSTED_DOCUMENTS_FILE: existingFile.default(join(__dirname, '..', 'schema', 'trusted-documents.json')),
  GATEWAY_ANY_DOCUMENT_ROLES: roleList.default(['*']),
  GATEWAY_SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  GATEWAY_SUBGRAPH_RETRY_BASE_MS: positiveInt(100),
  GATEWAY_SUBGRAPH_MAX_SOCKETS: positiveInt(64),
  GATEWAY_BREAKER_FAILURES: positiveInt(5),
  // Short, so a partner that is back is used again within 2 s; a trial call a second costs a down partner nothing.
  GATEWAY_BREAKER_HALF_OPEN_MS: positiveInt(1_000),
  GATEWAY_SUPERGRAPH_POLL_MS: z.coerce.number().int().min(0).default(2_000),
  GATEWAY_SHUTDOWN_GRACE_MS: positiveInt(10_000),
  // buurtgraaf: gateway/execution runs the plans; apollo: @apollo/gateway's own executor, kept as a way back.
  GATEWAY_EXECUTOR: z.enum(['buurtgraaf', 'apollo']).default('buurtgraaf'),
  GATEWAY_DATASETS_DIR: z.string().min(1).default(join(__dirname, '..', 'schema', 'datasets')),
  // Per consumer and minute; GATEWAY_RATE_LIMITS gives roles their own ({"analyst": {"requestsPerMinute": 600, "costPerMinute": 5000000}}).
  GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE: positiveInt(1_200),
  GATEWAY_RATE_LIMIT_COST_PER_MINUTE: positiveInt(20_000_000),
  GATEWAY_RATE_LIMITS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().min(1), z.strictObject({ requestsPerMinute: z.number().int().positive(), costPerMinute: z.number().int().positive() })))
    .optional(),
  GATEWAY_REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  GATEWAY_REDIS_KEY_PREFIX: z.string().min(1).default('buurtgraaf'),
  // A page of neighbourhood-indicators costs about 91 per neighbourhood against GATEWAY_MAX_COST.
  GATEWAY_BI_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  // Browser apps on these origins may call /graphql and /bi/v1 (CORS); none by default.
  GATEWAY_CORS_ORIGINS: z.string().default('').transform(parseOrigins).pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be origins such as https://buurtprofiel.example.nl, comma-separated' }).refine((origin) => new URL(origin).origin === origin, 'an origin has no path, query or trailing slash'))),
  // The offline GraphiQL explorer at /explorer, for the introspection roles; off unless 'on'.
  GATEWAY_EXPLORER: z.enum(['on', 'off']).default('off'),
  GATEWAY_TLS_CLIENT_CERT_FILE: existingFile.optional(),
  GATEWAY_TLS_CLIENT_KEY_FILE: existingFile.optional(),
  LOG_LEVEL: logLevel,
};

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
  bi: { datasetsDir: string; pageSize: number };
  /** Per-consumer limits per minute, shared across replicas through Redis when one is configured. */
  rateLimits: RateLimitOptions;
  consumersFile: string;
  trustedCallerRole: string;
  introspectionRoles: string[];
  /** Origins whose browser apps may call the gateway (CORS); empty: none. */
  corsOrigins: string[];
  /** Whether /explorer serves the offline GraphiQL explorer. */
  explorer: boolean;
  logLevel: string;
  partners: Record<string, PartnerConnection>;
}

/** Where each partner of the partners file runs and the secret it shares with the gateway. */
const partnerShape = (names: readonly string[]) =>
  Object.fromEntries(
    names.flatMap((name) => [
      [`SUBGRAPH_${upper(name)}_URL`, httpUrl.optional()],
      [`SUBGRAPH_${upper(name)}_SECRET_FILE`, secretFile],
      [`SUBGRAPH_${upper(name)}_TLS_CA_FILE`, existingFile.optional()],
    ]),
  );

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env, partnerNames: readonly string[] = SUBGRAPHS.map(({ name }) => name)): GatewayConfig {
  const values = parseEnv({ ...shape, ...partnerShape(partnerNames) }, env) as Record<string, unknown>;
  const get = (key: string) => values[key] as string | undefined;
  const num = (key: string) => values[key] as number;
  const cert = get('GATEWAY_TLS_CLIENT_CERT_FILE');
  const key = get('GATEWAY_TLS_CLIENT_KEY_FILE');
  if (Boolean(cert) !== Boolean(key)) throw new ConfigError(['GATEWAY_TLS_CLIENT_CERT_FILE and GATEWAY_TLS_CLIENT_KEY_FILE go together']);
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
    bi: { datasetsDir: get('GATEWAY_DATASETS_DIR') as string, pageSize: num('GATEWAY_BI_PAGE_SIZE') },
    rateLimits: {
      default: { requestsPerMinute: num('GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE'), costPerMinute: num('GATEWAY_RATE_LIMIT_COST_PER_MINUTE') },
      byRole: (values.GATEWAY_RATE_LIMITS as RateLimitOptions['byRole'] | undefined) ?? {},
      redisUrl: get('GATEWAY_REDIS_URL'),
      keyPrefix: get('GATEWAY_REDIS_KEY_PREFIX') as string,
    },
    consumersFile: get('GATEWAY_CONSUMERS_FILE') as string,
    trustedCallerRole: get('GATEWAY_TRUSTED_CALLER_ROLE') as string,
    introspectionRoles: values.GATEWAY_INTROSPECTION_ROLES as string[],
    corsOrigins: values.GATEWAY_CORS_ORIGINS as string[],
    explorer: get('GATEWAY_EXPLORER') === 'on',
    logLevel: get('LOG_LEVEL') as string,
    partners,
  };
}
