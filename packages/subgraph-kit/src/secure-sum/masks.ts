import { createHash, createHmac } from 'node:crypto';

/**
 * Additive masking for a secure sum (after Bonawitz et al., "Practical Secure Aggregation", 2017,
 * without dropout recovery: a missing party makes the sum unavailable, never partial).
 *
 * Every pair of parties (each care provider, and the combiner as a party whose own value is 0)
 * shares a secret. For a block of cells, a party's mask is the sum over its peers of
 * ±HMAC-SHA512(pair secret, block id): + towards a peer whose id sorts after its own, - towards one before.
 * Each term appears once with + and once with -, so the masks of all parties add up to 0 modulo
 * 2^48, and the sum of the masked values is the sum of the values. Any set of values short of all
 * of them (the gateway lacks the combiner's; the combiner lacks none but each value is also masked
 * by the providers' pair secrets it does not hold) is uniformly random.
 */
export const MODULUS = 2 ** 48;
/** Bytes per value on the wire: 48 bits. */
const WIDTH = 6;
/** Values per PRF call: one HMAC-SHA512 gives 64 bytes, so ten 48-bit values (a year's 8 cells in one call). */
export const BLOCK_VALUES = 10;

export interface PairSecrets {
  /** This party's id (a care provider's partner id, or the combiner's). */
  self: string;
  /** The secret shared with each peer, by the peer's id. */
  peers: ReadonlyMap<string, string>;
}

/**
 * The parties of a secure sum, named in every cell id: a party whose partners file lists other
 * providers computes other masks, which then do not cancel, and the combiner refuses to unmask
 * (every share carries this hash).
 */
export function partySetHash(parties: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([...parties].sort()))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The id of a block of cells the masks are derived from: the party set, the area and the year. A
 * cell's id is its block's id and its place in the block (measure, then target group).
 */
export const blockId = (set: string, area: string, year: number) => `buurtgraaf-secure-sum-v1|${set}|${area}|${year}`;

/** `count` pseudo-random 48-bit values for one block from one key, the same on every side. */
export function prfValues(key: string, block: string, count: number): number[] {
  const values: number[] = [];
  for (let counter = 0; values.length < count; counter += 1) {
    const digest = createHmac('sha512', key).update(`${block}|${counter}`).digest();
    for (let offset = 0; offset + WIDTH <= digest.length && values.length < count; offset += WIDTH)
      values.push(digest.readUIntBE(offset, WIDTH));
  }
  return values;
}

const mod = (value: number) => ((value % MODULUS) + MODULUS) % MODULUS;

/** This party's masks for the `count` cells of a block: the sum over its peers, cancelling over all parties. */
export function masksOf(secrets: PairSecrets, block: string, count: number): number[] {
  const masks = new Array<number>(count).fill(0);
  for (const [peer, secret] of secrets.peers) {
    const sign = secrets.self < peer ? 1 : -1;
    const values = prfValues(secret, block, count);
    for (let index = 0; index < count; index += 1) masks[index] = mod(masks[index]! + sign * values[index]!);
  }
  return masks;
}

/** Adds masks to values modulo 2^48; values must be whole numbers of at least 0 below 2^48. */
export const addMod = (values: readonly number[], masks: readonly number[]) =>
  values.map((value, index) => mod(value + (masks[index] ?? 0)));

/** The wire form: 6 bytes per value, base64url. Looks like, and is, uniformly random bytes. */
export function encode(values: readonly number[]): string {
  const bytes = Buffer.alloc(values.length * WIDTH);
  values.forEach((value, index) => bytes.writeUIntBE(value, index * WIDTH, WIDTH));
  return bytes.toString('base64url');
}

export function decode(text: string): number[] {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length % WIDTH !== 0) throw new RangeError('a masked share is not a whole number of values');
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += WIDTH) values.push(bytes.readUIntBE(offset, WIDTH));
  return values;
}

/** The sum of several parties' masked values, cell by cell, modulo 2^48. */
export function sumShares(shares: readonly (readonly number[])[]): number[] {
  const length = shares[0]?.length ?? 0;
  const total = new Array<number>(length).fill(0);
  for (const share of shares)
    for (let index = 0; index < length; index += 1) total[index] = mod(total[index]! + share[index]!);
  return total;
}
