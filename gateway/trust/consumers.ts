import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { hashApiKey } from '@buurtgraaf/protocol';

/**
 * Who may use the gateway: consumers with an API key (stored as its SHA-256, never in clear),
 * JWT issuers (HS256 and RS256, keys read from files: nothing is fetched), the purposes a
 * request may declare, and whether an unauthenticated public role exists.
 */
// Not starting with '-': in a spreadsheet that starts a formula, on a command line an option
// (`npm run audit -- --consumer -x`), and names travel into both.
export const name = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:][A-Za-z0-9._:-]*$/, "letters, digits and . _ : - only, not starting with '-'");
const consumersSchema = z.object({
  purposes: z.record(name, z.string().min(1)),
  consumers: z
    .array(
      z.object({
        id: name,
        organisation: name,
        roles: z.array(name).min(1),
        purposes: z.array(name).min(1),
        apiKeySha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex SHA-256 of the API key'),
      }),
    )
    .default([]),
  jwt: z
    .object({
      issuer: z.string().min(1),
      audience: z.string().min(1),
      hs256SecretFile: z.string().min(1).optional(),
      rs256PublicKeyFile: z.string().min(1).optional(),
    })
    .refine((jwt) => jwt.hs256SecretFile || jwt.rs256PublicKeyFile, 'needs hs256SecretFile or rs256PublicKeyFile')
    .optional(),
  public: z.object({ roles: z.array(name).min(1), purposes: z.array(name).min(1) }).optional(),
});

export interface Consumer {
  id: string;
  organisation: string;
  roles: string[];
  purposes: string[];
}

export interface ConsumerRegistry {
  purposes: Map<string, string>;
  byApiKey(apiKey: string): Consumer | null;
  jwt?: { issuer: string; audience: string; hs256Secret?: Uint8Array; rs256PublicKeyPem?: string };
  /** Only when the deployment opened it: the rights of a request without credentials. */
  publicConsumer: Consumer | null;
}

export function loadConsumers(file: string): ConsumerRegistry {
  const parsed = consumersSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `Consumers file ${file} is invalid:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
    );
  }
  const config = parsed.data;
  const purposes = new Map(Object.entries(config.purposes));
  const unknown = [...config.consumers.flatMap((c) => c.purposes), ...(config.public?.purposes ?? [])].filter(
    (p) => !purposes.has(p),
  );
  if (unknown.length > 0)
    throw new Error(`Consumers file ${file} grants purposes it does not define: ${[...new Set(unknown)].join(', ')}`);
  const keyed = config.consumers.map((consumer) => ({ consumer, hash: Buffer.from(consumer.apiKeySha256, 'hex') }));
  const relative = (path: string) => resolve(dirname(file), path);
  return {
    purposes,
    byApiKey(apiKey) {
      const hash = Buffer.from(hashApiKey(apiKey), 'hex');
      // Compare every entry in constant time so the answer's timing does not hint at a key.
      let found: Consumer | null = null;
      for (const entry of keyed) if (timingSafeEqual(entry.hash, hash)) found = withoutKey(entry.consumer);
      return found;
    },
    ...(config.jwt
      ? {
          jwt: {
            issuer: config.jwt.issuer,
            audience: config.jwt.audience,
            ...(config.jwt.hs256SecretFile ? { hs256Secret: hs256Secret(relative(config.jwt.hs256SecretFile)) } : {}),
            ...(config.jwt.rs256PublicKeyFile
              ? { rs256PublicKeyPem: readFileSync(relative(config.jwt.rs256PublicKeyFile), 'utf8') }
              : {}),
          },
        }
      : {}),
    publicConsumer: config.public
      ? { id: 'public', organisation: 'public', roles: config.public.roles, purposes: config.public.purposes }
      : null,
  };
}

const withoutKey = ({ id, organisation, roles, purposes }: Consumer & { apiKeySha256?: string }): Consumer => ({
  id,
  organisation,
  roles,
  purposes,
});

/** HS256 is only as strong as its secret; the same 32-character minimum as the partners' secrets. */
function hs256Secret(file: string): Uint8Array {
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`The HS256 secret in ${file} must be at least 32 characters`);
  return new TextEncoder().encode(secret);
}
