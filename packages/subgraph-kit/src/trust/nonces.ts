import { LRUCache } from 'lru-cache';
import type { Database } from '../database';
import type { Logger } from '@buurtgraaf/platform';

/**
 * Where a subgraph remembers the signature nonces it accepted. `claim` answers true exactly once
 * per nonce, however many copies of a request arrive at once, and on however many replicas.
 */
export interface NonceStore {
  claim(nonce: string): Promise<boolean>;
}

/**
 * This process's memory: the check and the record are one synchronous step, so of concurrent
 * copies exactly one passes. A nonce only needs remembering while its signature could still pass
 * the age check (both ways, hence twice the age).
 */
export function memoryNonces(maxAgeSeconds: number): NonceStore & { claimNow(nonce: string): boolean } {
  const seen = new LRUCache<string, true>({ max: 1_000_000, ttl: 2 * maxAgeSeconds * 1000 });
  const claimNow = (nonce: string) => {
    if (seen.has(nonce)) return false;
    seen.set(nonce, true);
    return true;
  };
  return { claimNow, claim: async (nonce) => claimNow(nonce) };
}

// Expired nonces are deleted at most this often, by whichever request comes along.
const SWEEP_EVERY_MS = 60_000;

/**
 * The partner's own PostgreSQL, shared by all replicas (migration kit/0004): an insert that
 * conflicts on the primary key claims nothing, and PostgreSQL lets exactly one of concurrent
 * inserts of one key succeed. The memory store in front answers local copies without a round trip.
 */
export function postgresNonces(db: Database, maxAgeSeconds: number, logger: Logger): NonceStore {
  const local = memoryNonces(maxAgeSeconds);
  let lastSweep = Date.now();
  return {
    async claim(nonce) {
      if (!local.claimNow(nonce)) return false;
      const now = Date.now();
      if (now - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = now;
        db.query('select forget_expired_signature_nonces()').catch((error: unknown) =>
          logger.warn({ err: error }, 'could not forget expired signature nonces'),
        );
      }
      const expires = new Date(now + 2 * maxAgeSeconds * 1000).toISOString();
      const [row] = await db.query<{ claimed: boolean }>('select claim_signature_nonce($1, $2) as claimed', [
        nonce,
        expires,
      ]);
      return row?.claimed === true;
    },
  };
}

/** PostgreSQL can have replicas; PGlite is one process with one writer, so memory is the whole truth. */
export const nonceStoreFor = (db: Database | null, maxAgeSeconds: number, logger: Logger): NonceStore =>
  db?.kind === 'postgres' ? postgresNonces(db, maxAgeSeconds, logger) : memoryNonces(maxAgeSeconds);
