import { badUserInput } from '@buurtgraaf/platform';

// Cursors are opaque to clients so the ordering key can change without breaking them.
const PREFIX = 'v1:';

export function encodeCursor(key: string): string {
  return Buffer.from(PREFIX + key, 'utf8').toString('base64url');
}

/** Returns the key inside a cursor, or throws BAD_USER_INPUT; `isValidKey` guards against forged cursors. */
export function decodeCursor(cursor: string, isValidKey: (key: string) => boolean, argument = 'after'): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const key = decoded.slice(PREFIX.length);
  if (!decoded.startsWith(PREFIX) || !isValidKey(key)) {
    throw badUserInput('This cursor is not valid: pass the `endCursor` of a previous page unchanged.', argument);
  }
  return key;
}

/** Checks a requested page size against the configured maximum. */
export function assertPageSize(first: number, max: number, argument = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badUserInput(`\`${argument}\` must be between 1 and ${max}, got ${first}.`, argument);
  }
  return first;
}
