import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditRecord } from './audit-writer';

interface Waiting {
  line: string;
  done(error?: unknown): void;
}

/**
 * The audit log of a partner that keeps no database (insights): one JSON line per request,
 * appended to a file of its own. Not the process log: a log level (`LOG_LEVEL=warn` under
 * `npm start`) filtered those records away, and a log line cannot fail. Here each caller learns
 * whether its record reached the disk (written and fdatasync'ed) before it answers, so a full or
 * unwritable disk withholds the answer (fail closed). Lines that arrive while a write is under
 * way go together in the next one (group commit), as the database writer does.
 */
export interface AuditFileWriter {
  (record: AuditRecord): Promise<void>;
  /** Closes the file when the subgraph stops: Node 26 fails a process whose open FileHandle is garbage-collected. */
  close(): Promise<void>;
}

export function auditFileWriter(file: string): AuditFileWriter {
  let handle: Promise<FileHandle> | null = null;
  let queue: Waiting[] = [];
  let writing = false;
  const opened = () => (handle ??= mkdir(dirname(file), { recursive: true }).then(() => open(file, 'a', 0o640)));

  const drain = async () => {
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const fh = await opened();
        await fh.write(batch.map((waiting) => waiting.line).join(''));
        // A pipe or terminal (`/dev/stdout` in a container, whose runtime keeps the stream) cannot
        // be synced; the write itself succeeded or threw.
        await fh.datasync().catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EINVAL') throw error;
        });
        for (const waiting of batch) waiting.done();
      } catch (error) {
        // Open again next time: the operator may have fixed the folder, or rotated the file away.
        const broken = handle;
        handle = null;
        void broken
          ?.then(
            (fh) => fh.close(),
            () => undefined,
          )
          .catch(() => undefined);
        for (const waiting of batch) waiting.done(error);
      }
    }
    writing = false;
  };

  const write = (record: AuditRecord) =>
    new Promise<void>((resolve, reject) => {
      queue.push({
        line: `${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`,
        done: (error) => (error === undefined ? resolve() : reject(error)),
      });
      if (!writing) void drain();
    });
  const close = async () => {
    const open = handle;
    handle = null;
    await open?.then(
      (fh) => fh.close(),
      () => undefined,
    );
  };
  return Object.assign(write, { close });
}
