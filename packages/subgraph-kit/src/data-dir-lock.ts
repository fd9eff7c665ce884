import { randomBytes } from 'node:crypto';
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * An embedded database (PGlite) is a PostgreSQL whose only server is the process that opened it:
 * a second process opening the same folder writes past the first and corrupts it ("Aborted()" at
 * the next start). Every opener therefore takes this lock first; the file sits in the data folder
 * as postmaster.pid does in a server's.
 */
export const LOCK_FILE = 'buurtgraaf.lock';

interface Holder {
  pid: number;
  command: string;
  since: string;
  token: string;
}

/** A second opener of an embedded database: its message says who holds it and what to do. */
export class DatabaseInUseError extends Error {
  readonly code = 'DATABASE_IN_USE';
  constructor(
    readonly dataDir: string,
    readonly holder: Pick<Holder, 'pid' | 'command' | 'since'>,
  ) {
    super(
      `DATABASE_IN_USE: the embedded database in ${dataDir} is open in process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        `Stop that process first (Ctrl-C in npm start); to load data while a subgraph serves, run it on PostgreSQL (<PREFIX>_DATABASE_URL). ` +
        `If no such process runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
  }
}

/** Locks held by this process: a lock file naming our own pid that is not here is left from an earlier process with the same pid (a restarted container). */
const held = new Map<string, string>();
process.once('exit', () => {
  for (const [file, token] of held) release(file, token);
});

function readHolder(file: string): Holder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Holder;
  } catch {
    // Unreadable or half written: the writer died between open and write, or it is not ours.
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs under another user, which still holds the folder.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isStale = (file: string, holder: Holder | null) =>
  !holder || (holder.pid === process.pid ? !held.has(file) : !isRunning(holder.pid));

/** Takes the lock of `dataDir` or throws DatabaseInUseError; returns its release. */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  const holder: Holder = {
    pid: process.pid,
    command: basename(process.argv[1] ?? process.argv0),
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(holder));
      closeSync(fd);
      held.set(file, holder.token);
      return () => release(file, holder.token);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readHolder(file);
    if (!isStale(file, current)) throw new DatabaseInUseError(dataDir, current as Holder);
    unlinkSync(file);
  }
  throw new DatabaseInUseError(dataDir, readHolder(file) ?? { pid: 0, command: 'unknown', since: 'unknown' });
}

function release(file: string, token: string): void {
  if (held.get(file) !== token) return;
  held.delete(file);
  // Only our own lock: another process may have taken over one we were told was stale.
  if (readHolder(file)?.token === token) unlinkSync(file);
}
