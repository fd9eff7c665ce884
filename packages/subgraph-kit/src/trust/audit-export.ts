import { neutraliseFormula } from '@buurtgraaf/platform';
import type { Queryable } from '../database';

export interface AuditFilter {
  organisation?: string | undefined;
  consumer?: string | undefined;
  /** Inclusive days, YYYY-MM-DD, in UTC. */
  from?: string | undefined;
  to?: string | undefined;
  /**
   * An area code: records whose areas contain it or lie within it. A read of GM0344 (a whole
   * municipality) counts for BU03440112, and so does a read of that neighbourhood itself.
   */
  area?: string | undefined;
}

const COLUMNS = [
  'at',
  'transaction_id',
  'consumer',
  'organisation',
  'purpose',
  'operation_name',
  'document_hash',
  'subgraph_document_hash',
  'fields_read',
  'fields_denied',
  'outcome',
  'areas',
  'arguments',
] as const;

/**
 * RFC 4180: quote every field, double the quotes inside; fields read are space-separated. The
 * operation name is the client's choice, so no cell may start a spreadsheet formula.
 */
const csvField = (value: unknown) =>
  `"${neutraliseFormula(String(Array.isArray(value) ? value.join(' ') : (value ?? ''))).replace(/"/g, '""')}"`;

/** The partner's audit log for its privacy officer, filtered by consumer and period, as CSV or JSON. */
export async function exportAuditLog(db: Queryable, filter: AuditFilter, format: 'csv' | 'json'): Promise<string> {
  const rows = await db.query<Record<(typeof COLUMNS)[number], unknown>>(
    `select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, transaction_id, consumer, organisation, purpose,
            operation_name, document_hash, subgraph_document_hash, fields_read, fields_denied, outcome, areas, arguments
       from audit_log
      where ($1::text is null or organisation = $1) and ($2::text is null or consumer = $2)
        and ($3::date is null or at >= ($3::date)::timestamp at time zone 'UTC')
        and ($4::date is null or at < ($4::date + 1)::timestamp at time zone 'UTC')
        -- Codes nest by their digits (GM0344 > WK034401 > BU03440112), so compare them without the letters.
        and ($5::text is null or exists (select 1 from unnest(areas) a
              where substr($5, 3) like substr(a, 3) || '%' or substr(a, 3) like substr($5, 3) || '%'))
      order by at, id`,
    [filter.organisation ?? null, filter.consumer ?? null, filter.from ?? null, filter.to ?? null, filter.area ?? null],
  );
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  return (
    [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => csvField(row[column])).join(','))].join('\r\n') +
    '\r\n'
  );
}
