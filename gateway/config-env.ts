import { join } from 'node:path';
import { z } from 'zod';
import { existingFile, logLevel, port, positiveInt, secretFile } from '@buurtgraaf/platform';
import { envPrefix } from '@buurtgraaf/protocol';
import { parseOrigins } from './web/cors';

/**
 * Every variable the gateway reads, with its type, default and description: loadGatewayConfig
 * (./config.ts) validates the environment against these once at start-up, and the configuration
 * reference (docs/reference/configuration.md) is generated from them.
 */

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://care:4003/graphql' });
const roleList = z.string().transform((value) =>
  value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean),
);
// housing-domstad is configured as SUBGRAPH_HOUSING_DOMSTAD_*: environment names take no hyphens.
export const upper = envPrefix;

export const gatewayEnvShape = {
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1').describe('address the gateway listens on'),
  GATEWAY_PORT: port(4000).describe('port of the gateway, 0 to 65535 (0 picks a free port)'),
  SUPERGRAPH_FILE: existingFile
    .default(join(__dirname, '..', 'schema', 'supergraph.graphql'))
    .describe('the composed supergraph the gateway loads; the file must exist'),
  /** Per subgraph fetch timeout; a partner slower than this is reported as unavailable. */
  GATEWAY_SUBGRAPH_TIMEOUT_MS: positiveInt(30_000).describe(
    "ceiling of one partner call; a partner that has not answered within this time, or within what is left of the operation's deadline if that is sooner, is reported as `PARTNER_UNAVAILABLE`",
  ),
  /** Budget of one /graphql operation; its partner calls inherit what is left of it. */
  GATEWAY_DEADLINE_MS: positiveInt(5_000).describe(
    'budget of a `/graphql` operation; its partner calls inherit what is left of it',
  ),
  /** Budget of an operation the gateway runs itself (a page of a BI export): bulk pulls take longer. */
  GATEWAY_BULK_DEADLINE_MS: positiveInt(60_000).describe(
    "budget of a BI export's page, and the most a client can ask for with `Prefer: wait=<seconds>`",
  ),
  /** Largest answer read from one partner call; the national insights pull is about 7 MB. */
  GATEWAY_SUBGRAPH_MAX_RESPONSE_BYTES: positiveInt(32 * 1024 * 1024).describe(
    'largest answer read from one partner call (32 MiB by default); a larger one is cut off and reported as `PARTNER_UNAVAILABLE`',
  ),
  GATEWAY_SUBGRAPH_MAX_IN_FLIGHT: positiveInt(64).describe(
    'most calls to one partner at once; more fail fast with `PARTNER_UNAVAILABLE`',
  ),
  GATEWAY_CONSUMERS_FILE: existingFile.describe(
    'the consumers file: purposes, consumers with hashed API keys, JWT issuer, public role (see the trust model)',
  ),
  GATEWAY_TRUSTED_CALLER_ROLE: z
    .string()
    .min(1)
    .default('trusted-caller')
    .describe('consumers with this role may bring their own `x-transaction-id`'),
  GATEWAY_INTROSPECTION_ROLES: roleList
    .default(['developer'])
    .describe("comma-separated roles that may introspect the gateway's schema"),
  GATEWAY_MAX_DEPTH: positiveInt(10).describe(
    'deepest selection an operation may have (introspection is exempt; it is limited by role)',
  ),
  GATEWAY_MAX_ALIASES: positiveInt(30).describe('most aliases in an operation, also on `__typename`'),
  GATEWAY_MAX_DIRECTIVES: positiveInt(20).describe('most directives in an operation'),
  GATEWAY_MAX_TOKENS: positiveInt(5_000).describe('most tokens in a document; more is a 400 parse error'),
  GATEWAY_MAX_COST: positiveInt(1_000_000).describe(
    'highest cost (fields times list sizes) an operation may have; more is a 400 `COST_LIMIT_EXCEEDED`',
  ),
  GATEWAY_ALLOW_BATCHED_REQUESTS: z
    .enum(['true', 'false'])
    .default('false')
    .describe('`true` accepts a JSON array of operations in one HTTP request'),
  GATEWAY_TRUSTED_DOCUMENTS_FILE: existingFile
    .default(join(__dirname, '..', 'schema', 'trusted-documents.json'))
    .describe('the manifest of trusted documents'),
  GATEWAY_ANY_DOCUMENT_ROLES: roleList
    .default(['*'])
    .describe(
      'comma-separated roles that may send any document; consumers with none of them may only run trusted documents (403 `DOCUMENT_NOT_TRUSTED`); `*` is everyone; set `developer` in production',
    ),
  GATEWAY_SUBGRAPH_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(5)
    .default(2)
    .describe('retries of a partner fetch after a connection error or 502/503/504, 0 to 5'),
  GATEWAY_SUBGRAPH_RETRY_BASE_MS: positiveInt(100).describe('first retry delay; it doubles, with jitter'),
  GATEWAY_SUBGRAPH_MAX_SOCKETS: positiveInt(64).describe('most open keep-alive connections per partner'),
  GATEWAY_BREAKER_FAILURES: positiveInt(5).describe(
    "consecutive failed or slow fetches (more than half the operation's budget) that open a partner's circuit breaker",
  ),
  // Short, so a partner that is back is used again within 2 s; a trial call a second costs a down partner nothing.
  GATEWAY_BREAKER_HALF_OPEN_MS: positiveInt(1_000).describe(
    'how long an open breaker waits before it tries the partner again, and how long a stuck trial call holds the next one back',
  ),
  GATEWAY_SUPERGRAPH_POLL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2_000)
    .describe('how often the supergraph file is checked for a new version; `0` turns hot reload off'),
  GATEWAY_SHUTDOWN_GRACE_MS: positiveInt(10_000).describe(
    'how long in-flight requests may finish after SIGTERM or SIGINT before connections are cut',
  ),
  // buurtgraaf: gateway/execution runs the plans; apollo: @apollo/gateway's own executor, kept as a way back.
  GATEWAY_EXECUTOR: z
    .enum(['buurtgraaf', 'apollo'])
    .default('buurtgraaf')
    .describe(
      "who runs query plans: `buurtgraaf` (the plan engine in `gateway/execution`) or `apollo` (@apollo/gateway's own executor, a way back if the engine ever answers differently; several times slower on large answers)",
    ),
  GATEWAY_DATASETS_DIR: z
    .string()
    .min(1)
    .default(join(__dirname, '..', 'schema', 'datasets'))
    .describe('the BI dataset mappings served under `/bi/v1`'),
  // Per consumer and minute; GATEWAY_RATE_LIMITS gives roles their own ({"analyst": {"requestsPerMinute": 600, "costPerMinute": 5000000}}).
  GATEWAY_RATE_LIMIT_REQUESTS_PER_MINUTE: positiveInt(1_200).describe(
    'HTTP requests per consumer and minute on `/graphql` and `/bi/v1` (one BI export counts once); more get 429 `RATE_LIMITED`',
  ),
  GATEWAY_RATE_LIMIT_COST_PER_MINUTE: positiveInt(20_000_000).describe(
    'summed operation cost per consumer and minute (BI pages included); more get 429 `RATE_LIMITED`',
  ),
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
    .pipe(
      z.record(
        z.string().min(1),
        z.strictObject({ requestsPerMinute: z.number().int().positive(), costPerMinute: z.number().int().positive() }),
      ),
    )
    .optional()
    .describe(
      'JSON with limits per role, `{"<role>": {"requestsPerMinute": n, "costPerMinute": n}}`; a consumer with several roles gets its most generous one, with none of them the two defaults above',
    ),
  GATEWAY_REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
    .optional()
    .describe(
      '`redis://` or `rediss://` URL of a Redis shared by the gateway replicas for the rate limits; not set: each replica counts in its own memory',
    ),
  GATEWAY_REDIS_KEY_PREFIX: z
    .string()
    .min(1)
    .default('buurtgraaf')
    .describe('prefix of the rate limit keys in that Redis, so several federations can share one'),
  // A page of neighbourhood-indicators costs about 91 per neighbourhood against GATEWAY_MAX_COST.
  GATEWAY_BI_PAGE_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(1000)
    .describe(
      'neighbourhoods per internal page of a BI export, which is what one export holds in memory; 1 to 10,000, because a page of `neighbourhood-indicators` costs about 91 per neighbourhood against `GATEWAY_MAX_COST`',
    ),
  // The DCAT description's IRIs: relative (resolved against its URL) unless the operator names the public URL.
  GATEWAY_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'the URL clients reach the gateway at (`https://buurtgraaf.example.nl`), for the absolute IRIs of the DCAT description at `/bi/v1/catalogue.jsonld`; unset, its IRIs are relative to that document',
    ),
  // DCAT-AP-NL asks every dataset for a contact point a catalogue's users can write to.
  GATEWAY_CONTACT_EMAIL: z
    .email()
    .optional()
    .describe(
      "the address data catalogues list as the datasets' contact point (`vcard:hasEmail` in `/bi/v1/catalogue.jsonld`), for example `data@gemeente.example.nl`; unset, the contact point has only the catalogue's URL",
    ),
  // Browser apps on these origins may call /graphql and /bi/v1 (CORS); none by default.
  GATEWAY_CORS_ORIGINS: z
    .string()
    .default('')
    .transform(parseOrigins)
    .pipe(
      z.array(
        z
          .url({
            protocol: /^https?$/,
            error: 'must be origins such as https://buurtprofiel.example.nl, comma-separated',
          })
          .refine((origin) => new URL(origin).origin === origin, 'an origin has no path, query or trailing slash'),
      ),
    )
    .describe(
      'comma-separated origins (`https://app.example.nl`, no path or trailing slash) whose browser apps may call `/graphql` and `/bi/v1`; none by default',
    ),
  // The offline GraphiQL explorer at /explorer, for the introspection roles; off unless 'on'.
  GATEWAY_EXPLORER: z
    .enum(['on', 'off'])
    .default('off')
    .describe('`on` serves the offline GraphiQL explorer at `/explorer` (`npm start` turns it on)'),
  // gzip or brotli by the client's Accept-Encoding; off for a proxy in front that compresses itself.
  GATEWAY_COMPRESSION: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      "`on` compresses answers of 1 KB or more (GraphQL, BI exports, OData pages and `$metadata`, metrics) with gzip or brotli when the client's `Accept-Encoding` asks for it, at fast levels (gzip 6, brotli 4) and flushed per BI page; `off` when a proxy in front compresses",
    ),
  GATEWAY_TLS_CLIENT_CERT_FILE: existingFile
    .optional()
    .describe(
      'with `GATEWAY_TLS_CLIENT_KEY_FILE`: the client certificate the gateway shows to partners that demand mutual TLS',
    ),
  GATEWAY_TLS_CLIENT_KEY_FILE: existingFile
    .optional()
    .describe('the key of `GATEWAY_TLS_CLIENT_CERT_FILE`; the two go together'),
  LOG_LEVEL: logLevel,
};

/** Where each partner of the partners file runs and the secret it shares with the gateway. */
export const partnerEnvShape = (names: readonly string[]) =>
  Object.fromEntries(
    names.flatMap((name) => [
      [
        `SUBGRAPH_${upper(name)}_URL`,
        httpUrl.optional().meta({
          description: 'where the gateway reaches that partner; http(s) only',
          shownDefault:
            'the URL in the supergraph (`http://localhost:<port>/graphql`, the port from `schema/partners.json`)',
        }),
      ],
      [
        `SUBGRAPH_${upper(name)}_SECRET_FILE`,
        secretFile.describe(
          'file with the secret (at least 32 characters) shared with that partner; every request to it is signed with it',
        ),
      ],
      [
        `SUBGRAPH_${upper(name)}_TLS_CA_FILE`,
        existingFile.optional().describe("the CA that signed an https partner's certificate"),
      ],
    ]),
  );
