import type { Queryable } from '../database';
import type { RequestContext } from '@buurtgraaf/protocol';

export type AuditRecord = Pick<
  RequestContext,
  'transactionId' | 'consumer' | 'organisation' | 'purpose' | 'operationName' | 'documentHash'
> & {
  subgraphDocumentHash: string;
  read: string[];
  denied: string[];
  outcome: string;
  /** Area codes the request named (trust/scope.ts). */
  areas: string[];
  /** Every other argument, as `Type.field(name: value)`: years, target groups, page sizes. */
  arguments: string[];
};

const COLUMNS =
  'transaction_id, consumer, organisation, purpose, operation_name, document_hash, subgraph_document_hash, fields_read, fields_denied, outcome, areas, arguments';
const PER_RECORD = 12;
/** 12 parameters per record; PostgreSQL allows 65,535 per statement. */
const MAX_BATCH = 1_000;

interface Waiting {
  record: AuditRecord;
  done(error?: unknown): void;
}

/**
 * Writes audit records with group commit: a record that arrives while an insert is under way
 * waits for the next one, which takes every record that arrived meanwhile. Each caller still
 * learns whether its own record was committed before it answers (fail closed), but under load a
 * partner writes one statement and one commit per batch instead of one per request. A batch that
 * fails is retried record by record, so one bad record withholds only its own answer.
 */
export function auditWriter(db: Queryable): (record: AuditRecord) => Promise<void> {
  let queue: Waiting[] = [];
  let writing = false;

  const drain = async () => {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        await insert(
          db,
          batch.map((waiting) => waiting.record),
        );
        for (const waiting of batch) waiting.done();
      } catch (error) {
        if (batch.length === 1) batch[0]?.done(error);
        else
          for (const waiting of batch)
            await insert(db, [waiting.record]).then(
              () => waiting.done(),
              (own: unknown) => waiting.done(own),
            );
      }
    }
    writing = false;
  };

  return (record) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ record, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!writing) void drain();
    });
}

function insert(db: Queryable, records: AuditRecord[]) {
  const rows = records.map(
    (_, index) =>
      `(${Array.from({ length: PER_RECORD }, (__, column) => `$${index * PER_RECORD + column + 1}`).join(', ')})`,
  );
  return db.query(
    `insert into audit_log (${COLUMNS}) values ${rows.join(', ')}`,
    records.flatMap((record) => [
      record.transactionId,
      record.consumer,
      record.organisation,
      record.purpose,
      record.operationName,
      record.documentHash,
      record.subgraphDocumentHash,
      record.read,
      record.denied,
      record.outcome,
      record.areas,
      record.arguments,
    ]),
  );
}
